import Engine
import Foundation

/// The LaTeX report of a check (`lth export report RUN_DIR`): one self-contained `article`
/// (landscape A4, as the tables are wide) with the provenance, the configuration and the runs,
/// the statements of Theorems A-C as in `Proofs/`, the agreement tables with booktabs rules
/// (`LaTeXTable`, a long table split into floats of at most `rowsPerFloat` rows, "continued"),
/// the four figures in pgfplots (`PGFPlotsFigure`) and the notes.
///
/// It needs texlive-latex-base, texlive-latex-recommended (booktabs), texlive-pictures
/// (pgfplots) and latexmk; Latin Modern is used when installed.
public enum CheckReport {
    /// The most rows of one table float: a float cannot break across pages, and about 30 rows of
    /// `\small` booktabs with a three-line caption fill a landscape A4 page with 2 cm margins.
    public static let rowsPerFloat = 30

    /// The Debian packages the report needs, for the message when latexmk is missing.
    public static let texPackages = "texlive-latex-base texlive-latex-recommended texlive-pictures latexmk"

    /// What `write` produced.
    public enum Outcome: Sendable, Equatable {
        /// The .tex and the compiled .pdf beside it.
        case compiled(tex: URL, pdf: URL)
        /// The .tex only; `reason` says why no PDF (compilation not asked for, or no latexmk).
        case texOnly(tex: URL, reason: String)
    }

    /// The document, to be written into `folder` (its provenance names the run relative to it).
    public static func document(_ source: ExportSource, folder: URL) -> String {
        let result = source.result
        let run = source.run
        var out = preamble(title: "lth check: theory against runs",
                           author: "lth \(result.provenance.toolkitVersion), configuration \(run.configHash)",
                           date: source.isPartial ? "partial: \(run.cells.count) of \(run.expectedRunCount) runs" : "complete: \(run.expectedRunCount) runs")
        out += LaTeXTable.escape(source.statusSentence) + "\n\n"

        out += provenanceSection(source.provenanceItems(relativeTo: folder))
        out += configurationMinipage(run.configuration.rows, width: 0.45)
        out += "\\begin{minipage}[t]{0.52\\linewidth}\n\\textbf{Runs}\\par\\smallskip\n\\begin{tabular}{rrlrr}\n\\toprule\n$m$ & seed & data checksum & $\\lambda_0$ cert. & seconds \\\\\n\\midrule\n"
        for row in source.runRows {
            let checksum: String = "\\texttt{\\footnotesize " + LaTeXTable.escape(row.checksum) + "}"
            let seconds: String = String(format: "%.1f", row.seconds)
            out += "\(row.samples) & \(row.seed) & \(checksum) & \(NumberFormat.latex(row.lambda0)) & \(seconds) \\\\\n"
        }
        out += "\\bottomrule\n\\end{tabular}\n\\end{minipage}\n\n"

        out += "\\section{The theorems}\n"
        out += "The statements the tables check, as in \\texttt{Proofs/} (the proofs, with every constant, are in \\texttt{Proofs/lth-proofs.pdf}). "
            + "Theorem~B is deterministic; Theorems~A and~C hold with the stated probability and only when $N\\ge N_{\\mathrm{req}}$ and $\\eta\\le\\eta_{\\max}$, which the tables report.\n\n"
        out += TheoremStatement.all.map(\.latex).joined(separator: "\n\n") + "\n\n"

        out += "\\clearpage\n\\section{Agreement tables}\n"
        out += LaTeXTable.escape(result.agreementSentence) + "\n\n"
        for (index, table) in result.tables(detail: false).enumerated() {
            // The first float shares its page with the section heading: a few rows fewer.
            let first = index == 0 ? rowsPerFloat - 5 : rowsPerFloat
            out += floats(table, captionSuffix: result.provenance.lossConventionSentence, firstRows: first).joined(separator: "\n")
            out += "\\clearpage\n"
        }

        out += "\\section{Figures}\n"
        for figure in result.figures {
            out += figureFloat(figure, caption: CheckNotebook.caption(figure.name))
        }
        if result.figures.isEmpty { out += "The run has no data for any figure yet.\n\n" }

        if !result.notes.isEmpty {
            out += "\\clearpage\n\\section{Notes}\n\\begin{itemize}\n"
            out += result.notes.map { "\\item " + LaTeXTable.escape($0) }.joined(separator: "\n") + "\n\\end{itemize}\n"
        }
        out += "\\end{document}\n"
        return out
    }

