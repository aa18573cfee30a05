import Bounds
import Foundation
import Testing
@testable import Checker

@Suite struct FormatTests {
    @Test func terminalGolden() throws {
        let text = TerminalTable.render(.example)
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        try Golden.check(text, against: "terminal.txt")
    }

    @Test func markdownGolden() throws {
        try Golden.check(MarkdownTable.render(.example), against: "tables.md")
    }

    @Test func latexGolden() throws {
        let tex = LaTeXTable.render(.example, standalone: true)
        #expect(tex.contains("\\toprule") && tex.contains("\\midrule") && tex.contains("\\bottomrule"))
        #expect(tex.contains("\\label{tab:lth-theorem-a-by-m}"))
        #expect(tex.contains("Verdict") || tex.contains("verdicts (Theorem A)"))
        #expect(!tex.contains("siunitx"))
        try Golden.check(tex, against: "table.tex")
    }

    @Test func csvGolden() throws {
        for (name, contents) in CSVTable.files(.example) {
            try Golden.check(contents, against: name)
        }
    }

    @Test func numberFormats() {
        #expect(NumberFormat.short(0.000123456) == "0.0001235")
        #expect(NumberFormat.short(1.23456e-5) == "1.235e-05")
        #expect(NumberFormat.short(25) == "25")
        #expect(NumberFormat.latex(1.23456e-5) == "$1.235\\times10^{-5}$")
        #expect(NumberFormat.latex(-12345.6) == "$-1.235\\times10^{4}$")
        #expect(NumberFormat.latex(0.5) == "$0.5$")
        #expect(NumberFormat.full(0.1) == "0.1")
        #expect(Double(NumberFormat.full(1.0 / 3)) == 1.0 / 3)
        #expect(Table.human(.missing) == "--" && CSVTable.text(.missing) == "")
        #expect(Table.human(.integer(400)) == "400")
    }

    @Test func escaping() {
        #expect(LaTeXTable.escape("a_b & 50% $x$ #1 {y} ~ ^ \\") == "a\\_b \\& 50\\% \\$x\\$ \\#1 \\{y\\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{}")
        #expect(CSVTable.field("plain") == "plain")
        #expect(CSVTable.field("a,b") == "\"a,b\"")
        #expect(CSVTable.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVTable.field("two\nlines") == "\"two\nlines\"")
        #expect(MarkdownTable.escape("a|b") == "a\\|b")
        #expect(TerminalTable.ascii("lambda\u{2080} = 0.1") == "lambda? = 0.1")
    }

    @Test func csvHasFullPrecisionAndRFC4180Lines() throws {
        let files = Dictionary(uniqueKeysWithValues: CSVTable.files(.example).map { ($0.name, $0.contents) })
        let b = try #require(files["theorem_b.csv"])
        #expect(b.hasSuffix("\r\n"))
        let lines = b.components(separatedBy: "\r\n").dropLast()
        #expect(lines.count == 1 + CheckResult.example.theoremB.count)
        #expect(lines.first == "m,seed,t,k,pruned_loss,dense_loss,diameter,greedy_term,bound,trivial,verdict,reason,slack")
        // Every number reads back exactly.
        let row = CheckResult.example.theoremB.sorted { ($0.samples, $0.seed, $0.iteration, $0.subnetworkSize) < ($1.samples, $1.seed, $1.iteration, $1.subnetworkSize) }[0]
        let fields = lines[1].split(separator: ",").map(String.init)
        #expect(Double(fields[4]) == row.prunedLoss && Double(fields[7]) == row.greedyTerm)
        // Missing values are empty; a reason with commas is quoted.
        let c = try #require(files["theorem_c.csv"])
        #expect(c.contains(",,") || c.contains(",\r\n"))
        #expect(c.contains(",no threshold: eps = 2 does not exceed the greedy term 2.91 for k = 20; the smallest k with a threshold is 33\r\n"))
    }

    @Test func jsonIsOneValidObject() throws {
        let text = JSONReport.render(.example)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["provenance", "agreement", "checkpoints", "theoremA", "theoremB", "theoremBAggregates",
                                     "theoremC", "theoremCAggregates", "lawFits", "thresholdScalings", "verdictSummary", "notes"])
        let c = try #require(object["theoremC"] as? [[String: Any]])
        let m200 = try #require(c.first { ($0["m"] as? Int) == 200 })
        #expect(m200["tStar"] is NSNull)
        #expect((m200["noTStarReason"] as? String)?.hasPrefix("no threshold") == true)
        let provenance = try #require(object["provenance"] as? [String: Any])
        #expect(provenance["lossConvention"] as? String == "sum")
        let fits = try #require(object["lawFits"] as? [[String: Any]])
        #expect(fits.count == CheckResult.example.lawFits.count)
    }

    @Test func standaloneLaTeXCompiles() throws {
        guard let latexmk = Tool.path("latexmk") else { return }  // TeX not installed: nothing to check
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(LaTeXTable.render(.example, detail: true, standalone: true).utf8).write(to: dir.appendingPathComponent("table.tex"))
        let (status, output) = try Tool.run(latexmk, ["-pdf", "-interaction=nonstopmode", "-halt-on-error", "table.tex"], in: dir)
        #expect(status == 0, "latexmk failed:\n\(output.suffix(2000))")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("table.pdf").path))
    }
}
