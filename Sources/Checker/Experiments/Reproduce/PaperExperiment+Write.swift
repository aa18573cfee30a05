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
    /// one CSV per table (`paper_plateau_fit.csv`, `paper_plateau.csv`, `paper_pruned.csv`), one
    /// LaTeX file per table (`LaTeXTable.file`: a fragment for `\input`, in a float with
    /// `latexFloat`, or `<name>_longtable.tex` past `LaTeXTable.floatRows` rows), and for each figure
    /// `<name>.svg` and a pgfplots fragment `<name>.tex` (`write` adds `<name>.pdf`).
    public func exports(latexFloat: Bool = false) -> [(name: String, contents: String)] {
        let tables = self.tables
        var files: [(name: String, contents: String)] = [
            ("tables.txt", (headerLines + [""]).joined(separator: "\n") + "\n" + tables.map(TerminalTable.render).joined(separator: "\n\n") + "\n"),
            ("tables.md", markdown),
        ]
        files += tables.map { ($0.name + ".csv", CSVTable.render($0)) }
        files += tables.map { LaTeXTable.file($0, float: latexFloat) }
        return files + ReportBundle.figureFiles(figures)
    }

    /// The Markdown report: a heading, the provenance as a list, then the tables.
    public var markdown: String {
        var blocks = ["# Pruned accuracy against pre-training iterations (Wolfe et al. 2021, on \(configuration.data))",
                      headerLines.map { "- " + MarkdownTable.escape($0) }.joined(separator: "\n")]
        blocks += tables.map(MarkdownTable.render)
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// Writes `exports` into `directory` atomically (see `ExportFolder.write(_:to:)`).
    /// - Returns: the URLs written, in the order of `exports`.
    /// - Throws: `CheckerError.unwritable` naming the folder or file.
    /// Then a PDF beside each SVG figure (`FigurePDF`, when rsvg-convert is installed).
    @discardableResult
    public func write(to directory: URL, latexFloat: Bool = false) throws -> [URL] {
        try FigurePDF.write(exports(latexFloat: latexFloat), to: directory)
    }
}
