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
        let files = CheckResult.example.latexFiles(float: false)
        // The compact tables (with their verdicts) for the paper, then every per-checkpoint and per-seed row for the appendix.
        #expect(files.map(\.name) == ["theorem_a_by_m.tex", "theorem_b_by_m_k.tex", "theorem_c_summary.tex", "kernel_threshold_summary.tex",
                                       "kernel_threshold_scaling.tex", "threshold_scaling.tex", "law_fits.tex",
                                       "theorem_a_longtable.tex", "theorem_b_summary_longtable.tex", "theorem_b_longtable.tex", "theorem_c_longtable.tex",
                                       "kernel_threshold_longtable.tex"])
        for name in ["theorem_a_by_m.tex", "theorem_b_by_m_k.tex", "theorem_c_summary.tex"] {
            #expect(files.first { $0.name == name }?.contents.contains("verdict") == true, "\(name) shows its verdicts")
        }
        for (name, tex) in files {
            #expect(tex.hasPrefix("% lth "), "\(name): the first line names the packages")
            #expect(tex.contains("\\toprule") && tex.contains("\\midrule") && tex.contains("\\bottomrule"))
            #expect(!tex.contains("\\documentclass") && !tex.contains("siunitx"))
            // No ASCII maths in captions, headers or notes.
            for ascii in ["||u", "eta lambda0", "lambda0", "t_hat", "<="] where !tex.split(separator: "\n").filter({ !$0.hasPrefix("%") }).allSatisfy({ !$0.contains(ascii) }) {
                Issue.record("\(name) contains ASCII maths '\(ascii)'")
            }
            try Golden.check(tex, against: name)
        }
        // A bare fragment has no label (the reader's float holds it), so no longtable refers to one.
        #expect(!files.contains { $0.contents.contains("\\ref{") })
        let floats = CheckResult.example.latexFiles(float: true)
        let a = try #require(floats.first { $0.name == "theorem_a_by_m.tex" }?.contents)
        #expect(a.contains("\\caption{") && a.contains("\\label{tab:lth-theorem-a-by-m}") && a.contains("\\begin{table"))
        let long = try #require(floats.first { $0.name == "theorem_a_longtable.tex" }?.contents)
        #expect(long.contains("\\begin{longtable}") && long.contains("\\endhead") && long.contains("\\label{tab:lth-theorem-a}"))
    }

    @Test func columnFormatsAlignDecimalPoints() {
        #expect(LaTeXColumnFormat(values: [0.25, 12.5, 3]) == .fixed(decimals: 4))
        #expect(LaTeXColumnFormat(values: [0.25, 12.5, 3]).render(12.5) == "$12.5000$")
        #expect(LaTeXColumnFormat(values: [1, 20, 300]) == .fixed(decimals: 0))
        let scientific = LaTeXColumnFormat(values: [1.5e-5, 2e3])
        #expect(scientific == .scientific(exponentDigits: 1, negativeExponents: true))
        #expect(scientific.render(2e3) == "$2.000\\times10^{3\\phantom{-}}$")
        #expect(scientific.render(1.5e-5) == "$1.500\\times10^{-5}$")
        #expect(scientific.render(9.9996e-5) == "$1.000\\times10^{-4}$")
        #expect(LaTeXColumnFormat(values: [.nan]).render(.infinity) == "$\\infty$")
    }

    @Test func asciiMathsBecomesLaTeX() {
        #expect(LaTeXMath.prose("Measured ||u(t)-y||^2 against (1 - eta lambda0/2)^t ||u(0)-y||^2") == "Measured $\\|u(t)-y\\|^2$ against $(1-\\eta\\lambda_0/2)^t\\|u(0)-y\\|^2$")
        #expect(LaTeXMath.prose("t_hat <= eps at m = 200 and the theta") == "$\\hat t$ $\\le$ $\\varepsilon$ at $m$ = 200 and the theta")
        #expect(LaTeXMath.prose("50% of k_1 & f(t)") == "50\\% of k\\_1 \\& f($t$)")
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
                                     "theoremC", "theoremCAggregates", "kernelThresholds", "lawFits", "thresholdScalings",
                                     "kernelThresholdScalings", "verdictSummary", "notes"])
        let kernel = try #require(object["kernelThresholds"] as? [[String: Any]])
        #expect(kernel.count == 6 && kernel.contains { $0["tKernelStatus"] as? String == "never" })
        let c = try #require(object["theoremC"] as? [[String: Any]])
        let m200 = try #require(c.first { ($0["m"] as? Int) == 200 })
        #expect(m200["tStar"] is NSNull)
        #expect((m200["noTStarReason"] as? String)?.hasPrefix("no threshold") == true)
        let provenance = try #require(object["provenance"] as? [String: Any])
        #expect(provenance["lossConvention"] as? String == "sum")
        let fits = try #require(object["lawFits"] as? [[String: Any]])
        #expect(fits.count == CheckResult.example.lawFits.count)
    }
}
