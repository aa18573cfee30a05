import Engine
import Foundation

extension CheckResult {
    /// Every export of the result, as (file name, contents), in this order:
    /// `tables.txt` (terminal), `tables.md`, one CSV per table (`theorem_a.csv`, `theorem_b.csv`,
    /// `theorem_b_summary.csv`, `theorem_c.csv`, `theorem_c_summary.csv`, `law_fits.csv`),
    /// `result.json`, the LaTeX tables (`latexFiles(float:)`), and for each figure of `figures`
    /// its `<name>.svg` and pgfplots fragment `<name>.tex` (`write` adds `<name>.pdf`).
    public func exports(latexFloat: Bool = false) -> [(name: String, contents: String)] {
        var files: [(name: String, contents: String)] = [
            ("tables.txt", TerminalTable.render(self)),
            ("tables.md", MarkdownTable.render(self)),
        ]
        files += CSVTable.files(self)
        files.append(("result.json", JSONReport.render(self)))
        files += latexFiles(float: latexFloat)
        return files + ReportBundle.figureFiles(figures)
    }

    /// Writes `exports(latexFloat:)` into `directory` atomically (see `ExportFolder.write(_:to:)`),
    /// then a PDF beside each SVG figure (`FigurePDF`, when rsvg-convert is installed).
    /// - Returns: the URLs written, in the order of the exports, then the PDFs.
    /// - Throws: `CheckerError.unwritable` naming the folder or file.
    @discardableResult
    public func write(to directory: URL, latexFloat: Bool = false) throws -> [URL] {
        try FigurePDF.write(exports(latexFloat: latexFloat), to: directory)
    }
}
