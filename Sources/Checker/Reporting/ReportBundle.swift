import Foundation

/// The one report bundle of the experiments' outputs (`lth imp`, `stability`, `earlybird`,
/// `rewinding`; `lth check` and `lth reproduce` add their own text reports and table order to
/// the same figure files and writer): for every table its CSV and Markdown (and, with
/// `latexTables`, its LaTeX fragment by `LaTeXTable.file`: a bare tabular for `\input`, in a
/// float with `latexFloat`, or a longtable), for every figure its SVG and pgfplots fragment (and
/// the PDF `FigurePDF` compiles from it), plus `extra` files; all written into `folder` together
/// or none (`FigurePDF.write`, on the one atomic writer).
public enum ReportBundle {
    /// For each figure, `<name>.svg` and its pgfplots fragment `<name>.tex`.
    public static func figureFiles(_ figures: [Figure]) -> [(name: String, contents: String)] {
        figures.flatMap { [($0.name + ".svg", SVGFigure.render($0)), ($0.name + ".tex", PGFPlotsFigure.render($0))] }
    }

    /// Writes the bundle and returns the files written.
    @discardableResult
    public static func write(tables: [Table], figures: [Figure], extra: [(name: String, contents: String)] = [],
                             latexTables: Bool = false, latexFloat: Bool = false, to folder: URL) throws -> [URL] {
        var files = extra
        for t in tables {
            files.append((t.name + ".csv", CSVTable.render(t)))
            files.append((t.name + ".md", MarkdownTable.render(t)))
            if latexTables { files.append(LaTeXTable.file(t, float: latexFloat)) }
        }
        return try FigurePDF.write(files + figureFiles(figures), to: folder)
    }
}
