import Engine
import Foundation

/// The LaTeX report of a `lth reproduce` run (`lth export report RUN_DIR` on a reproduce
/// folder): one self-contained `article` with the preamble of `CheckReport` (landscape A4,
/// booktabs, pgfplots): what the experiment tests (`ReproduceSource.claim`), the provenance, the
/// configuration and the cells, the three tables with booktabs rules (`LaTeXTable`, long tables
/// split into floats of at most `CheckReport.rowsPerFloat` rows, "continued"), and the figures
/// in pgfplots (`PGFPlotsFigure`). Written and compiled as `CheckReport.write` describes.
public enum ReproduceReport {
    /// The document, to be written into `folder` (its provenance names the run relative to it).
    public static func document(_ source: ReproduceSource, folder: URL) -> String {
        let result = source.result
        var out = CheckReport.preamble(title: "lth reproduce: pruned accuracy against pre-training iterations",
                                       author: "lth \(source.exporterVersion), configuration \(source.configHash)",
                                       date: "complete: \(result.cells.count) cells (m, seed)")
        out += LaTeXTable.escape(source.statusSentence) + "\n\n"

        out += "\\section{What the experiment tests}\n"
        out += ReproduceSource.claim.joined(separator: "\n\n") + "\n\n"

        out += CheckReport.provenanceSection(source.provenanceItems(relativeTo: folder))
        out += CheckReport.configurationMinipage(source.configuration.rows, width: 0.55)
        out += "\\begin{minipage}[t]{0.40\\linewidth}\n\\textbf{Cells}\\par\\smallskip\n\\begin{tabular}{rrl}\n\\toprule\n$m$ & seed & data checksum \\\\\n\\midrule\n"
        for row in source.cellRows {
            out += "\(row.samples) & \(row.seed) & \\texttt{\\footnotesize " + LaTeXTable.escape(row.checksum) + "} \\\\\n"
        }
        out += "\\bottomrule\n\\end{tabular}\n\\end{minipage}\n\n"

        out += "\\clearpage\n\\section{Tables}\n"
        for (index, table) in result.tables.enumerated() {
            // The first float shares its page with the section heading: a few rows fewer.
            let first = index == 0 ? CheckReport.rowsPerFloat - 5 : CheckReport.rowsPerFloat
            out += CheckReport.floats(table, captionSuffix: "", firstRows: first).joined(separator: "\n")
            out += "\\clearpage\n"
        }

        out += "\\section{Figures}\n"
        for figure in result.figures {
            out += CheckReport.figureFloat(figure, caption: ReproduceNotebook.caption(figure.name))
        }
        out += "\\end{document}\n"
        return out
    }

    /// Writes the document to `output` (a `.tex` path whose folder exists) and, with `compile`
    /// and latexmk on PATH, compiles it to the `.pdf` beside it (see `CheckReport.write`).
    /// - Throws: `ExportError.badOutput` / `.unwritable` naming the path, `.compileFailed`.
    public static func write(_ source: ReproduceSource, to output: URL, compile: Bool) throws -> CheckReport.Outcome {
        try OutputPath.check(output, pathExtension: "tex")
        return try CheckReport.write(document: document(source, folder: output.deletingLastPathComponent()), to: output, compile: compile)
    }
}
