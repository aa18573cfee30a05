import Foundation
import Testing

/// `lth imp`, `lth stability` and `lth earlybird` from the command line, on small synthetic data.
@Suite struct RewindingCommandTests {
    static let small = ["--data", "synthetic:sphere?m=300&d=8&seed=1", "--samples", "200", "--width", "32,16", "--steps", "60",
                        "--batch", "50"]

    @Test func impRunsAndWritesItsTables() throws {
        let out = try LTHProcess.temporaryDirectory().appendingPathComponent("imp")
        let result = try LTHProcess.run(["imp"] + Self.small + ["--seeds", "0,1", "--levels", "2", "--rewind", "0,20",
                                                               "--no-controls", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(names.contains { $0.hasSuffix(".csv") } && names.contains { $0.hasSuffix(".svg") }, "\(names)")
    }

    @Test func earlyBirdRuns() throws {
        let result = try LTHProcess.run(["earlybird"] + Self.small + ["--checkpoints", "every:10", "--window", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.isEmpty)
    }

    @Test(arguments: [
        (["imp", "--densities", "0.5,0"], "--densities"),
        (["imp", "--densities", "1.5"], "--densities"),
        (["imp", "--rewind", "1000"], "rewind"),
        (["imp", "--seeds", "0"], "seed"),
        (["stability", "--copies", "1"], "copies"),
        (["earlybird", "--threshold", "0"], "--threshold"),
        (["earlybird", "--earlybird-density", "1.2"], "--earlybird-density"),
        (["imp", "--loss", "hinge"], "--loss"),
        (["rewinding", "--loss", "mse"], "--loss"),
        (["rewinding", "--loss", "Squared"], "'squared' and 'cross-entropy'"),
    ])
    func badInput(arguments: [String], mention: String) throws {
        let result = try LTHProcess.run([arguments[0]] + Self.small + Array(arguments.dropFirst()))
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.lowercased().contains(mention.lowercased()), "\(result.stderr)")
    }

    @Test func rewindingWritesOneGridRowPerRewindPoint() throws {
        let out = try LTHProcess.temporaryDirectory().appendingPathComponent("rewinding")
        let result = try LTHProcess.run(["rewinding"] + Self.small + ["--rewind", "40,0,20", "--levels", "2", "--no-controls",
                                                                     "--checkpoints", "every:10", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let csv = try String(contentsOf: out.appendingPathComponent("rewinding_grid.csv"), encoding: .utf8)
        let lines = csv.split(whereSeparator: \.isNewline).map(String.init)  // CSV rows end in CRLF
        let header = lines.first?.split(separator: ",").map(String.init) ?? []
        #expect(header.first == "rewind_iteration" && header.contains("matching_level_2") && header.contains("greedy_threshold"), "\(header)")
        #expect(lines.dropFirst().map { $0.split(separator: ",").first.map(String.init) ?? "" } == ["0", "20", "40"], "\(csv)")
        // Two hidden layers: t_hat says why it is empty; Theorem C gives no t* for an MLP.
        #expect(lines.dropFirst().allSatisfy { $0.contains("one hidden layer") && $0.contains("no t* for this MLP") }, "\(csv)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
        for name in ["rewinding_grid.md", "rewinding_grid.tex", "figure_accuracy_density.svg", "figure_instability.svg", "figure_mask_distance.svg"] {
            #expect(names.contains(name), "\(names)")
        }
    }

    @Test func rewindingMeasuresTHatForATwoLayerSquaredLossRunAndDrawsBothControls() throws {
        let out = try LTHProcess.temporaryDirectory().appendingPathComponent("two-layer")
        let result = try LTHProcess.run(["rewinding", "--data", "synthetic:sphere?m=300&d=8&seed=1", "--samples", "200", "--width", "64",
                                         "--loss", "squared", "--steps", "60", "--batch", "50", "--rewind", "0,20", "--levels", "1",
                                         "--checkpoints", "every:10", "--k", "20", "--epsilon", "0.22", "--controls",
                                         "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        func csv(_ name: String) throws -> [[String]] {
            try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
                .split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        }
        let grid = try csv("rewinding_grid.csv")
        let column = try #require(grid[0].firstIndex(of: "greedy_threshold"))
        let values = grid.dropFirst().map { $0[column] }
        let tHat = try #require(Int(values.first ?? ""), "\(grid)")
        #expect(values.allSatisfy { $0 == String(tHat) }, "\(values)")
        // t_hat is the first checkpoint of greedy_threshold.csv whose greedy loss meets eps (here after training started).
        let curve = try csv("greedy_threshold.csv")
        #expect(curve[0] == ["step", "dense_loss", "greedy_loss", "meets_epsilon"])
        let first = try #require(curve.dropFirst().first { $0[3] == "true" })
        #expect(first[0] == String(tHat) && tHat > 0, "\(curve)")
        #expect(grid[0].contains("reinitialization_matching_level_1") && grid[0].contains("random_pruning_matching_level_1"), "\(grid[0])")
        let svg = try String(contentsOf: out.appendingPathComponent("figure_accuracy_density.svg"), encoding: .utf8)
        #expect(svg.contains("random reinit, t = 0") && svg.contains("random reinit, t = 20") && svg.contains("random pruning, t = 20"))
    }

    @Test func rewindingHelpDocumentsTheLossAndTheControls() throws {
        // Help text is wrapped to the terminal width: compare with runs of white space collapsed.
        func words(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let result = try LTHProcess.run(["rewinding", "--help"])
        #expect(result.status == 0)
        let help = words(result.stdout)
        for text in ["--loss <loss>", "cross-entropy", "(values: squared, cross-entropy; default: squared)", "(default: 300)", "--controls", "t_hat", "greedy_threshold.csv"] {
            #expect(help.contains(text), "missing \(text)")
        }
        let imp = words(try LTHProcess.run(["imp", "--help"]).stdout)
        #expect(imp.contains("default: cross-entropy)") && imp.contains("(default: 300,100)"), "\(imp)")
    }

    @Test func rewindingRejectsARewindPointPastTheEnd() throws {
        let result = try LTHProcess.run(["rewinding"] + Self.small + ["--rewind", "0,61"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("--rewind") && result.stderr.contains("0...60"), "\(result.stderr)")
    }
}
