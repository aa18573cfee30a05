import Engine
import Foundation

/// `lth imp` as an `Experiment`: iterative magnitude pruning with rewinding over seeds. Units:
/// per seed, the dense run (W(T) and W(t) at every rewind point) and every level k at every
/// rewind point t (its record, mask and trained subnetwork), 1 + R L per seed. While a dense run
/// trains, its training state and the W(t) it has taken are kept as the experiment's state (at
/// rewind points and about every 5 s, at most 1/50 of the time; `ExperimentUnits.denseRun`), so
/// a run stopped part-way through it continues there rather than from W(0).
public struct IMPExperiment: Experiment {
    public static let command = "lth imp"

    public var imp: IMPConfiguration
    public var split: DataSplit
    /// The seeds of initialization and data order, in order.
    public var seeds: [UInt64]
    public var criterion: MatchingCriterion

    public init(imp: IMPConfiguration, split: DataSplit, seeds: [UInt64], criterion: MatchingCriterion) {
        self.imp = imp
        self.split = split
        self.seeds = seeds
        self.criterion = criterion
    }

    public struct Configuration: Encodable {
        var imp: IMPConfiguration
        var trainChecksum: String
        var testChecksum: String?
        var seeds: [UInt64]
        var criterion: MatchingCriterion
    }

    public var configuration: Configuration {
        Configuration(imp: imp, trainChecksum: split.train.checksum, testChecksum: split.test?.checksum, seeds: seeds, criterion: criterion)
    }

    public var dataChecksum: String { split.train.checksum }

    var runner: IterativeMagnitudePruning { IterativeMagnitudePruning(configuration: imp, trainingSet: split.train, testSet: split.test) }

    public var unitCount: Int { seeds.count * runner.stageCount }

    /// Every seed's runs, seed by seed.
    public func run(units: ExperimentUnits, progress: ExperimentProgress) throws -> [IMPRun] {
        let runner = self.runner
        let stages = KeptIMPStages(units: units)
        var runs: [IMPRun] = []
        for seed in seeds {
            runs += try runner.run(seed: seed, stages: stages, progress: { progress.unit(stages.describe($0)) })
        }
        // A state left by a run stopped between writing a dense unit and removing the state.
        try units.removeState()
        return runs
    }
}
