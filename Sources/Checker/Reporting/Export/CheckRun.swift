import Engine
import Foundation

/// The results folder of one `lth check`, read back for export:
///
///     RUN_DIR/configuration.json   {"hash": ..., "configuration": {...}}   (written first)
///     RUN_DIR/units/m<M>-seed<S>.json   one unit per completed run (m, seed) (`ExperimentUnits`)
///     RUN_DIR/report/result.json   (and the other report files; written last)
///
/// A folder is a check when `configuration.json` holds a configuration whose hash is the
/// recorded one. It is complete when every run (m, seed) of the configuration has its cell and
/// `report/result.json` exists; otherwise it is in progress (or was interrupted).
public struct CheckRun: Sendable {
    /// The folder, as given.
    public let directory: URL
    /// The configuration recorded in `configuration.json` (its `output` set to `directory`).
    public let configuration: TheoryCheckConfiguration
    /// The recorded hash, equal to `configuration.hash`.
    public let configHash: String
    /// The completed runs, in the configuration's order (m, then seed).
    public let cells: [TheoryCell]
    /// Whether `report/result.json` exists.
    public let hasReport: Bool
    /// The toolkit version recorded in `report/result.json` (nil without a report).
    public let recordedToolkitVersion: String?

    /// The number of runs (m, seed) the configuration asks for.
    public var expectedRunCount: Int { configuration.samples.count * configuration.seeds.count }
    /// Whether every run is done and the report written.
    public var isComplete: Bool { hasReport && cells.count == expectedRunCount }
    /// Where the check's own report files are.
    public var reportDirectory: URL { directory.appendingPathComponent("report") }
    /// Where a partial export writes the report files of the completed runs.
    public var partialReportDirectory: URL { directory.appendingPathComponent("report-partial") }

    /// Reads the folder.
    /// - Throws: `ExportError.notARun` when it is missing, not a folder, or has no valid
    ///   `configuration.json` (unparsable, or a hash that is not its configuration's);
    ///   `ExperimentError` for a unit that is damaged or does not match the configuration
    ///   (see `TheoryCell.problem(configuration:samples:seed:dataChecksum:)`).
    public init(directory: URL) throws {
        let manager = FileManager.default
        let path = directory.path
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ExportError.notARun(path: path, reason: "no such folder")
        }
        guard isDirectory.boolValue else { throw ExportError.notARun(path: path, reason: "a file, not a folder") }
        let lock = directory.appendingPathComponent("configuration.json")
        guard let data = manager.contents(atPath: lock.path) else {
            throw ExportError.notARun(path: path, reason: "it has no configuration.json")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let hash = object["hash"] as? String, let fields = object["configuration"] as? [String: Any],
              let encoded = try? JSONSerialization.data(withJSONObject: fields),
              var configuration = try? JSONDecoder().decode(TheoryCheckConfiguration.self, from: encoded) else {
            throw ExportError.notARun(path: path, reason: "configuration.json is not {\"hash\": ..., \"configuration\": {...}} of lth check")
        }
        guard configuration.hash == hash else {
            throw ExportError.notARun(path: path, reason: "configuration.json records hash \(hash) but its configuration hashes to \(configuration.hash)")
        }
        configuration.output = path
        self.directory = directory
        self.configuration = configuration
        self.configHash = hash
        // The units are read without the data (an export loads none): each records its own subset's checksum.
        let units = ExperimentUnits(folder: directory.appendingPathComponent(ExperimentUnits.folderName), configuration: hash,
                                    dataChecksum: ExperimentUnits.checksumPerCell)
        var cells: [TheoryCell] = []
        for m in configuration.samples {
            for seed in configuration.seeds {
                if let (cell, _) = try units.recorded(TheoryCell.unitName(samples: m, seed: seed), as: TheoryCell.self,
                                                      problem: { $0.problem(configuration: configuration, samples: m, seed: seed, dataChecksum: $1) }) {
                    cells.append(cell)
                }
            }
        }
        self.cells = cells
        let resultURL = directory.appendingPathComponent("report/result.json")
        if let data = manager.contents(atPath: resultURL.path) {
            hasReport = true
            let provenance = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["provenance"] as? [String: Any]
            recordedToolkitVersion = provenance?["toolkitVersion"] as? String
        } else {
            hasReport = false
            recordedToolkitVersion = nil
        }
    }

    /// The result of the completed runs, computed from the cells exactly as `lth check` does.
    /// - Throws: `ExportError.nothingCompleted` without any cell, or the Checker's own errors.
    public func result(toolkitVersion: String) throws -> CheckResult {
        guard !cells.isEmpty else { throw ExportError.nothingCompleted(path: directory.path) }
        let experiment = try TheoryExperiment(configuration: configuration, toolkitVersion: recordedToolkitVersion ?? toolkitVersion)
        return try experiment.result(cells: cells)
    }

    /// The result to export and the folder holding its report files.
    ///
    /// - A complete check: the result recomputed from the cells, which must render to the
    ///   recorded `report/result.json` byte for byte; the folder is `report/`.
    /// - A check in progress with `partial`: the result of the completed runs, whose report
    ///   files are (re)written to `report-partial/` (the check itself never touches that folder).
    /// - Throws: `ExportError.inProgress` for a check in progress without `partial`,
    ///   `.nothingCompleted`, `.staleReport`, `.unwritable`.
    public func exportableResult(partial: Bool, toolkitVersion: String) throws -> (result: CheckResult, reportDirectory: URL) {
        if isComplete {
            let result = try self.result(toolkitVersion: toolkitVersion)
            let recorded = FileManager.default.contents(atPath: reportDirectory.appendingPathComponent("result.json").path)
            guard recorded == Data(JSONReport.render(result).utf8) else {
                throw ExportError.staleReport(path: directory.path)
            }
            return (result, reportDirectory)
        }
        guard partial else {
            throw ExportError.inProgress(path: directory.path, completed: cells.count, total: expectedRunCount)
        }
        let result = try self.result(toolkitVersion: toolkitVersion)
        do {
            try result.write(to: partialReportDirectory)
        } catch let OutputError.unwritable(path, reason) {
            throw ExportError.unwritable(path: path, reason: reason)
        }
        return (result, partialReportDirectory)
    }

    /// The data checksum of every completed run, as (m, seed, checksum).
    public var dataChecksums: [(samples: Int, seed: Int, checksum: String)] {
        cells.map { ($0.samples, $0.seed, $0.dataChecksum) }
    }
}
