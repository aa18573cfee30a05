import Foundation
import Testing
@testable import Checker

/// Whether Debian's Fashion-MNIST (the data of `PaperExperimentConfiguration.quick`) is installed.
let hasFashionMNIST = FileManager.default.fileExists(atPath: "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")

/// `lth export` of a `lth reproduce` folder: detection by configuration.json, the notebook
/// (nbformat 4.5, validated with nbformat and executed with nbconvert when installed), the LaTeX
/// report (compiled with latexmk when installed), the configuration hash, and bad input (a run
/// in progress, an export file that is not the cells', a configuration file that is not the run's).
/// The run is `PaperExperimentConfiguration.quick` on Fashion-MNIST (m = 200, 400; one seed).
@Suite(.serialized, .enabled(if: hasFashionMNIST, "needs Debian's dataset-fashion-mnist"))
struct ReproduceExportTests {

    /// One finished quick run, made once per test process; tests work on copies of it.
    static let finished: Result<(directory: URL, result: PaperExperimentResult), any Error> = Result {
        let directory = try TheoryExperimentTests.temporaryDirectory().appendingPathComponent("reproduce")
        let result = try PaperExperiment(configuration: .quick, outputFolder: directory).runInFolder()
        try result.write(to: directory)
        return (directory, result)
    }

    /// A fresh copy of the finished run and its result.
    static func finishedRun() throws -> (directory: URL, result: PaperExperimentResult) {
        let (original, result) = try finished.get()
        let copy = try TheoryExperimentTests.temporaryDirectory().appendingPathComponent("reproduce")
        try FileManager.default.copyItem(at: original, to: copy)
        return (copy, result)
    }

    static func source(_ directory: URL, configFile: String? = nil) throws -> ReproduceSource {
        try ReproduceSource(runDirectory: directory, exporterVersion: "test", gitCommit: "0123456789ab", configFile: configFile)
    }

    static func cellSource(_ cell: [String: Any]) -> String { ((cell["source"] as? [String]) ?? []).joined() }

    // MARK: Detection and the configuration hash

