import Foundation

/// What an export is made from: a check's results folder read back (`CheckRun`), its result,
/// the folder holding its report files, and the provenance the folder does not record itself
/// (the exporting toolkit's version, the git commit, the repository configuration file).
public struct ExportSource: Sendable {
    public let run: CheckRun
    public let result: CheckResult
    /// `report/` for a complete check, `report-partial/` for a partial export.
    public let reportDirectory: URL
    /// Whether this is a partial export of a check in progress.
    public var isPartial: Bool { !run.isComplete }
    /// The version of the toolkit making the export.
    public let exporterVersion: String
    /// The git commit of the working directory at export time, when known (the run does not record one).
    public let gitCommit: String?
    /// The repository configuration file the run was made from (checked by hash), e.g.
    /// "Experiments/theory-demo.yaml", as given.
    public let configFile: String?

    /// Reads and checks the run (see `CheckRun.exportableResult(partial:toolkitVersion:)`) and,
    /// with `configFile`, that the file's configuration hashes to the run's.
    /// - Throws: `ExportError` (not a run, in progress without `partial`, stale report,
    ///   configuration mismatch, unwritable `report-partial/`), or the Checker's errors for a bad `configFile`.
    public init(runDirectory: URL, partial: Bool, exporterVersion: String, gitCommit: String?, configFile: String?) throws {
        let run = try CheckRun(directory: runDirectory)
        if let configFile {
            let fileHash = try TheoryCheckConfiguration(file: configFile).hash
            guard fileHash == run.configHash else {
                throw ExportError.configurationMismatch(file: configFile, fileHash: fileHash, runHash: run.configHash)
            }
        }
        let (result, reportDirectory) = try run.exportableResult(partial: partial, toolkitVersion: exporterVersion)
        self.run = run
        self.result = result
        self.reportDirectory = reportDirectory
        self.exporterVersion = exporterVersion
        self.gitCommit = gitCommit
        self.configFile = configFile
    }

    /// One sentence on the state of the run: complete, or how much of it a partial export holds.
    public var statusSentence: String {
        isPartial
            ? "PARTIAL export of a check in progress: \(run.cells.count) of \(run.expectedRunCount) runs (m, seed) completed; the report files of the completed runs were written to \(reportDirectory.lastPathComponent)/ for this export."
            : "Complete check: all \(run.expectedRunCount) runs (m, seed) and the report."
    }

    /// The provenance as (label, value) pairs, in reading order, for a file written into
    /// `folder`: the run folder relative to it (`RelativePath`), never a path of this machine.
    public func provenanceItems(relativeTo folder: URL) -> [(label: String, value: String)] {
        let p = result.provenance
        var items: [(String, String)] = [
            ("run folder", RelativePath.of(run.directory, from: folder) + " (relative to this file's folder)"),
            ("toolkit", "lth \(p.toolkitVersion)" + (p.toolkitVersion == exporterVersion ? "" : " (exported by lth \(exporterVersion))")),
            ("git commit", ExportSource.commitSentence(gitCommit)),
            ("configuration hash", run.configHash + (configFile.map { " (the configuration of \($0))" } ?? "")),
            ("data set", p.dataDescription),
        ]
        let checksums = run.dataChecksums
        if Set(checksums.map(\.checksum)).count == 1, let first = checksums.first {
            items.append(("data checksum", first.checksum + " (every run)"))
        } else {
            items.append(("data checksums", "one per run (m, seed): each run trains on its own subset; see the table of runs"))
        }
        items.append(("losses", p.lossConventionSentence))
        items.append(("verdicts", result.agreementSentence))
        return items
    }

    /// One row per completed run: m, seed, the data checksum, certified lambda0, wall-clock seconds.
    public var runRows: [(samples: Int, seed: Int, checksum: String, lambda0: Double, seconds: Double)] {
        run.cells.map { ($0.samples, $0.seed, $0.dataChecksum, $0.lambda0Certified, $0.seconds) }
    }

    /// The sentence for a git commit of the exporting working directory (`git describe --dirty`):
    /// the commit, what "-dirty" means when present, and that the run records none itself.
    static func commitSentence(_ commit: String?) -> String {
        guard let commit else { return "not known (not exported from a git checkout; the run itself records no commit)" }
        let dirty = commit.hasSuffix("-dirty")
            ? "; -dirty: the working directory had uncommitted changes when it was exported, so the commit alone does not reproduce the exporting toolkit"
            : ""
        return commit + " (of the working directory at export\(dirty); the run itself records no commit)"
    }

    /// The git commit of the working directory (`git describe --always --dirty --abbrev=12`), or
    /// nil when git is missing or the directory is not in a checkout.
    public static func gitCommitOfWorkingDirectory() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "describe", "--always", "--dirty", "--abbrev=12"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
