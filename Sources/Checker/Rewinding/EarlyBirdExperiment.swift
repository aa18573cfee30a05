import Engine
import Foundation

/// `lth earlybird` as an `Experiment`: the dense run's networks at the checkpoint iterations and
/// the neuron-mask distances between them. Unit: the dense run (`dense`: W at every checkpoint);
/// the masks and distances are computed from it.
public struct EarlyBirdExperiment: Experiment {
    public static let command = "lth earlybird"

    /// The training; its `seed` seeds the initialization and the data order.
    public var training: TrainingConfiguration
    public var split: DataSplit
    /// The checkpoint iterations (increasing, at least two).
    public var steps: [Int]
    public var detector: EarlyBirdDetector

    public init(training: TrainingConfiguration, split: DataSplit, steps: [Int], detector: EarlyBirdDetector) {
        self.training = training
        self.split = split
        self.steps = steps
        self.detector = detector
    }

    public struct Configuration: Encodable {
        var training: TrainingConfiguration
        var trainChecksum: String
        var testChecksum: String?
        var steps: [Int]
        var detector: EarlyBirdDetector
    }

    public var configuration: Configuration {
        Configuration(training: training, trainChecksum: split.train.checksum, testChecksum: split.test?.checksum, steps: steps, detector: detector)
    }

    public var dataChecksum: String { split.train.checksum }

    public var unitCount: Int { 1 }

    public func run(units: ExperimentUnits, progress: ExperimentProgress) throws -> EarlyBirdResult {
        let trainer = SparseTrainer(configuration: training, trainingSet: split.train)
        let seed = training.seed
        let snapshots = try units.unit("dense", report: { progress.unit("dense network trained to T = \(trainer.totalIterations)" + ($0 ? " (kept from an earlier run)" : "")) }) {
            try trainer.train(from: trainer.initialNetwork(seed: seed), at: 0, dataOrderSeed: seed, snapshots: Set(steps)).snapshots
        }
        return try detector.detect(steps: steps, networks: steps.map { snapshots[$0]! })
    }
}
