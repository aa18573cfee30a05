import Foundation
import Testing

@Suite struct SubsetSumCommandTests {
    @Test func strongWidthsWithAGivenConstant() throws {
        let result = try LTHProcess.run(["bounds", "strong", "--widths", "784,300,100,10", "--epsilon", "0.01",
                                         "--delta", "0.05", "--constant", "2", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("784"))
        // C log(d_{i-1} d_i l / min(eps, delta)) for the first pair, C = 2, l = 3.
        let expected = 2 * log(784.0 * 300 * 3 / 0.01)
        #expect(result.stdout.contains(String(format: "%.4f", expected).prefix(6)))
    }

    @Test func theoremsRemainTheDefaultOfBounds() throws {
        let plain = try LTHProcess.run(["bounds", "--samples", "10", "--width", "100", "--dim", "3", "--lambda0", "0.1", "--json"])
        let named = try LTHProcess.run(["bounds", "theorems", "--samples", "10", "--width", "100", "--dim", "3", "--lambda0", "0.1", "--json"])
        #expect(plain.status == 0 && named.status == 0)
        #expect(plain.stdout == named.stdout)
    }

    @Test(arguments: [
        (["bounds", "strong", "--widths", "784", "--epsilon", "0.1", "--constant", "2"], "--widths"),
        (["bounds", "strong", "--widths", "784,x", "--epsilon", "0.1", "--constant", "2"], "--widths"),
        (["bounds", "strong", "--widths", "784,10", "--epsilon", "1.5", "--constant", "2"], "--epsilon"),
        (["subsetsum", "measure", "--epsilon", "0.1", "--max-n", "40"], "26"),
    ])
    func badInput(arguments: [String], mention: String) throws {
        let result = try LTHProcess.run(arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(mention), "\(result.stderr)")
    }

    @Test func measureIsDeterministicUnderASeed() throws {
        let arguments = ["subsetsum", "measure", "--epsilon", "0.1,0.05", "--trials", "60", "--seed", "3", "--resamples", "50", "--json"]
        let first = try LTHProcess.run(arguments), second = try LTHProcess.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        // Everything but the wall-clock time is identical.
        func withoutTime(_ text: String) -> String {
            text.split(separator: "\n").filter { !$0.contains("\"seconds\"") }.joined(separator: "\n")
        }
        #expect(withoutTime(first.stdout) == withoutTime(second.stdout))
        #expect(first.stdout.contains("\"seconds\""))
    }
}

@Suite struct SubsetSumReportTests {
    @Test func measureWritesTablesAndFigures() throws {
        let directory = try LTHProcess.temporaryDirectory().appendingPathComponent("subsetsum")
        let result = try LTHProcess.run(["subsetsum", "measure", "--epsilon", "0.1,0.05,0.02", "--trials", "80",
                                         "--resamples", "40", "--out", directory.path])
        #expect(result.status == 0, "\(result.stderr)")
        for file in ["subsetsum.md", "subsetsum_probability_longtable.tex", "subsetsum_fit.tex", "subsetsum_probability.csv", "subsetsum_fit.csv",
                     "figure_subsetsum_probability.svg", "figure_subsetsum_probability.tex",
                     "figure_subsetsum_law.svg", "figure_subsetsum_law.tex"] {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path), "missing \(file)")
        }
        let csv = try String(contentsOf: directory.appendingPathComponent("subsetsum_fit.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("epsilon,log2_inverse_epsilon,n_required,n_fitted"))
        // No temporary file is left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(!names.contains { $0.contains("partial") })
    }
}
