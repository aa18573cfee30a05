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
    /// `Dataset.checksum` of the training data (recorded in every unit and verified on resume).
    var dataChecksum: String { get }
    /// The number of units a run reports (kept or computed).
    var unitCount: Int { get }
    /// Computes the result, taking every unit from `units` (kept or computed there).
    func run(units: ExperimentUnits, progress: ExperimentProgress) throws -> Result
}

extension Experiment {
    /// 16 hex digits of FNV-1a over the configuration's canonical JSON (sorted keys).
    public var configurationHash: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return FNV1a.hex(of: String(decoding: (try? encoder.encode(configuration)) ?? Data(), as: UTF8.self))
    }

    /// The owner recorded in the output folder: the command and the configuration hash.
    public var owner: OutputFolder.Owner { OutputFolder.Owner(command: Self.command, configuration: configurationHash) }

    /// Checks, without writing, that `output` can hold this experiment.
    /// - Throws: `OutputError` (`.notAFolder`, `.notWrittenByLTH`, `.otherConfiguration`).
    public func check(output: URL) throws {
        try OutputFolder.check(output, owner: owner)
    }

    /// Claims `output` (when given) for this configuration and runs, keeping the units in
    /// `output/units`. The returned folder holds the lock until the caller has written its
    /// report and lets it go.
    /// - Throws: `OutputError` for a folder in use, not lth's or of another configuration;
    ///   `ExperimentError` for a damaged or foreign kept unit; what the units throw.
    public func run(output: URL?, progress: ExperimentProgress) throws -> (result: Result, folder: OutputFolder?) {
        let folder = try output.map { try OutputFolder.claim($0, owner: owner) }
        let units = ExperimentUnits(folder: output?.appendingPathComponent(ExperimentUnits.folderName),
                                    configuration: configurationHash, dataChecksum: dataChecksum)
        return (try run(units: units, progress: progress), folder)
    }
}
