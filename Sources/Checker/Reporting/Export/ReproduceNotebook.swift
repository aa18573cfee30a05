import Bounds
import Engine
import Foundation

/// The Jupyter notebook of a `lth reproduce` run (`lth export notebook RUN_DIR` on a reproduce
/// folder, see `ReproduceSource`):
///
/// 1. markdown: the title, the provenance (toolkit version, git commit at export, configuration
///    hash, training and test data, the setup), the configuration, the table of cells (m, seed,
///    data checksum) and what the experiment tests (`ReproduceSource.claim`);
/// 2. code: `RUN_DIR` (relative to the notebook, overridable by `LTH_RUN_DIR`) and the helpers of
///    `CheckNotebook.setupCode` (the CSV files are in `RUN_DIR` itself); a cell that reloads
///    configuration.json and the cells;
/// 3. code with outputs filled in: the tables (tables.md, rendered as Markdown) and the run's
///    figures (SVG);
/// 4. code: both figures redrawn with matplotlib from `paper_pruned.csv`, `paper_plateau.csv`
///    and `paper_plateau_fit.csv`.
///
/// `metadata.lth` records `kind` ("reproduce"), `config_hash`, `config_file` (when given),
/// `run_dir` (relative to the notebook's folder), `report_dir` (""), `toolkit_version`, `exporter_version`, `git_commit`, `partial`
/// (false), `runs_completed`, `runs_expected` (cells (m, seed)).
public enum ReproduceNotebook {
    /// The notebook of `source`, to be written into `folder`: it names the run by its path
    /// relative to `folder` (`RelativePath`), never by a path of this machine.
    public static func document(_ source: ReproduceSource, folder: URL) throws -> NotebookDocument {
        let result = source.result
        let directory = source.directory
        let runPath = RelativePath.of(directory, from: folder)
        var cells: [NotebookDocument.Cell] = []
        cells.append(.markdown("# lth reproduce: pruned accuracy against pre-training iterations\n\n"
            + "Exported by `lth export notebook` from the run folder `\(runPath)` (relative to this notebook). " + source.statusSentence + "\n\n"
            + "Sections: provenance and configuration, what the experiment tests, the tables and figures as the run wrote them, "
            + "then Python cells (`csv`, numpy and matplotlib only) that reload the run's CSV files and redraw both figures. "
            + "The notebook finds the run relative to its own folder, so the two can be moved together; "
            + "set the environment variable `LTH_RUN_DIR` (or `RUN_DIR_RELATIVE` in the first code cell) to read another copy of the run."))

        var provenance = ["## Provenance", ""]
        provenance += source.provenanceItems(relativeTo: folder).map { "- **\($0.label)**: \(CheckNotebook.markdownText($0.value))" }
        provenance += ["", "### Configuration", "", "| key | value |", "| :--- | :--- |"]
        provenance += source.configuration.rows.map { "| `\($0.key)` | `\($0.value.replacingOccurrences(of: "|", with: "\\|"))` |" }
        provenance += ["", "### Cells", "", "| m | seed | data checksum of the training subset |", "| ---: | ---: | :--- |"]
        provenance += source.cellRows.map { "| \($0.samples) | \($0.seed) | `\($0.checksum)` |" }
        cells.append(.markdown(provenance.joined(separator: "\n")))

        cells.append(.markdown("## What the experiment tests\n\n" + ReproduceSource.claim.joined(separator: "\n\n")))

        cells.append(.markdown("## Reloading the run\n\nEvery path is relative to `RUN_DIR`; the tables, CSV files and figures are in `RUN_DIR` itself."))
        cells.append(.code(CheckNotebook.setupCode(runDirectory: runPath, reportFolder: "")))
        cells.append(.code(dataCode))

        cells.append(.markdown("## Tables\n\nAs `lth reproduce` wrote them (`tables.md`); every column is in the CSV files."))
        let markdownTables = try CheckNotebook.read(directory, "tables.md")
        let terminalTables = try CheckNotebook.read(directory, "tables.txt")
        cells.append(.code("display(Markdown(read_text(\"tables.md\")))",
                           outputs: [.init([("text/markdown", markdownTables), ("text/plain", terminalTables)])]))

        cells.append(.markdown("## Figures as the run drew them\n\nThe SVG files of the run (the same figures are in pgfplots form, `figure_paper_*.tex`, for LaTeX)."))
        for figure in result.figures {
            let svg = try CheckNotebook.read(directory, figure.name + ".svg")
            cells.append(.markdown("**\(CheckNotebook.markdownText(figure.title.plain))** (`\(figure.name).svg`): \(caption(figure.name))"))
            cells.append(.code("display(SVG(filename=os.path.join(REPORT_DIR, \"\(figure.name).svg\")))",
                               outputs: [.init([("image/svg+xml", svg), ("text/plain", "<SVG: \(figure.name).svg>")])]))
        }

        cells.append(.markdown("## Redrawing the figures from the data\n\nEach cell reads the CSV files with `csv` and numpy and draws one figure with matplotlib, in the toolkit's colours and scales. Change them freely."))
        cells.append(.markdown("**(a) Pruned test accuracy against the pre-training iteration t** at k = `figureSubnetworkSize`, one colour per m (solid: greedy, dashed: fine-tuned), seed means from `paper_pruned.csv`."))
        cells.append(.code(accuracyCode))
        cells.append(.markdown("**(b) Plateau iteration against m** at the same k, per (m, seed) from `paper_plateau.csv`, with the fitted lines $t_{\\mathrm{plateau}}=\\alpha+\\beta\\ln m$ from `paper_plateau_fit.csv`."))
        cells.append(.code(plateauCode))

        var metadata: [(String, JSONValue)] = [
            ("kind", .string("reproduce")),
            ("config_hash", .string(source.configHash)),
        ]
        if let file = source.configFile { metadata.append(("config_file", .string(file))) }
        let expected = source.configuration.sizes.count * source.configuration.seeds.count
        metadata += [
            ("run_dir", .string(runPath)),
            ("report_dir", .string("")),
            ("toolkit_version", .string(source.exporterVersion)),
            ("exporter_version", .string(source.exporterVersion)),
            ("git_commit", source.gitCommit.map(JSONValue.string) ?? .null),
            ("partial", .bool(false)),
            ("runs_completed", .integer(result.cells.count)),
            ("runs_expected", .integer(expected)),
        ]
        return NotebookDocument(cells: cells, lthMetadata: metadata)
    }

    /// Builds the notebook of `source` and writes it to `output` (a `.ipynb` path whose folder
    /// exists) through a temporary file and a rename.
    /// - Throws: `ExportError.badOutput` / `.unwritable` naming the path.
    public static func write(_ source: ReproduceSource, to output: URL) throws {
        try OutputPath.check(output, pathExtension: "ipynb")
        let text = try document(source, folder: output.deletingLastPathComponent()).rendered()
        try AtomicFile.write(Data(text.utf8), to: output)
    }

    /// What each figure shows, one sentence.
    static func caption(_ name: String) -> String {
        switch name {
        case "figure_paper_accuracy": return "the pruned network's test accuracy (seed mean) against the pre-training iteration t, per m, before (solid) and after (dashed) fine-tuning."
        case "figure_paper_plateau": return "the plateau iteration of every (m, seed) against m (log scale) with the fitted lines alpha + beta ln m."
        default: return ""
        }
    }
}