    /// The report preamble shared by every report (landscape A4, Latin Modern when installed,
    /// amsmath, booktabs, pgfplots 1.18, hyperref), the title block, through `\\maketitle`.
    /// The "Provenance" section: one bold label and its value per item.
    static func provenanceSection(_ items: [(label: String, value: String)]) -> String {
        var out = "\\section{Provenance}\n\\begin{itemize}\n"
        for item in items {
            out += "\\item \\textbf{" + LaTeXTable.escape(item.label) + ":} " + LaTeXTable.escape(item.value) + "\n"
        }
        return out + "\\end{itemize}\n\n"
    }

    /// The configuration as a booktabs key/value tabular in a top-aligned minipage of
    /// `width` times the line width, followed by `\\hfill`.
    static func configurationMinipage(_ rows: [(key: String, value: String)], width: Double) -> String {
        var out = "\\begin{minipage}[t]{\(width)\\linewidth}\n\\textbf{Configuration}\\par\\smallskip\n\\begin{tabular}{ll}\n\\toprule\nkey & value \\\\\n\\midrule\n"
        for row in rows {
            out += "\\texttt{" + LaTeXTable.escape(row.key) + "} & \\texttt{" + LaTeXTable.escape(row.value) + "} \\\\\n"
        }
        return out + "\\bottomrule\n\\end{tabular}\n\\end{minipage}\\hfill\n"
    }

