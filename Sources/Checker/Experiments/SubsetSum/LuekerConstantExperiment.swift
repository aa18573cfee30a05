import Engine
import Foundation

/// The measurement of Lueker's SubsetSum constant as `lth subsetsum measure` runs it (THEORY.md
/// section 5): the trials and the bootstrap of `LuekerExperiment`, timed, with the tables and
/// figures of `LuekerMeasurement+Report` written into an output folder (claimed for this
/// configuration by `OutputFolder` before anything is measured).
public struct LuekerConstantExperiment: Sendable {
    /// The command that owns the output folder.
    public static let command = "lth subsetsum measure"

    public var epsilons: [Double]
    public var trials: Int
    /// The seed of the trials and of the bootstrap.
    public var seed: UInt64
    /// The largest n tried, at most `SubsetSums.exactLimit`.
    public var maximumCount: Int
    public var bootstrapResamples: Int

    public init(epsilons: [Double], trials: Int, seed: UInt64, maximumCount: Int, bootstrapResamples: Int) {
        self.epsilons = epsilons
        self.trials = trials
        self.seed = seed
        self.maximumCount = maximumCount
        self.bootstrapResamples = bootstrapResamples
    }

    /// The measurement, its wall time and the files written.
    public struct Result: Sendable {
        public let measurement: LuekerMeasurement
        /// Wall time of the trials and the bootstrap (not of the writing).
        public let seconds: Double
        /// The files written into the output folder (tables, figures, then the PDFs of the
        /// figures), in order; empty without a folder.
        public let written: [URL]
    }

    /// The owner of the output folder: the command and the hash of the settings `eps`,
    /// `trials`, `seed`, `max-n` and `resamples`.
    public var owner: OutputFolder.Owner {
        OutputFolder.Owner(command: Self.command, settings: [
            ("eps", epsilons.map { "\($0)" }.joined(separator: ",")), ("trials", String(trials)), ("seed", String(seed)),
            ("max-n", String(maximumCount)), ("resamples", String(bootstrapResamples))])
    }

    /// Checks the parameters, then the memory (`checkMemory`), claims `output` (when given),
    /// measures, and writes the exports (`exports(latexFloat:)`, by `FigurePDF.write`) into it.
    /// - Throws: `SubsetSumError.invalidParameter` (before anything else), what `checkMemory`
    ///   throws, `OutputError` for a folder that cannot be claimed, `SubsetSumError.fitImpossible`,
    ///   `CheckerError.unwritable` and `OutputError.unwritable` from the writing.
    public func run(output: URL?, latexFloat: Bool, checkMemory: MemoryCheck) throws -> Result {
        let experiment = try LuekerExperiment(epsilons: epsilons, trials: trials, seed: seed, maximumCount: maximumCount,
                                              bootstrapResamples: bootstrapResamples)
        try checkMemory(MemoryEstimate.subsetSumMeasurement(epsilons: epsilons.count, trials: trials, maximumCount: maximumCount,
                                                             resamples: bootstrapResamples), [:])
        let folder = try output.map { try OutputFolder.claim($0, owner: owner) }
        return try withExtendedLifetime(folder) {
            let start = Date()
            let measurement = try experiment.run()
            let seconds = Date().timeIntervalSince(start)
            let written = try output.map { try FigurePDF.write(measurement.exports(latexFloat: latexFloat), to: $0) } ?? []
            return Result(measurement: measurement, seconds: seconds, written: written)
        }
    }
}