    @Test func aReproduceFolderIsToldApartFromACheck() throws {
        let (directory, _) = try Self.finishedRun()
        #expect(ReproduceSource.isReproduceFolder(directory))
        let (check, _) = try ExportTests.finishedRun()
        #expect(!ReproduceSource.isReproduceFolder(check))
        #expect { try Self.source(check) } throws: { error in
            guard let error = error as? ExportError, case .notARun = error else { return false }
            return error.description.contains("lth reproduce")
        }
        // The check reader refuses the reproduce folder as before.
        #expect(throws: ExportError.self) { try ExportTests.source(directory) }
        // An empty object is not a reproduce configuration, even though every key has a default.
        let empty = try TheoryExperimentTests.temporaryDirectory()
        try Data("{}".utf8).write(to: empty.appendingPathComponent("configuration.json"))
        #expect(!ReproduceSource.isReproduceFolder(empty))
        // A run written before the keys were the flags' names (camelCase keys) is still one.
        let older = try TheoryExperimentTests.temporaryDirectory()
        var object = try #require(try JSONSerialization.jsonObject(with: Data(PaperExperimentConfiguration.quick.json.utf8)) as? [String: Any])
        for (old, new) in PaperExperimentConfiguration.renamedKeyPairs { object[old] = object.removeValue(forKey: new) }
        try JSONSerialization.data(withJSONObject: object).write(to: older.appendingPathComponent("configuration.json"))
        #expect(ReproduceSource.isReproduceFolder(older))
    }

    @Test func theHashIgnoresTheCommentAndNothingElse() throws {
        let quick = PaperExperimentConfiguration.quick
        var other = quick
        other.comment = "another comment"
        #expect(other.hash == quick.hash)
        #expect(quick.hash.count == 16 && quick.hash.allSatisfy(\.isHexDigit))
        var changes: [PaperExperimentConfiguration] = []
        for edit in [{ (c: inout PaperExperimentConfiguration) in c.width += 1 }, { $0.plateauTolerance = 0.03 },
                     { $0.seeds = [0, 1] }, { $0.testSamples = nil }, { $0.checkpoints = "geom:4,8,..." }] {
            var changed = quick
            edit(&changed)
            changes.append(changed)
        }
        #expect(Set(changes.map(\.hash) + [quick.hash]).count == changes.count + 1)
        // The hash of a configuration file is the hash of the configuration it loads to.
        let folder = try TheoryExperimentTests.temporaryDirectory()
        let file = folder.appendingPathComponent("quick.json")
        try quick.json.write(to: file, atomically: true, encoding: .utf8)
        #expect(try PaperExperimentConfiguration.load(path: file.path).hash == quick.hash)
    }

    // MARK: The notebook

    @Test func notebookHasProvenanceTablesFiguresAndPythonCells() throws {
        let (directory, result) = try Self.finishedRun()
        let output = directory.appendingPathComponent("reproduce.ipynb")
        try ReproduceNotebook.write(Self.source(directory), to: output)
        let notebook = try ExportTests.json(output)
        #expect(notebook["nbformat"] as? Int == 4 && notebook["nbformat_minor"] as? Int == 5)
        let lth = try #require((notebook["metadata"] as? [String: Any])?["lth"] as? [String: Any])
        #expect(lth["kind"] as? String == "reproduce")
        #expect(lth["config_hash"] as? String == PaperExperimentConfiguration.quick.hash)
        #expect(lth["config_file"] == nil)
        #expect(lth["partial"] as? Bool == false && lth["runs_completed"] as? Int == 2 && lth["runs_expected"] as? Int == 2)

        let cells = try #require(notebook["cells"] as? [[String: Any]])
        let markdown = cells.filter { $0["cell_type"] as? String == "markdown" }.map(Self.cellSource).joined(separator: "\n")
        #expect(markdown.contains("0123456789ab"))  // git commit
        #expect(markdown.contains(PaperExperimentConfiguration.quick.hash))
        #expect(markdown.contains(result.trainDescription.replacingOccurrences(of: "_", with: "\\_")))
        #expect(markdown.contains("Wolfe") && markdown.contains("\\ln m"))
        for cell in result.cells { #expect(markdown.contains("`\(cell.dataChecksum)`")) }
        #expect(markdown.contains("| `figure-k` | `10` |"))
        let code = cells.filter { $0["cell_type"] as? String == "code" }
        let allCode = code.map(Self.cellSource).joined()
        #expect(Self.cellSource(code[0]).contains("RUN_DIR_RELATIVE = \".\"\n"))
        #expect(!String(decoding: try Data(contentsOf: output), as: UTF8.self).contains(directory.path))
        #expect(!allCode.contains("pandas"))
        for file in ["paper_pruned", "paper_plateau", "paper_plateau_fit"] { #expect(allCode.contains("read_table(\"\(file)\")")) }
        let outputs = code.flatMap { ($0["outputs"] as? [[String: Any]]) ?? [] }.compactMap { $0["data"] as? [String: Any] }
        let svgs = outputs.compactMap { $0["image/svg+xml"] as? [String] }.map { $0.joined() }
        #expect(svgs.count == result.figures.count && !svgs.isEmpty)
        for figure in result.figures {
            #expect(svgs.contains(try String(contentsOf: directory.appendingPathComponent("\(figure.name).svg"), encoding: .utf8)))
        }
        let tables = outputs.compactMap { $0["text/markdown"] as? [String] }.map { $0.joined() }
        #expect(tables == [try String(contentsOf: directory.appendingPathComponent("tables.md"), encoding: .utf8)])
        // The same run exports to the same bytes.
        let again = directory.appendingPathComponent("again.ipynb")
        try ReproduceNotebook.write(Self.source(directory), to: again)
        #expect(try Data(contentsOf: again) == Data(contentsOf: output))
        if ExportTests.hasNbformat {
            let validation = ExportTests.validate(output)
            #expect(validation.status == 0, "\(validation.output)")
        }
    }

    @Test(.enabled(if: ExportTests.canExecuteNotebooks, "needs nbconvert, ipykernel, numpy and matplotlib"))
    func notebookExecutesAndRedrawsBothFigures() throws {
        let (directory, result) = try Self.finishedRun()
        let output = directory.appendingPathComponent("reproduce.ipynb")
        try ReproduceNotebook.write(Self.source(directory), to: output)
        let executed = directory.appendingPathComponent("executed.ipynb")
        let conversion = ExportTests.run(["python3", "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                                          "--ExecutePreprocessor.timeout=300", output.path, "--output", executed.path])
        #expect(conversion.status == 0, "\(conversion.output)")
        let cells = try #require(ExportTests.json(executed)["cells"] as? [[String: Any]])
        let outputs = cells.flatMap { ($0["outputs"] as? [[String: Any]]) ?? [] }
        #expect(!outputs.contains { $0["output_type"] as? String == "error" })
        // One matplotlib figure per figure of the run, redrawn from the CSV files.
        #expect(outputs.compactMap { ($0["data"] as? [String: Any])?["image/png"] }.count == result.figures.count)
        let printed = outputs.compactMap { ($0["text"] as? [String])?.joined() }.joined()
        #expect(printed.contains("2 of 2 cells (m, seed) completed"))
        for cell in result.cells { #expect(printed.contains("m = \(cell.samples), seed \(cell.seed): data \(cell.dataChecksum)")) }
    }

    @Test func theConfigurationFileIsCheckedAndRecorded() throws {
        let (directory, _) = try Self.finishedRun()
        let folder = try TheoryExperimentTests.temporaryDirectory()
        // The run's own configuration, with another comment: accepted and recorded.
        var own = PaperExperimentConfiguration.quick
        own.comment = "the file in the repository"
        let ownFile = folder.appendingPathComponent("quick.json")
        try own.json.write(to: ownFile, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("out.ipynb")
        try ReproduceNotebook.write(Self.source(directory, configFile: ownFile.path), to: output)
        let lth = try #require((ExportTests.json(output)["metadata"] as? [String: Any])?["lth"] as? [String: Any])
        #expect(lth["config_file"] as? String == ownFile.path)
        #expect(lth["config_hash"] as? String == (try PaperExperimentConfiguration.load(path: ownFile.path)).hash)
        // Another configuration (any key, here the width): refused, naming --config and both hashes.
        var other = PaperExperimentConfiguration.quick
        other.width = 65
        let otherFile = folder.appendingPathComponent("other.json")
        try other.json.write(to: otherFile, atomically: true, encoding: .utf8)
        #expect(throws: ExportError.configurationMismatch(file: otherFile.path, fileHash: other.hash, runHash: PaperExperimentConfiguration.quick.hash)) {
            try Self.source(directory, configFile: otherFile.path)
        }
        let missing = folder.appendingPathComponent("missing.json").path
        #expect { try Self.source(directory, configFile: missing) } throws: { error in
            guard let error = error as? ExportError, case .unreadableConfiguration = error else { return false }
            return error.description.contains("configuration file") && error.description.contains(missing) && !error.description.contains("--") && !error.description.contains("\n")
        }
    }

    // MARK: The report

    @Test func reportHasTheClaimBooktabsTablesAndPgfplotsFigures() throws {
        let (directory, result) = try Self.finishedRun()
        let output = directory.appendingPathComponent("report.tex")
        let outcome = try ReproduceReport.write(Self.source(directory), to: output, compile: false)
        #expect(outcome == .texOnly(tex: output, reason: "compilation not asked for"))
        let tex = try String(contentsOf: output, encoding: .utf8)
        #expect(tex.hasPrefix("\\documentclass") && tex.hasSuffix("\\end{document}\n"))
        for needle in ["\\toprule", "\\midrule", "\\bottomrule", "\\usepackage{pgfplots}", "\\section{What the experiment tests}",
                       "Wolfe", "\\beta\\ln m", PaperExperimentConfiguration.quick.hash, "0123456789ab"] {
            #expect(tex.contains(needle), "missing \(needle)")
        }
        #expect(tex.components(separatedBy: "\\begin{axis}").count - 1 == result.figures.count)
        for table in result.tables {
            #expect(tex.contains("\\label{tab:lth-" + table.name.replacingOccurrences(of: "_", with: "-") + "}"))
        }
        // Every row of the pruned table is in its floats (split at most rowsPerFloat rows each).
        let pruned = result.prunedTable
        let floats = CheckReport.floats(pruned, captionSuffix: "", firstRows: CheckReport.rowsPerFloat)
        #expect(floats.allSatisfy { tex.contains($0) })
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("report.pdf").path))
    }

    @Test(.enabled(if: ExportTests.hasLatexmk, "needs latexmk and TeX (make deps-tex)"))
    func reportCompilesToPDF() throws {
        let (directory, _) = try Self.finishedRun()
        let folder = try TheoryExperimentTests.temporaryDirectory()
        let output = folder.appendingPathComponent("reproduce-report.tex")
        let outcome = try ReproduceReport.write(Self.source(directory), to: output, compile: true)
        let pdf = folder.appendingPathComponent("reproduce-report.pdf")
        #expect(outcome == .compiled(tex: output, pdf: pdf))
        #expect(try Data(contentsOf: pdf).starts(with: Data("%PDF".utf8)))
        #expect(ExportTests.contents(folder) == ["reproduce-report.tex", "reproduce-report.pdf"])
    }

    // MARK: Bad input

    @Test func aRunInProgressIsRefused() throws {
        let (directory, _) = try Self.finishedRun()
        try FileManager.default.removeItem(at: directory.appendingPathComponent("units/m400-seed0.json"))
        #expect(throws: ExportError.reproduceInProgress(path: directory.path, completed: 1, total: 2)) { try Self.source(directory) }
        let (unfinished, _) = try Self.finishedRun()
        try FileManager.default.removeItem(at: unfinished.appendingPathComponent("tables.txt"))
        #expect(throws: ExportError.reproduceInProgress(path: unfinished.path, completed: 2, total: 2)) { try Self.source(unfinished) }
        #expect(ExportError.reproduceInProgress(path: "x", completed: 1, total: 2).description.contains("x is a reproduction folder that is not finished (1 of 2 cells"))
    }

    @Test func exportFilesThatAreNotTheCellsAreRefused() throws {
        let (directory, _) = try Self.finishedRun()
        let url = directory.appendingPathComponent("paper_pruned.csv")
        var text = try String(contentsOf: url, encoding: .utf8)
        text += "\n"
        try text.write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: ExportError.staleExports(path: directory.path, file: "paper_pruned.csv")) { try Self.source(directory) }
        let before = ExportTests.contents(directory)
        let folder = try TheoryExperimentTests.temporaryDirectory()
        #expect(throws: ExportError.self) { try ReproduceNotebook.write(Self.source(directory), to: folder.appendingPathComponent("x.ipynb")) }
        #expect(ExportTests.contents(folder).isEmpty && ExportTests.contents(directory) == before)
    }
}
