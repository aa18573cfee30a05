import Foundation
import Testing
@testable import Checker

/// `lth export`: the notebook (nbformat 4.5, validated with the nbformat package and executed
/// with nbconvert when they are installed), the LaTeX report (compiled with latexmk when it is
/// installed), bad input (a folder that is not a run, a run in progress, unwritable outputs),
/// and the notebooks kept in `notebooks-export/`.
@Suite(.serialized) struct ExportTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    // MARK: Tools (the Python and TeX tests skip cleanly without them)

    /// Runs a command; returns its exit status and standard output + error.
    @discardableResult
    static func run(_ arguments: [String], in directory: URL? = nil) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return (-1, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func pythonImports(_ modules: String) -> Bool { run(["python3", "-c", "import \(modules)"]).status == 0 }
    static let hasNbformat = pythonImports("nbformat")
    static let canExecuteNotebooks = pythonImports("nbformat, nbconvert, numpy, matplotlib, ipykernel")
        && run(["python3", "-m", "jupyter", "kernelspec", "list"]).output.contains("python3")
    static let hasLatexmk = CheckReport.latexmkPath != nil

    static func validate(_ notebook: URL) -> (status: Int32, output: String) {
        run(["python3", "-c", "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", notebook.path])
    }

    // MARK: A small finished check

    /// A finished check of the tiny configuration of `TheoryExperimentTests` in a new folder.
    static func finishedRun() throws -> (directory: URL, result: CheckResult) {
        let directory = try TheoryExperimentTests.temporaryDirectory().appendingPathComponent("check")
        let experiment = try TheoryExperiment(configuration: TheoryExperimentTests.tiny(output: directory), toolkitVersion: "test")
        let result = try experiment.runInFolder()
        try result.write(to: experiment.reportURL)
        return (directory, result)
    }

    static func source(_ directory: URL, partial: Bool = false, configFile: String? = nil) throws -> ExportSource {
        try ExportSource(runDirectory: directory, partial: partial, exporterVersion: "test", gitCommit: "0123456789ab", configFile: configFile)
    }

    static func json(_ url: URL) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    static func contents(_ directory: URL) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
    }

    // MARK: The notebook

    @Test func notebookIsNbformat45WithProvenanceTablesAndFigures() throws {
        let (directory, result) = try Self.finishedRun()
        let output = directory.appendingPathComponent("check.ipynb")
        try CheckNotebook.write(Self.source(directory), to: output)
        let notebook = try Self.json(output)
        #expect(notebook["nbformat"] as? Int == 4)
        #expect(notebook["nbformat_minor"] as? Int == 5)
        let metadata = try #require(notebook["metadata"] as? [String: Any])
        #expect((metadata["kernelspec"] as? [String: Any])?["name"] as? String == "python3")
        #expect((metadata["language_info"] as? [String: Any])?["name"] as? String == "python")
        let lth = try #require(metadata["lth"] as? [String: Any])
        #expect(lth["config_hash"] as? String == TheoryExperimentTests.tiny(output: directory).hash)
        #expect(lth["partial"] as? Bool == false)
        #expect(lth["runs_completed"] as? Int == 4)

        let cells = try #require(notebook["cells"] as? [[String: Any]])
        let ids = cells.compactMap { $0["id"] as? String }
        #expect(ids.count == cells.count && Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.range(of: "^[a-zA-Z0-9_-]{1,64}$", options: .regularExpression) != nil })
        func source(_ cell: [String: Any]) -> String { ((cell["source"] as? [String]) ?? []).joined() }
        let markdown = cells.filter { $0["cell_type"] as? String == "markdown" }.map(source).joined(separator: "\n")
        #expect(markdown.contains("0123456789ab"))  // git commit
        #expect(markdown.contains(result.provenance.configHash))
        #expect(markdown.contains("### Theorem A") && markdown.contains("### Theorem B") && markdown.contains("### Theorem C"))
        #expect(markdown.contains("$$"))
        let code = cells.filter { $0["cell_type"] as? String == "code" }
        // The run is named relative to the notebook (here its own folder), never by a path of this
        // machine; LTH_RUN_DIR overrides it. The cells use numpy and matplotlib, not pandas.
        #expect(source(code[0]).contains("RUN_DIR_RELATIVE = \".\"\n"))
        #expect(source(code[0]).contains("RUN_DIR = os.path.abspath(os.environ.get(\"LTH_RUN_DIR\", RUN_DIR_RELATIVE))"))
        #expect(!String(decoding: try Data(contentsOf: output), as: UTF8.self).contains(directory.path))
        #expect(!code.map(source).joined().contains("pandas"))
        let outputs = code.flatMap { ($0["outputs"] as? [[String: Any]]) ?? [] }.compactMap { $0["data"] as? [String: Any] }
        let svgs = outputs.compactMap { $0["image/svg+xml"] as? [String] }.map { $0.joined() }
        #expect(svgs.count == result.figures.count)
        for figure in result.figures {
            let onDisk = try String(contentsOf: directory.appendingPathComponent("report/\(figure.name).svg"), encoding: .utf8)
            #expect(svgs.contains(onDisk))
        }
        let tables = outputs.compactMap { $0["text/markdown"] as? [String] }.map { $0.joined() }
        #expect(tables == [try String(contentsOf: directory.appendingPathComponent("report/tables.md"), encoding: .utf8)])
        // The same run exports to the same bytes.
        let again = directory.appendingPathComponent("again.ipynb")
        try CheckNotebook.write(Self.source(directory), to: again)
        #expect(try Data(contentsOf: again) == Data(contentsOf: output))
    }

    @Test(.enabled(if: ExportTests.hasNbformat, "needs the Python package nbformat"))
    func notebookValidatesWithNbformat() throws {
        let (directory, _) = try Self.finishedRun()
        let output = directory.appendingPathComponent("check.ipynb")
        try CheckNotebook.write(Self.source(directory), to: output)
        let validation = Self.validate(output)
        #expect(validation.status == 0, "\(validation.output)")
    }

    @Test(.enabled(if: ExportTests.canExecuteNotebooks, "needs nbconvert, ipykernel, numpy and matplotlib"))
    func notebookExecutesAndRedrawsEveryFigureAfterBeingMovedWithItsRun() throws {
        // The run in <root>/check, the notebook in <root>/notebooks (as runs/demo and notebooks-export/).
        let (directory, result) = try Self.finishedRun()
        let root = directory.deletingLastPathComponent()
        let notebooks = root.appendingPathComponent("notebooks")
        try FileManager.default.createDirectory(at: notebooks, withIntermediateDirectories: true)
        try CheckNotebook.write(Self.source(directory), to: notebooks.appendingPathComponent("check.ipynb"))
        let written = String(decoding: try Data(contentsOf: notebooks.appendingPathComponent("check.ipynb")), as: UTF8.self)
        #expect(written.contains("RUN_DIR_RELATIVE = \\\"../check\\\"") && !written.contains(root.path))
        // Both moved together into a new folder (a fresh clone elsewhere); executed from another working directory.
        let moved = try TheoryExperimentTests.temporaryDirectory().appendingPathComponent("clone")
        try FileManager.default.moveItem(at: root, to: moved)
        let output = moved.appendingPathComponent("notebooks/check.ipynb")
        let executed = moved.appendingPathComponent("notebooks/executed.ipynb")
        let conversion = Self.run(["python3", "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                                   "--ExecutePreprocessor.timeout=300", output.path, "--output", executed.path],
                                  in: FileManager.default.temporaryDirectory)
        #expect(conversion.status == 0, "\(conversion.output)")
        let cells = try #require(Self.json(executed)["cells"] as? [[String: Any]])
        let outputs = cells.flatMap { ($0["outputs"] as? [[String: Any]]) ?? [] }
        #expect(!outputs.contains { $0["output_type"] as? String == "error" })
        let pngs = outputs.compactMap { ($0["data"] as? [String: Any])?["image/png"] }
        // One matplotlib figure per figure of the run, redrawn from the CSV files.
        #expect(pngs.count == result.figures.count)
        let printed = outputs.compactMap { ($0["text"] as? [String])?.joined() }.joined()
        #expect(printed.contains("4 of 4 runs (m, seed) completed"))
        #expect(printed.contains(result.verdictSummary[0]))
        #expect(printed.contains("theoremB verdict: "))
    }

    // MARK: The report

    @Test func reportHasBooktabsPgfplotsAndTheorems() throws {
        let (directory, result) = try Self.finishedRun()
        let output = directory.appendingPathComponent("report.tex")
        let outcome = try CheckReport.write(Self.source(directory), to: output, compile: false)
        #expect(outcome == .texOnly(tex: output, reason: "compilation not asked for"))
        let tex = try String(contentsOf: output, encoding: .utf8)
        #expect(tex.hasPrefix("\\documentclass"))
        #expect(tex.hasSuffix("\\end{document}\n"))
        for needle in ["\\toprule", "\\midrule", "\\bottomrule", "\\usepackage{pgfplots}", "Theorem A: linear convergence",
                       "Theorem B: greedy forward selection", "Theorem C: the pre-training threshold", "t_\\star(\\varepsilon,k)"] {
            #expect(tex.contains(needle), "missing \(needle)")
        }
        #expect(tex.components(separatedBy: "\\begin{axis}").count - 1 == result.figures.count)
        // The Theorem B table per (m, k) (2 m x 2 k = 4 rows) fits one float.
        #expect(tex.components(separatedBy: "\\label{tab:lth-theorem-b-by-m-k").count - 1 == 1)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("report.pdf").path))
    }

    @Test func longTablesAreSplitIntoFloatsThatKeepEveryRow() throws {
        let rows = (0..<(2 * CheckReport.rowsPerFloat + 3)).map { [Table.Cell.integer($0)] }
        let table = Table(name: "t", title: "T", caption: "c", columns: [.init("n", "n")], rows: rows, footnotes: ["last"])
        let floats = CheckReport.floats(table, captionSuffix: "")
        #expect(floats.count == 3)
        #expect(floats.map { $0.components(separatedBy: " \\\\\n").count }.reduce(0, +) - 2 * floats.count == rows.count)
        #expect(floats[2].contains("last\\par") && !floats[0].contains("last\\par"))
        #expect(floats[1].contains("(continued, part 2 of 3)"))
        let shorter = CheckReport.floats(table, captionSuffix: "", firstRows: 5)
        #expect(shorter.count == 3)
        #expect(shorter.map { $0.components(separatedBy: " \\\\\n").count }.reduce(0, +) - 2 * shorter.count == rows.count)
        #expect(CheckReport.floats(Table(name: "e", title: "E", caption: "", columns: [.init("n", "n")], rows: [], footnotes: []), captionSuffix: "").count == 1)
    }

    @Test(.enabled(if: ExportTests.hasLatexmk, "needs latexmk and TeX (make deps-tex)"))
    func reportCompilesToPDF() throws {
        let (directory, _) = try Self.finishedRun()
        let folder = try TheoryExperimentTests.temporaryDirectory()
        let output = folder.appendingPathComponent("report.tex")
        let outcome = try CheckReport.write(Self.source(directory), to: output, compile: true)
        let pdf = folder.appendingPathComponent("report.pdf")
        #expect(outcome == .compiled(tex: output, pdf: pdf))
        let bytes = try Data(contentsOf: pdf)
        #expect(bytes.starts(with: Data("%PDF".utf8)))
        // The build folder is gone: only the .tex and the .pdf are left.
        #expect(Self.contents(folder) == ["report.tex", "report.pdf"])
    }

    // MARK: Bad input

    @Test func aFolderThatIsNotARunIsRefused() throws {
        let empty = try TheoryExperimentTests.temporaryDirectory()
        let garbage = try TheoryExperimentTests.temporaryDirectory()
        try Data("{\"hash\": \"1\"}".utf8).write(to: garbage.appendingPathComponent("configuration.json"))
        for (folder, reason) in [(empty, "no configuration.json"), (empty.appendingPathComponent("missing"), "no such folder"),
                                 (garbage, "configuration.json is not")] {
            #expect { try Self.source(folder) } throws: { error in
                guard let error = error as? ExportError, case .notARun = error else { return false }
                return error.description.contains(reason) && !error.description.contains("\n")
            }
        }
        #expect(Self.contents(empty).isEmpty)
    }

    @Test func aRunInProgressIsRefusedAndExportedWithPartial() throws {
        let (directory, _) = try Self.finishedRun()
        // As while lth check is running: the report is not written yet and one cell is missing.
        try FileManager.default.removeItem(at: directory.appendingPathComponent("report"))
        try FileManager.default.removeItem(at: directory.appendingPathComponent("units/m80-seed1.json"))
        #expect(throws: ExportError.inProgress(path: directory.path, completed: 3, total: 4)) { try Self.source(directory) }
        #expect(ExportError.inProgress(path: directory.path, completed: 3, total: 4).description.contains("still in progress (3 of 4 runs"))

        let source = try Self.source(directory, partial: true)
        #expect(source.isPartial)
        #expect(source.result.theoremA.count == 3 * 4)
        let output = directory.appendingPathComponent("partial.ipynb")
        try CheckNotebook.write(source, to: output)
        let lth = try #require((Self.json(output)["metadata"] as? [String: Any])?["lth"] as? [String: Any])
        #expect(lth["partial"] as? Bool == true && lth["runs_completed"] as? Int == 3 && lth["report_dir"] as? String == "report-partial")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("report-partial/theorem_b.csv").path))
        // The check's own report folder is not created by the export.
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("report").path))
        if Self.hasNbformat { #expect(Self.validate(output).status == 0) }

        // No completed run at all: nothing to export.
        for cell in Self.contents(directory.appendingPathComponent("units")) {
            try FileManager.default.removeItem(at: directory.appendingPathComponent("units/" + cell))
        }
        #expect(throws: ExportError.nothingCompleted(path: directory.path)) { try Self.source(directory, partial: true) }
    }

    @Test func aReportThatDoesNotMatchItsCellsIsRefused() throws {
        let (directory, _) = try Self.finishedRun()
        let url = directory.appendingPathComponent("report/result.json")
        let edited = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "\"verdictSummary\": [", with: "\"verdictSummary\": [\"edited\", ")
        try edited.write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: ExportError.staleReport(path: directory.path)) { try Self.source(directory) }
    }

    @Test func theConfigurationFileMustBeTheRunsOwn() throws {
        let (directory, _) = try Self.finishedRun()
        let folder = try TheoryExperimentTests.temporaryDirectory()
        let tiny = TheoryExperimentTests.tiny(output: directory)
        let own = folder.appendingPathComponent("own.json")
        try Data([("subnetSizes", "k"), ("epsilons", "epsilon"), ("loss", "reduction"), ("output", "out")].reduce(tiny.canonicalJSON) {
            $0.replacingOccurrences(of: "\"\($1.0)\"", with: "\"\($1.1)\"")
        }.utf8).write(to: own)
        let source = try Self.source(directory, configFile: own.path)
        #expect(source.configFile == own.path)
        let other = folder.appendingPathComponent("other.yaml")
        try "width: 32\n".write(to: other, atomically: true, encoding: .utf8)
        #expect { try Self.source(directory, configFile: other.path) } throws: { error in
            guard let error = error as? ExportError, case .configurationMismatch = error else { return false }
            return error.description.contains("configuration file") && !error.description.contains("--") && error.description.contains(tiny.hash)
        }
    }

    @Test func unwritableOutputsLeaveNoFileBehind() throws {
        let (directory, _) = try Self.finishedRun()
        let source = try Self.source(directory)
        let folder = try TheoryExperimentTests.temporaryDirectory()
        let file = folder.appendingPathComponent("plain.txt")
        try Data("x".utf8).write(to: file)
        let before = Self.contents(folder)
        let runBefore = Self.contents(directory)
        let cases: [(URL, String)] = [
            (file.appendingPathComponent("out.ipynb"), "is not a folder"),  // inside a regular file
            (folder.appendingPathComponent("missing/out.ipynb"), "does not exist"),
        ]
        for (output, reason) in cases {
            #expect { try CheckNotebook.write(source, to: output) } throws: { error in
                guard let error = error as? ExportError, case .unwritable = error else { return false }
                return error.description.contains(reason) && !error.description.contains("\n")
            }
            let tex = output.deletingPathExtension().appendingPathExtension("tex")
            #expect(throws: ExportError.self) { try CheckReport.write(source, to: tex, compile: true) }
        }
        #expect(throws: ExportError.badOutput(path: folder.appendingPathComponent("out.json").path, allowed: "a file name ending in .ipynb")) {
            try CheckNotebook.write(source, to: folder.appendingPathComponent("out.json"))
        }
        #expect(throws: ExportError.self) { try CheckNotebook.write(source, to: folder) }
        #expect(Self.contents(folder) == before)
        #expect(Self.contents(directory) == runBefore)
    }

    // MARK: The notebooks kept in the repository

    /// Every notebook under notebooks-export/ validates and was exported from a run of the
    /// repository's configuration it names (metadata.lth.config_file, by hash): a
    /// `TheoryCheckConfiguration` for `metadata.lth.kind` "check", a `PaperExperimentConfiguration`
    /// for "reproduce".
    @Test func exportedNotebooksValidateAndMatchTheirConfiguration() throws {
        let folder = Self.repositoryRoot.appendingPathComponent("notebooks-export")
        let notebooks = Self.contents(folder).filter { $0.hasSuffix(".ipynb") }.sorted()
        for name in notebooks {
            let url = folder.appendingPathComponent(name)
            let lth = try #require((Self.json(url)["metadata"] as? [String: Any])?["lth"] as? [String: Any], "\(name): no metadata.lth")
            let file = try #require(lth["config_file"] as? String, "\(name): no metadata.lth.config_file")
            let path = Self.repositoryRoot.appendingPathComponent(file).path
            // The configuration type follows the kind of run the notebook was exported from.
            let hash: String
            switch lth["kind"] as? String {
            case "check": hash = try TheoryCheckConfiguration(file: path).hash
            case "reproduce": hash = try PaperExperimentConfiguration.load(path: path).hash
            case let kind:
                Issue.record("\(name): metadata.lth.kind is \(kind ?? "missing"), expected check or reproduce")
                continue
            }
            #expect(lth["config_hash"] as? String == hash, "\(name) was exported from configuration \(lth["config_hash"] ?? "?"), \(file) is now \(hash): run make notebooks")
            #expect(lth["partial"] as? Bool == false, "\(name) is a partial export")
            if Self.hasNbformat {
                let validation = Self.validate(url)
                #expect(validation.status == 0, "\(name): \(validation.output)")
            }
        }
    }

    // MARK: The notebook writer

    @Test(arguments: ["", "one line", "two\nlines\n", "a\n\nb", "\n", "crlf\r\nline"])
    func sourcesAreSplitIntoLinesThatJoinBack(text: String) {
        guard case let .array(lines) = NotebookDocument.lines(text) else { Issue.record("not an array"); return }
        let strings = lines.compactMap { line -> String? in if case let .string(s) = line { return s } else { return nil } }
        #expect(strings.joined() == text)
        #expect(strings.dropLast().allSatisfy { $0.hasSuffix("\n") || $0.hasSuffix("\r\n") })
        #expect(strings.allSatisfy { !$0.dropLast().contains("\n") })
    }
}
