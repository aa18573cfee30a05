import Engine
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CheckResult {
    /// Every export of the result, as (file name, contents), in this order:
    /// `tables.txt` (terminal), `tables.md`, `table.tex` (standalone LaTeX), one CSV per table
    /// (`theorem_a.csv`, `theorem_b.csv`, `theorem_b_summary.csv`, `theorem_c.csv`,
    /// `theorem_c_summary.csv`, `law_fits.csv`), `result.json`, and for each figure of
    /// `figures` its `<name>.svg` and standalone pgfplots `<name>.tex`.
    public var exports: [(name: String, contents: String)] {
        var files: [(name: String, contents: String)] = [
            ("tables.txt", TerminalTable.render(self)),
            ("tables.md", MarkdownTable.render(self)),
            ("table.tex", LaTeXTable.render(self, standalone: true)),
        ]
        files += CSVTable.files(self)
        files.append(("result.json", JSONReport.render(self)))
        for figure in figures {
            files.append((figure.name + ".svg", SVGFigure.render(figure)))
            files.append((figure.name + ".tex", PGFPlotsFigure.render(figure, standalone: true)))
        }
        return files
    }

    /// Writes `exports` into `directory` as one unit (see `AtomicFile.write(_:in:)`).
    /// - Returns: the URLs written, in the order of `exports`.
    /// - Throws: `OutputError.unwritable` naming the folder or file.
    @discardableResult
    public func write(to directory: URL) throws -> [URL] {
        try AtomicFile.write(exports, in: directory)
    }
}
