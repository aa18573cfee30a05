import Foundation
import Testing
@testable import Checker
import Engine

/// `lth export` never overwrites a file lth did not write: an existing notebook, report or the
/// PDF beside a report is replaced only when it is an earlier export of lth (`OutputPath`).
@Suite(.serialized) struct ExportOverwriteTests {
    @Test func aUsersNotebookIsRefusedAndKept() throws {
        let (directory, _) = try ExportTests.finishedRun()
        let output = directory.appendingPathComponent("analysis.ipynb")
        let mine = Data("{\"cells\": [], \"my\": \"work\"}\n".utf8)
        try mine.write(to: output)
        let error = #expect(throws: ExportError.self) { try CheckNotebook.write(ExportTests.source(directory), to: output) }
        #expect(error?.description.contains("was not written by lth") == true)
        #expect(try Data(contentsOf: output) == mine)
        #expect(!ExportTests.contents(directory).contains { $0.contains(".partial-") })
    }

    @Test func anEarlierExportIsReplaced() throws {
        let (directory, _) = try ExportTests.finishedRun()
        let notebook = directory.appendingPathComponent("check.ipynb")
        try CheckNotebook.write(ExportTests.source(directory), to: notebook)
        let first = try Data(contentsOf: notebook)
        try CheckNotebook.write(ExportTests.source(directory), to: notebook)
        #expect(try Data(contentsOf: notebook) == first)
        let report = directory.appendingPathComponent("check-report.tex")
        _ = try CheckReport.write(ExportTests.source(directory), to: report, compile: false)
        _ = try CheckReport.write(ExportTests.source(directory), to: report, compile: false)
        #expect(try String(contentsOf: report, encoding: .utf8).contains("\\author{lth "))
    }

    @Test func aUsersReportOrPDFBesideItIsRefusedAndKept() throws {
        let (directory, _) = try ExportTests.finishedRun()
        let report = directory.appendingPathComponent("paper.tex")
        let text = Data("\\documentclass{article}\\begin{document}mine\\end{document}\n".utf8)
        try text.write(to: report)
        #expect(throws: ExportError.self) { _ = try CheckReport.write(ExportTests.source(directory), to: report, compile: false) }
        #expect(try Data(contentsOf: report) == text)
        // a PDF of the user's beside a new report: its .tex is not lth's, so the PDF is kept
        let other = directory.appendingPathComponent("slides.tex")
        let pdf = directory.appendingPathComponent("slides.pdf")
        try Data("%PDF-1.5 mine".utf8).write(to: pdf)
        #expect(throws: ExportError.self) { _ = try CheckReport.write(ExportTests.source(directory), to: other, compile: false) }
        #expect(!FileManager.default.fileExists(atPath: other.path))
        #expect(try String(contentsOf: pdf, encoding: .utf8) == "%PDF-1.5 mine")
    }

    /// A build folder of a killed export (its lock free) is removed by the next compile; a
    /// live one (locked) and the user's own hidden folders are kept.
    @Test(.enabled(if: ExportTests.hasLatexmk, "needs latexmk (make deps-tex)"))
    func abandonedBuildFoldersAreRemoved() throws {
        let (directory, _) = try ExportTests.finishedRun()
        let report = directory.appendingPathComponent("check-report.tex")
        let abandoned = directory.appendingPathComponent(".check-report.tex.partial-DEADBEEF-build")
        let live = directory.appendingPathComponent(".check-report.tex.partial-0000LIVE-build")
        let users = directory.appendingPathComponent(".check-report.tex.partial-00000USR-build")
        for folder in [abandoned, live, users] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false) }
        try Data().write(to: abandoned.appendingPathComponent(OutputFolderLock.fileName))
        let held = try OutputFolderLock.acquire(live, mode: .exclusive)
        defer { held.release() }
        let outcome = try CheckReport.write(ExportTests.source(directory), to: report, compile: true)
        guard case .compiled = outcome else { Issue.record("not compiled: \(outcome)"); return }
        let left = ExportTests.contents(directory).filter { $0.contains(".partial-") }
        #expect(left == [live.lastPathComponent, users.lastPathComponent])
    }
}
