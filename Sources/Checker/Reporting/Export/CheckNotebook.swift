import Bounds
import Engine
import Foundation

/// The Jupyter notebook of a check (`lth export notebook RUN_DIR`):
///
/// 1. markdown: the title and state (complete, or partial with how many runs), the provenance
///    (toolkit version, git commit if known, configuration hash, data set and checksums), the
///    configuration, the table of runs, and the statements of Theorems A-C in LaTeX math;
/// 2. code: `RUN_DIR` (the run folder relative to the notebook, overridable by `LTH_RUN_DIR`) and helpers; a cell that reloads
///    configuration.json, the cells and result.json;
/// 3. code with outputs filled in: the agreement tables (tables.md, rendered as Markdown) and
///    the run's four figures (SVG), each reloaded from the report folder when executed;
/// 4. code: the four figures redrawn with matplotlib from the CSV files.
///
/// `metadata.lth` records `kind` ("check"), `config_hash`, `config_file` (when given),
/// `run_dir` (relative to the notebook's folder), `report_dir`, `toolkit_version`, `exporter_version`, `git_commit`, `partial`,
/// `runs_completed`, `runs_expected`.
public enum CheckNotebook {
    /// The notebook of `source`, to be written into `folder`: it names the run by its path
    /// relative to `folder` (`RelativePath`), never by a path of this machine.
    public static func document(_ source: ExportSource, folder: URL) throws -> NotebookDocument {
        let result = source.result
        let run = source.run
        let runPath = RelativePath.of(run.directory, from: folder)
        var cells: [NotebookDocument.Cell] = []
        let title = "# lth check: theory against runs\n\n"
            + "Exported by `lth export notebook` from the run folder `\(runPath)` (relative to this notebook). " + source.statusSentence + "\n\n"
            + "Sections: provenance and configuration, the theorems, the agreement tables and figures as the run wrote them, "
            + "then Python cells (numpy and matplotlib only) that reload the run's files and redraw every figure. "
            + "The notebook finds the run relative to its own folder, so the two can be moved together; "
            + "set the environment variable `LTH_RUN_DIR` (or `RUN_DIR_RELATIVE` in the first code cell) to read another copy of the run."
        cells.append(.markdown(title))

        var provenance = ["## Provenance", ""]
        provenance += source.provenanceItems(relativeTo: folder).map { "- **\($0.label)**: \(markdownText($0.value))" }
        provenance += ["", "### Configuration", "", "| key | value |", "| :--- | :--- |"]
        provenance += run.configuration.rows.map { "| `\($0.key)` | `\($0.value.replacingOccurrences(of: "|", with: "\\|"))` |" }
        provenance += ["", "### Runs", "", "| m | seed | data checksum | certified lambda0 | seconds |", "| ---: | ---: | :--- | ---: | ---: |"]
        provenance += source.runRows.map { "| \($0.samples) | \($0.seed) | `\($0.checksum)` | \(NumberFormat.short($0.lambda0)) | \(String(format: "%.1f", $0.seconds)) |" }
        cells.append(.markdown(provenance.joined(separator: "\n")))

        cells.append(.markdown("## The theorems\n\nThe statements the tables check, as in `Proofs/` (proofs with every constant in `Proofs/lth-proofs.pdf`, `make proofs`). "
                               + "Theorem B is deterministic; Theorems A and C hold with the stated probability and only when $N\\ge N_{\\mathrm{req}}$ and $\\eta\\le\\eta_{\\max}$; the tables report both factors."))
        for theorem in TheoremStatement.all { cells.append(.markdown(theorem.markdown)) }

        let reportFolder = source.reportDirectory.lastPathComponent
        cells.append(.markdown("## Reloading the run\n\nEvery path is relative to `RUN_DIR`; the report files are in `RUN_DIR/\(reportFolder)/`."))
        cells.append(.code(setupCode(runDirectory: runPath, reportFolder: reportFolder)))
        cells.append(.code(dataCode))

        cells.append(.markdown("## Agreement tables\n\nAs `lth check` printed them (`\(reportFolder)/tables.md`); every column, and the per-seed rows, are in the CSV files and `result.json`."))
        let markdownTables = try read(source.reportDirectory, "tables.md")
        let terminalTables = try read(source.reportDirectory, "tables.txt")
        cells.append(.code("display(Markdown(read_text(\"tables.md\")))",
                           outputs: [.init([("text/markdown", markdownTables), ("text/plain", terminalTables)])]))

        cells.append(.markdown("## Figures as the run drew them\n\nThe SVG files of `\(reportFolder)/` (the same figures are in pgfplots form, `figure_*.tex`, for LaTeX)."))
        for figure in result.figures {
            let svg = try read(source.reportDirectory, figure.name + ".svg")
            cells.append(.markdown("**\(markdownText(figure.title.plain))** (`\(figure.name).svg`): \(caption(figure.name))"))
            cells.append(.code("display(SVG(filename=os.path.join(REPORT_DIR, \"\(figure.name).svg\")))",
                               outputs: [.init([("image/svg+xml", svg), ("text/plain", "<SVG: \(figure.name).svg>")])]))
        }

        cells.append(.markdown("## Redrawing the figures from the data\n\nEach cell reads the CSV files with `csv` and numpy and draws one figure with matplotlib, in the toolkit's colours and scales. Change them freely."))
        cells.append(.markdown("**(a) Pruned loss against the pre-training iteration t**, one line per m, at the largest k (mean over seeds, bars from the smallest to the largest seed), from `theorem_b_summary.csv`."))
        cells.append(.code(prunedLossCode))
        cells.append(.markdown("**(b) Dense residual against Theorem A**: measured $\\lVert u(t)-y\\rVert^2$ and the prediction $\\rho^t\\lVert u(0)-y\\rVert^2$ per m, from `theorem_a.csv`."))
        cells.append(.code(denseLossCode))
        cells.append(.markdown("**(c) Threshold $\\hat t$ against m** with the law the censored fits favour by AIC among $\\alpha+\\beta\\ln m$, $\\alpha+\\beta m$ and $c\\,m^\\beta$ (from `threshold_scaling.csv`; the runs from `theorem_c.csv`)."))
        cells.append(.code(thresholdLawCode))
        cells.append(.markdown("**(d) Pruned loss against k** with the fitted power law $\\ell_k=c\\,k^{-\\gamma}$ (from `law_fits.csv`; the losses from `theorem_b.csv`)."))
        cells.append(.code(lossLawCode))

        if !result.notes.isEmpty {
            cells.append(.markdown("## Notes\n\n" + result.notes.map { "- " + markdownText($0) }.joined(separator: "\n")))
        }

        var metadata: [(String, JSONValue)] = [
            ("kind", .string("check")),
            ("config_hash", .string(run.configHash)),
        ]
        if let file = source.configFile { metadata.append(("config_file", .string(file))) }
        metadata += [
            ("run_dir", .string(runPath)),
            ("report_dir", .string(reportFolder)),
            ("toolkit_version", .string(result.provenance.toolkitVersion)),
            ("exporter_version", .string(source.exporterVersion)),
            ("git_commit", source.gitCommit.map(JSONValue.string) ?? .null),
            ("partial", .bool(source.isPartial)),
            ("runs_completed", .integer(run.cells.count)),
            ("runs_expected", .integer(run.expectedRunCount)),
        ]
        return NotebookDocument(cells: cells, lthMetadata: metadata)
    }

