import Engine
import Foundation
import Testing
@testable import Checker

/// Every LaTeX file the check writes (`CheckResult.exports`: the table fragments, the appendix
/// longtables, the pgfplots figures), the rewinding grid's table, `lth subsetsum measure`'s
/// files and (with Fashion-MNIST installed) `lth reproduce`'s, `\input` into a plain
/// one-column and a two-column `article` that load only the packages the fragments' first lines
/// name, as a reader of the paper would: bare fragments inside the reader's own `table` (or
/// `table*` when the fragment says it is full-width), `--latex-float` fragments as they are,
/// longtables as they are, figures inside a `figure` with `\linewidth` width. Each document
/// must compile with no error, no "Float too large" and no overfull box wider than 1pt.
@Suite struct LaTeXFragmentCompileTests {
    /// The .tex files of the example check and of a rewinding grid whose t* cells hold a sentence.
    static func files(float: Bool) -> [(name: String, contents: String)] {
        let grid = RewindingGrid(impRows: FigureTests.impRows, theoreticalThreshold: nil,
                                 theoreticalThresholdReason: "Theorem C is stated for the NTK two-layer network with +-1 labels; no t* for this MLP")
        let rewinding = [LaTeXTable.file(grid.table(), float: float),
                         ("figure_accuracy_density.tex", PGFPlotsFigure.render(RewindingFigures.accuracyAgainstDensity(FigureTests.impRows)))]
        let subsetSum = try! LuekerExperiment(epsilons: [0.1, 0.05, 0.02], trials: 40, maximumCount: 18, bootstrapResamples: 20).run()
            .exports(latexFloat: float)
        // The quick reproduce run of ReproduceExportTests (its figures share names with none of the others).
        let reproduce = (try? ReproduceExportTests.finished.get().result.exports(latexFloat: float)) ?? []
        return (CheckResult.example.exports(latexFloat: float) + rewinding + subsetSum + reproduce).filter { $0.name.hasSuffix(".tex") }
    }

    /// The document body that `\input`s each file.
    static func body(_ files: [(name: String, contents: String)], float: Bool, twoColumn: Bool) -> String {
        var body = ""
        for (name, contents) in files {
            let base = String(name.dropLast(4))
            if name.hasPrefix("figure_") {
                body += "\\begin{figure}[tbp]\n\\centering\n\\input{\(base)}\n\\caption{\(base.replacingOccurrences(of: "_", with: " "))}\n\\end{figure}\n"
            } else if float || contents.contains("\\begin{longtable}") {
                body += "\\input{\(base)}\n"
            } else {
                let environment = twoColumn && contents.contains("full-width table") ? "table*" : "table"
                body += "\\begin{\(environment)}[tbp]\n\\centering\n\\input{\(base)}\n\\end{\(environment)}\n"
            }
            body += "\\clearpage\n"
        }
        return body
    }

    /// The packages named on the fragments' first lines, loaded once each.
    static let preamble = """
        \\usepackage[T1]{fontenc}
        \\usepackage{booktabs}
        \\usepackage{longtable}
        \\usepackage{pgfplots}
        \\pgfplotsset{compat=1.18}

        """

    /// A one-column article holding `fragments` (as `LaTeXTable.fragment(_:float: true)` or
    /// longtables write them) one per page, loading the packages of `preamble`.
    static func standaloneDocument(_ fragments: [String]) -> String {
        "\\documentclass{article}\n" + preamble + "\\begin{document}\n" + fragments.joined(separator: "\n\\clearpage\n") + "\n\\end{document}\n"
    }

    /// Overfull boxes wider than 1pt, "Float too large" and errors in a LaTeX log.
    static func problems(inLog log: String) -> [String] {
        var found: [String] = []
        for line in log.split(separator: "\n").map(String.init) {
            if line.hasPrefix("!") || line.contains("Float too large") { found.append(line) }
            if let match = line.firstMatch(of: /Overfull \\[hv]box \(([0-9.]+)pt too (wide|high)\)/), let points = Double(match.1), points > 1 {
                found.append(line)
            }
        }
        return found
    }

    @Test func everyToolkitWritesFragments() {
        let names = Self.files(float: false).map(\.name)
        #expect(names.contains("rewinding_grid.tex") && names.contains { $0.hasPrefix("subsetsum_") })
        #expect(!hasFashionMNIST || names.contains("paper_plateau_fit.tex"), "the reproduce files are compiled too")
    }