    static func preamble(title: String, author: String, date: String) -> String {
        var out = #"""
            \documentclass[10pt]{article}
            \usepackage[T1]{fontenc}
            \usepackage[utf8]{inputenc}
            \IfFileExists{lmodern.sty}{\usepackage{lmodern}}{}
            \usepackage[a4paper,landscape,margin=2cm]{geometry}
            \usepackage{amsmath}
            \usepackage{amssymb}
            \usepackage{booktabs}
            \usepackage{graphicx}
            \usepackage{pgfplots}
            \pgfplotsset{compat=1.18}
            \usepackage[hidelinks]{hyperref}
            \setlength{\parindent}{0pt}
            \setlength{\parskip}{0.5\baselineskip}

            """#
        out += "\\title{" + LaTeXTable.escape(title) + "}\n"
        out += "\\author{" + LaTeXTable.escape(author) + "}\n"
        out += "\\date{" + LaTeXTable.escape(date) + "}\n"
        out += "\\begin{document}\n\\maketitle\n\n"
        return out
    }

    /// One figure float: the pgfplots picture (12 cm x 8 cm, enlarged by 1.3 to fill most of a
    /// landscape page), the caption "title: caption" and the label `fig:lth-<name>`.
    static func figureFloat(_ figure: Figure, caption: String) -> String {
        var out = "\\begin{figure}[htbp]\n\\centering\n"
        out += "\\scalebox{1.3}{%\n" + PGFPlotsFigure.render(figure) + "}\n"
        out += "\\caption{" + LaTeXTable.escape(figure.title.plain) + ": " + LaTeXTable.escape(caption) + "}\n"
        out += "\\label{fig:lth-" + figure.name.replacingOccurrences(of: "_", with: "-") + "}\n\\end{figure}\n\n"
        return out
    }

    /// One table as floats of at most `rowsPerFloat` rows (`firstRows` in the first): the first
    /// with the caption, the others titled "(continued)", the footnotes under the last.
    static func floats(_ table: Table, captionSuffix: String, firstRows: Int = rowsPerFloat) -> [String] {
        let first = max(1, min(firstRows, rowsPerFloat))
        var chunks = [Array(table.rows.prefix(first))]
        chunks += stride(from: first, to: table.rows.count, by: rowsPerFloat).map {
            Array(table.rows[$0..<min($0 + rowsPerFloat, table.rows.count)])
        }
        return chunks.enumerated().map { index, rows in
            let part = Table(name: index == 0 ? table.name : "\(table.name)_\(index + 1)",
                             title: index == 0 ? table.title : "\(table.title) (continued, part \(index + 1) of \(chunks.count))",
                             caption: index == 0 ? table.caption : "",
                             columns: table.columns, rows: rows,
                             footnotes: index == chunks.count - 1 ? table.footnotes : [])
            return LaTeXTable.render(part, captionSuffix: index == 0 ? captionSuffix : "")
        }
    }

    /// The path of latexmk on PATH, or nil.
    public static var latexmkPath: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { String($0) + "/latexmk" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Writes the document to `output` (a `.tex` path whose folder exists) and, with `compile`
    /// and latexmk on PATH, compiles it to the `.pdf` beside it. Compilation runs in a hidden
    /// folder beside the output; the .tex and .pdf are renamed into place only when latexmk
    /// succeeded, and the folder is removed in every case, so a failure leaves no file behind.
    /// - Throws: `ExportError.badOutput` / `.unwritable` naming the path, `.compileFailed` with
    ///   the first error line of the LaTeX log.
    public static func write(_ source: ExportSource, to output: URL, compile: Bool) throws -> Outcome {
        try OutputPath.check(output, pathExtension: "tex")
        return try write(document: document(source, folder: output.deletingLastPathComponent()), to: output, compile: compile)
    }

    /// Writes a LaTeX document `text` to `output` (checked by the caller with
    /// `OutputPath.check`) and compiles it as `write(_:to:compile:)` describes; shared by
    /// every report (`CheckReport`, `ReproduceReport`).
    static func write(document text: String, to output: URL, compile: Bool) throws -> Outcome {
        guard compile else {
            try AtomicFile.write(Data(text.utf8), to: output)
            return .texOnly(tex: output, reason: "compilation not asked for")
        }
        guard let latexmk = latexmkPath else {
            try AtomicFile.write(Data(text.utf8), to: output)
            return .texOnly(tex: output, reason: "latexmk is not on PATH; install TeX with 'make deps-tex' or 'apt-get install \(texPackages)', then run 'lth export report' again")
        }
        // compile folders of killed exports (their lock free) go; a live one is kept
        AtomicFile.removeAbandonedFolders(in: output.deletingLastPathComponent(),
                                          prefix: "." + output.lastPathComponent + AtomicFile.partialInfix, suffix: "-build",
                                          requiringMarker: false)
        let build = AtomicFile.temporaryURL(for: output, suffix: "-build")
        let manager = FileManager.default
        var buildLock: OutputFolderLock?
        defer {
            try? manager.removeItem(at: build)
            buildLock?.release()
        }
        let stem = output.deletingPathExtension().lastPathComponent
        let tex = build.appendingPathComponent(stem + ".tex")
        let pdf = build.appendingPathComponent(stem + ".pdf")
        do {
            try manager.createDirectory(at: build, withIntermediateDirectories: false)
            buildLock = try OutputFolderLock.acquire(build, mode: .exclusive)
            try Data(text.utf8).write(to: tex)
        } catch {
            throw ExportError.unwritable(path: output.path, reason: error.localizedDescription)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: latexmk)
        process.arguments = ["-pdf", "-interaction=nonstopmode", "-halt-on-error", "-outdir=" + build.path, tex.path]
        process.currentDirectoryURL = build
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw ExportError.compileFailed(path: output.path, line: "latexmk did not start (\(error.localizedDescription))")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0, manager.fileExists(atPath: pdf.path) else {
            let log = (try? String(contentsOf: build.appendingPathComponent(stem + ".log"), encoding: .utf8)) ?? ""
            let lines = log.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let first = lines.firstIndex { $0.hasPrefix("!") }
            let line = first.map { index in
                ([lines[index]] + lines[(index + 1)...].prefix(3).filter { $0.hasPrefix("l.") }).joined(separator: " ")
            } ?? "latexmk exited with status \(process.terminationStatus) and the log names no error"
            throw ExportError.compileFailed(path: output.path, line: line)
        }
        let pdfOutput = output.deletingPathExtension().appendingPathExtension("pdf")
        try AtomicFile.move(tex, to: output)
        try AtomicFile.move(pdf, to: pdfOutput)
        return .compiled(tex: output, pdf: pdfOutput)
    }
}