    /// Builds the notebook of `source` and writes it to `output` (a `.ipynb` path whose folder
    /// exists) through a temporary file and a rename.
    /// - Throws: `ExportError.badOutput` / `.unwritable` naming the path.
    public static func write(_ source: ExportSource, to output: URL) throws {
        try OutputPath.check(output, pathExtension: "ipynb")
        let text = try document(source, folder: output.deletingLastPathComponent()).rendered()
        try AtomicFile.write(Data(text.utf8), to: output)
    }

    /// What each figure shows, one sentence.
    static func caption(_ name: String) -> String {
        switch name {
        case "figure_pruned_loss": return "the pruned loss of the greedy subnetwork against the pre-training iteration t, per m."
        case "figure_dense_loss": return "the dense residual against Theorem A's geometric bound, per m (an extrapolation where the theorem is out of scope)."
        case "figure_threshold_law": return "the empirical threshold against m with the law the censored fits favour (by AIC)."
        case "figure_loss_law": return "the pruned loss against the subnetwork size k with the fitted power law."
        default: return ""
        }
    }

    /// Markdown-safe text: `|`, `*`, `_` and backticks escaped, line breaks folded.
    static func markdownText(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "|", "*", "_", "`", "<", ">": out += "\\" + String(c)
            case "\n", "\r", "\r\n": out += " "
            default: out.append(c)
            }
        }
        return out
    }

    static func read(_ directory: URL, _ name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ExportError.notARun(path: directory.deletingLastPathComponent().path, reason: "\(url.path) is missing")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
