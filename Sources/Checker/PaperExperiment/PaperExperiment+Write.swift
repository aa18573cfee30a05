import Engine
import Foundation

extension PaperExperimentResult {
    /// The provenance lines printed above the tables.
    public var headerLines: [String] {
        [
            "Training data: \(trainDescription) (subsets of m samples per seed)",
            "Test data: \(testDescription)",
            "Sizes m: \(configuration.sizes.map(String.init).joined(separator: ", ")); checkpoints: \(checkpointSteps.map(String.init).joined(separator: ", ")); subnetwork sizes k: \(configuration.subnetworkSizes.map(String.init).joined(separator: ", "))",
            setupSentence,
        ]
    }

    /// Every export, as (file name, contents), in this order: `tables.txt` (terminal), `tables.md`,
    /// `table.tex` (a standalone LaTeX document), one CSV per table (`paper_plateau_fit.csv`,
    /// `paper_plateau.csv`, `paper_pruned.csv`), and for each figure `<name>.svg` and a standalone
    /// pgfplots `<name>.tex`.
    public var exports: [(name: String, contents: String)] {
        let tables = self.tables
        var files: [(name: String, contents: String)] = [
            ("tables.txt", (headerLines + [""]).joined(separator: "\n") + "\n" + tables.map(TerminalTable.render).joined(separator: "\n\n") + "\n"),
            ("tables.md", markdown),
            ("table.tex", latex),
        ]
        files += tables.map { ($0.name + ".csv", CSVTable.render($0)) }
        for figure in figures {
            files.append((figure.name + ".svg", SVGFigure.render(figure)))
            files.append((figure.name + ".tex", PGFPlotsFigure.render(figure, standalone: true)))
        }
        return files
    }

    /// The Markdown report: a heading, the provenance as a list, then the tables.
    public var markdown: String {
        var blocks = ["# Pruned accuracy against pre-training iterations (Wolfe et al. 2021, on \(configuration.data))",
                      headerLines.map { "- " + MarkdownTable.escape($0) }.joined(separator: "\n")]
        blocks += tables.map(MarkdownTable.render)
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// A standalone LaTeX document (booktabs) with the provenance and every table.
    public var latex: String {
        var out = LaTeXTable.preamble + "\\section*{Pruned accuracy against pre-training iterations}\n\\begin{itemize}\n"
        for line in headerLines { out += "\\item " + LaTeXTable.escape(line) + "\n" }
        out += "\\end{itemize}\n\n"
        out += tables.map { LaTeXTable.render($0) }.joined(separator: "\n")
        out += "\\end{document}\n"
        return out
    }

    /// Writes `exports` into `directory` as one unit (see `AtomicFile.write(_:in:)`).
    /// - Returns: the URLs written, in the order of `exports`.
    /// - Throws: `OutputError.unwritable` naming the folder or file.
    @discardableResult
    public func write(to directory: URL) throws -> [URL] {
        try AtomicFile.write(exports, in: directory)
    }
}