    @Test func firstLinesNameThePackagesTheDocumentLoads() {
        for (name, contents) in Self.files(float: false) + Self.files(float: true) {
            let first = contents.prefix { $0 != "\n" }
            #expect(first.hasPrefix("% lth ") && first.contains("needs \\usepackage{"), "\(name): \(first)")
            for package in ["booktabs", "longtable", "pgfplots"] where first.contains(package) {
                #expect(Self.preamble.contains("{\(package)}"))
            }
            let code = contents.split(separator: "\n").filter { !$0.hasPrefix("%") }
            #expect(!code.contains { $0.contains("\\documentclass") || $0.contains("\\usepackage") }, "\(name) is a fragment")
        }
    }

    @Test(.enabled(if: Tool.path("latexmk") != nil, "needs latexmk and TeX Live with pgfplots (make deps-tex)"),
          arguments: [(false, false), (false, true), (true, false), (true, true)])
    func everyFragmentCompilesInOneAndTwoColumnArticles(float: Bool, twoColumn: Bool) throws {
        let latexmk = try #require(Tool.path("latexmk"))
        let dir = try Tool.temporaryDirectory()
        let keep = ProcessInfo.processInfo.environment["LTH_KEEP_FIGURES"] != nil
        defer { if keep { print("LaTeX documents kept in \(dir.path)") } else { try? FileManager.default.removeItem(at: dir) } }
        let files = Self.files(float: float)
        for (name, contents) in files { try Data(contents.utf8).write(to: dir.appendingPathComponent(name)) }
        let document = "\\documentclass[10pt\(twoColumn ? ",twocolumn" : "")]{article}\n" + Self.preamble
            + "\\begin{document}\n" + Self.body(files, float: float, twoColumn: twoColumn) + "\\end{document}\n"
        try Data(document.utf8).write(to: dir.appendingPathComponent("paper.tex"))
        let (status, output) = try Tool.run(latexmk, ["-pdf", "-interaction=nonstopmode", "-halt-on-error", "paper.tex"], in: dir)
        #expect(status == 0, "latexmk failed (float \(float), two columns \(twoColumn)):\n\(output.suffix(2000))")
        let log = try String(contentsOf: dir.appendingPathComponent("paper.log"), encoding: .isoLatin1)
        let problems = Self.problems(inLog: log)
        #expect(problems.isEmpty, "float \(float), two columns \(twoColumn): \(problems.joined(separator: "\n"))")
        // The whole document was typeset, and every \\ref of a fragment (a longtable naming its summary) resolves.
        #expect(log.contains("Output written on paper.pdf"))
        #expect(!log.contains("Reference `"), "float \(float), two columns \(twoColumn): a \\ref without its \\label")
    }

    /// `Experiments/paper/paper.tex` (what `make paper` compiles) against the files a check writes,
    /// laid out as in the repository (`runs/demo/report/` two levels above the paper).
    @Test(.enabled(if: Tool.path("latexmk") != nil, "needs latexmk and TeX Live with pgfplots (make deps-tex)"))
    func theExamplePaperSectionCompilesWithTheCheckOutputs() throws {
        let latexmk = try #require(Tool.path("latexmk"))
        let root = try Tool.temporaryDirectory()
        let keep = ProcessInfo.processInfo.environment["LTH_KEEP_FIGURES"] != nil
        defer { if keep { print("example paper kept in \(root.path)") } else { try? FileManager.default.removeItem(at: root) } }
        try CheckResult.example.write(to: root.appendingPathComponent("runs/demo/report"))
        let paper = root.appendingPathComponent("Experiments/paper")
        try FileManager.default.createDirectory(at: paper, withIntermediateDirectories: true)
        let source = ExportTests.repositoryRoot.appendingPathComponent("Experiments/paper/paper.tex")
        try FileManager.default.copyItem(at: source, to: paper.appendingPathComponent("paper.tex"))
        let (status, output) = try Tool.run(latexmk, ["-pdf", "-interaction=nonstopmode", "-halt-on-error", "paper.tex"], in: paper)
        #expect(status == 0, "latexmk failed on Experiments/paper/paper.tex:\n\(output.suffix(2000))")
        let log = try String(contentsOf: paper.appendingPathComponent("paper.log"), encoding: .isoLatin1)
        let problems = Self.problems(inLog: log)
        #expect(problems.isEmpty, "Experiments/paper/paper.tex: \(problems.joined(separator: "\n"))")
        #expect(!log.contains("Reference `") && !log.contains("undefined references"), "every \\ref resolves")
    }

    @Test func logProblemsAreFound() {
        let log = "Overfull \\hbox (0.5pt too wide) in paragraph\nOverfull \\hbox (12.3pt too wide) in alignment\nLaTeX Warning: Float too large for page by 1256pt on input line 3.\n! Undefined control sequence.\n"
        #expect(Self.problems(inLog: log).count == 3)
    }
}
