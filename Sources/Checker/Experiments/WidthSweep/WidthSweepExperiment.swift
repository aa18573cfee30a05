import Engine
import Foundation

/// `lth sweep` as an `Experiment`: every (N, seed) run of the width sweep is one unit, kept in
/// `OUT/units` under the configuration hash and the data checksum, so an interrupted sweep
/// (Ctrl-C, `kill -9`) continues at the first missing run and gives the same tables. A kept
/// run records the seconds it took when it was computed.
public struct WidthSweepExperiment: Experiment {
    public static let command = "lth sweep"
    public let configuration: WidthSweepConfiguration
    public let dataChecksum: String

    /// Checks the configuration and reads the data's checksum (the data is loaded again by the run).
    /// - Throws: `CheckerError` for a bad value, `DataError` for data that cannot be read.
    public init(configuration: WidthSweepConfiguration) throws {
        try configuration.validate()
        self.configuration = configuration
        dataChecksum = try WidthSweep.trainingSet(configuration).checksum
    }

    /// One unit per width and seed.
    public var unitCount: Int { configuration.sortedWidths.count * configuration.seeds.count }

    public func run(units: ExperimentUnits, progress: ExperimentProgress) throws -> WidthSweep {
        try WidthSweep.run(configuration, units: units, progress: progress)
    }
}
