import Engine
import Foundation

/// A long computation of lth as a configuration and a list of units (open_lth's description ->
/// hash -> runner): the configuration has one canonical hash (FNV-1a over its JSON with sorted
/// keys, the data's checksums included), which owns the output folder (`OutputFolder`: new,
/// empty, or written by this command with this hash; locked while the run goes on; any other
/// configuration is refused, nothing is deleted). Every unit is kept in `<out>/units` under that
/// hash and the data checksum (`ExperimentUnits`, written whole by `AtomicFile`), so running the
/// same command again on the same folder after an interruption (Ctrl-C, `kill -9`) continues at
/// the first missing unit and writes the same files as an uninterrupted run.
public protocol Experiment {
    /// Everything that determines the results (data checksums included).
    associatedtype Configuration: Encodable
    /// What a run computes.
    associatedtype Result

    /// The command that owns the output folder, e.g. "lth imp".
    static var command: String { get }
    /// The configuration hashed into `configurationHash`.
    var configuration: Configuration { get }
    /// The hash that owns the output folder and is recorded in every unit (default: FNV-1a over
    /// `configuration`'s canonical JSON; an experiment with a canonical hash of its own gives it).
    var configurationHash: String { get }
    /// `Dataset.checksum` of the training data (recorded in every unit and verified on resume).
    var dataChecksum: String { get }
    /// The number of units a run reports (kept or computed).
    var unitCount: Int { get }
    /// Computes the result, taking every unit from `units` (kept or computed there).
    func run(units: ExperimentUnits, progress: ExperimentProgress) throws -> Result
    /// Called once the output folder is claimed, before any unit: writes what the folder records
    /// besides its units (e.g. `configuration.json`). Default: nothing.
    func claimed(_ folder: URL) throws
}

extension Experiment {
    public func claimed(_ folder: URL) throws {}

    /// 16 hex digits of FNV-1a over the configuration's canonical JSON (sorted keys).
    public var configurationHash: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return FNV1a.hex(of: String(decoding: (try? encoder.encode(configuration)) ?? Data(), as: UTF8.self))
    }

    /// The owner recorded in the output folder: the command and the configuration hash.
    public var owner: OutputFolder.Owner { OutputFolder.Owner(command: Self.command, configuration: configurationHash) }

    /// Checks, without writing, that `output` can hold this experiment.
    /// - Throws: `OutputError` (`.notAFolder`, `.notWrittenByLTH`, `.otherConfiguration`),
    ///   `ExperimentError.earlierLayout`.
    public func check(output: URL) throws {
        try Self.refuseEarlierLayout(output)
        try OutputFolder.check(output, owner: owner)
    }

    /// Refuses a results folder of an earlier lth: cells in `cells/` and no owner marker.
    /// - Throws: `ExperimentError.earlierLayout`.
    static func refuseEarlierLayout(_ output: URL) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard !manager.fileExists(atPath: output.appendingPathComponent(OutputFolder.markerFileName).path),
              manager.fileExists(atPath: output.appendingPathComponent("cells").path, isDirectory: &isDirectory), isDirectory.boolValue else { return }
        throw ExperimentError.earlierLayout(folder: output.path)
    }

    /// Claims `output` for this configuration (new, empty, or this configuration's; locked while
    /// the returned folder lives) and records `claimed`'s files in it: what `run(in:progress:)`
    /// needs, for a caller that says something between the claim and the first unit.
    /// - Throws: `OutputError` for a folder in use, not lth's or of another configuration;
    ///   `ExperimentError.earlierLayout`.
    public func claim(_ output: URL) throws -> OutputFolder {
        try Self.refuseEarlierLayout(output)
        let folder = try OutputFolder.claim(output, owner: owner)
        try claimed(folder.url)
        return folder
    }

    /// Runs in a claimed folder (`claim`), keeping the units in its `units` folder, or in memory
    /// without one.
    /// - Throws: `ExperimentError` for a damaged or foreign kept unit; what the units throw.
    public func run(in folder: OutputFolder?, progress: ExperimentProgress) throws -> Result {
        let units = ExperimentUnits(folder: folder?.url.appendingPathComponent(ExperimentUnits.folderName),
                                    configuration: configurationHash, dataChecksum: dataChecksum)
        return try run(units: units, progress: progress)
    }

    /// Claims `output` (when given) for this configuration and runs, keeping the units in
    /// `output/units`. The returned folder holds the lock until the caller has written its
    /// report and lets it go.
    /// - Throws: `OutputError` for a folder in use, not lth's or of another configuration;
    ///   `ExperimentError` for a damaged or foreign kept unit; what the units throw.
    public func run(output: URL?, progress: ExperimentProgress) throws -> (result: Result, folder: OutputFolder?) {
        let folder = try output.map(claim)
        return (try run(in: folder, progress: progress), folder)
    }
}
