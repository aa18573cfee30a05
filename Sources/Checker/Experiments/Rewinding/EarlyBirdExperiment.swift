import Engine
import Foundation

/// `lth earlybird` as an `Experiment`: the dense run's neuron scores at the checkpoint iterations
/// and the neuron-mask distances between them. Units: one per checkpoint (`step-<t>`: the
/// scores of every hidden layer's neurons at t, as Float64 bits); the training state of a recent
/// checkpoint (network and momentum buffers; at most every 5 s) is kept beside them while the run
/// goes on, so that a run stopped at any moment continues from it (`Trainer.advance`, the same
/// steps bit for bit as one uninterrupted run) and keeps every finished unit; removed at the end.
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

    public var unitCount: Int { steps.count }

    /// The shortest time between two kept training states (default 5 s).
    public var stateInterval = ExperimentUnits.stateInterval

    public func run(units: ExperimentUnits, progress: ExperimentProgress) throws -> EarlyBirdResult {
        let trainer = Trainer(configuration: training, trainingSet: split.train)
        var state = try units.keptState(StoredTrainingState.self)?.state ?? trainer.initialState()
        var scores: [[[Double]]] = []
        // The state is kept at most every `stateInterval` (writing it costs as much as a few
        // hundred steps); a run stopped later continues from it and recomputes the units after
        // it that are missing, so which state is kept never changes a result.
        var lastKept = ContinuousClock.now
        for step in steps {
            let bits = try units.unit("step-\(step)", report: { kept in
                progress.unit("step \(step)/\(trainer.totalIterations): neuron scores" + (kept ? " (kept from an earlier run)" : ""))
            }) { () throws -> [Data] in
                guard state.step <= step else {
                    throw ExperimentError.damagedUnit(path: units.url("step-\(step)")?.path ?? "step-\(step)",
                                                      reason: "missing while the kept training state is at step \(state.step)")
                }
                state = try trainer.advance(from: state, to: step)
                guard case .mlp(let network) = state.network else { preconditionFailure("early-bird trains the MLP") }
                let computed = detector.score.scores(network).map(IEEEBits.data)
                if ContinuousClock.now - lastKept >= stateInterval {
                    try units.keepState(StoredTrainingState(state))
                    lastKept = ContinuousClock.now
                }
                return computed
            }
            scores.append(try bits.map { data in
                guard let values = IEEEBits.doubles(data) else {
                    throw ExperimentError.damagedUnit(path: units.url("step-\(step)")?.path ?? "step-\(step)", reason: "\(data.count) bytes of Float64 scores")
                }
                return values
            })
        }
        try units.removeState()
        return try detector.detect(steps: steps, scores: scores)
    }
}
