import Engine
import Foundation
import Testing
@testable import Checker

/// `EarlyBirdExperiment` trains checkpoint to checkpoint with `Trainer.advance` so that it can
/// stop and continue anywhere; its networks must be those of the one dense `SparseTrainer` run
/// the early-bird measurement was defined on, bit for bit, and so its result.
@Suite struct EarlyBirdExperimentTests {
    static let split = try! DataRecipe(source: "synthetic:sphere?m=240&d=6&seed=5", samples: 200, seed: 0, unitNorm: false).load()

    static func training(momentum: Double, weightDecay: Double, batch: Int?, loss: LossKind) -> TrainingConfiguration {
        TrainingConfiguration(model: .mlp, hiddenWidths: [24, 12], length: .iterations(90), learningRate: 0.05, batchSize: batch,
                              momentum: momentum, weightDecay: weightDecay, loss: Loss(kind: loss, reduction: .mean), seed: 7)
    }

    static let steps = [0, 9, 10, 30, 31, 60, 90]

    @Test(arguments: [(0.9, 0.0, Optional(20), LossKind.crossEntropy), (0.5, 1e-3, Optional(16), .squared), (0.0, 0.0, nil, .squared)])
    func checkpointsAreThoseOfTheOneDenseRun(momentum: Double, weightDecay: Double, batch: Int?, loss: LossKind) throws {
        let config = Self.training(momentum: momentum, weightDecay: weightDecay, batch: batch, loss: loss)
        let sparse = SparseTrainer(configuration: config, trainingSet: Self.split.train)
        let reference = try sparse.train(from: sparse.initialNetwork(seed: 7), at: 0, dataOrderSeed: 7, snapshots: Set(Self.steps))
        let detector = EarlyBirdDetector(densities: [0.5], window: 2, threshold: 0.2)
        let experiment = EarlyBirdExperiment(training: config, split: Self.split, steps: Self.steps, detector: detector)

        // The networks the experiment steps through, checkpoint by checkpoint.
        let trainer = Trainer(configuration: config, trainingSet: Self.split.train)
        var first: TrainingState?
        struct Stop: Error {}
        do { try trainer.run(onCheckpoint: { first = $0.trainingState; throw Stop() }) } catch is Stop {}
        var state = try #require(first)
        for step in Self.steps {
            state = try trainer.advance(from: state, to: step)
            #expect(state.network == .mlp(reference.snapshots[step]!), "step \(step)")
        }
        let expected = try detector.detect(steps: Self.steps, networks: Self.steps.map { reference.snapshots[$0]! })
        #expect(try experiment.run(units: ExperimentUnits(folder: nil, configuration: experiment.configurationHash,
                                                          dataChecksum: experiment.dataChecksum), progress: .silent) == expected)
    }

    /// A run stopped after the unit of checkpoint k (units after it missing, the state of a
    /// checkpoint j <= k kept) continues from the state: same result, same files, no state left.
    @Test(arguments: [(2, 2), (4, 1), (5, 0)])
    func aStoppedRunContinuesFromItsKeptState(lastUnit: Int, stateAt: Int) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lth-earlybird-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let config = Self.training(momentum: 0.9, weightDecay: 1e-4, batch: 20, loss: .crossEntropy)
        var experiment = EarlyBirdExperiment(training: config, split: Self.split, steps: Self.steps,
                                             detector: EarlyBirdDetector(densities: [0.3, 0.6], window: 2, threshold: 0.2))
        experiment.stateInterval = .zero
        let whole = root.appendingPathComponent("whole"), stopped = root.appendingPathComponent("stopped")
        let expected = try experiment.run(output: whole, progress: .silent).result
        // What a kill leaves: the units up to k, and the state of checkpoint j.
        let units = ExperimentUnits(folder: stopped.appendingPathComponent(ExperimentUnits.folderName),
                                    configuration: experiment.configurationHash, dataChecksum: experiment.dataChecksum)
        try FileManager.default.createDirectory(at: units.folder!, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: whole.appendingPathComponent(OutputFolder.markerFileName),
                                         to: stopped.appendingPathComponent(OutputFolder.markerFileName))
        for step in Self.steps[...lastUnit] {
            try FileManager.default.copyItem(at: whole.appendingPathComponent("units/step-\(step).json"), to: units.url("step-\(step)")!)
        }
        let trainer = Trainer(configuration: config, trainingSet: Self.split.train)
        var first: TrainingState?
        struct Stop: Error {}
        do { try trainer.run(onCheckpoint: { first = $0.trainingState; throw Stop() }) } catch is Stop {}
        try units.keepState(StoredTrainingState(try trainer.advance(from: try #require(first), to: Self.steps[stateAt])))
        var kept = 0
        let resumed = try experiment.run(output: stopped, progress: ExperimentProgress(unit: { if $0.contains("kept") { kept += 1 } })).result
        #expect(resumed == expected)
        #expect(kept == lastUnit + 1)
        let a = try FileManager.default.contentsOfDirectory(atPath: units.folder!.path).sorted()
        #expect(a == (try FileManager.default.contentsOfDirectory(atPath: whole.appendingPathComponent("units").path).sorted()))
        for name in a {
            #expect(try Data(contentsOf: units.folder!.appendingPathComponent(name)) == Data(contentsOf: whole.appendingPathComponent("units/" + name)))
        }
        #expect(!a.contains("state.json"))
        // The kept state is what the run continues from: another run's state changes the units after it.
        if lastUnit < Self.steps.count - 1 {
            try FileManager.default.removeItem(at: stopped)
            try FileManager.default.createDirectory(at: units.folder!, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: whole.appendingPathComponent(OutputFolder.markerFileName),
                                             to: stopped.appendingPathComponent(OutputFolder.markerFileName))
            for step in Self.steps[...lastUnit] {
                try FileManager.default.copyItem(at: whole.appendingPathComponent("units/step-\(step).json"), to: units.url("step-\(step)")!)
            }
            var other = config
            other.seed = 8
            let otherTrainer = Trainer(configuration: other, trainingSet: Self.split.train)
            var otherFirst: TrainingState?
            do { try otherTrainer.run(onCheckpoint: { otherFirst = $0.trainingState; throw Stop() }) } catch is Stop {}
            try units.keepState(StoredTrainingState(try otherTrainer.advance(from: try #require(otherFirst), to: Self.steps[stateAt])))
            let diverted = try experiment.run(output: stopped, progress: .silent).result
            #expect(diverted.tracks.map(\.pairwiseDistances) != expected.tracks.map(\.pairwiseDistances))
        }
    }

    /// A state kept as a unit reads back equal (network, momentum buffers, divergence reference).
    @Test func keptStateRoundTrips() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lth-state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = Self.training(momentum: 0.9, weightDecay: 0, batch: 20, loss: .crossEntropy)
        let trainer = Trainer(configuration: config, trainingSet: Self.split.train)
        var states: [TrainingState] = []
        try trainer.run(onCheckpoint: { states.append($0.trainingState!) })
        let units = ExperimentUnits(folder: folder, configuration: "0123456789abcdef", dataChecksum: Self.split.train.checksum)
        for state in states {
            try units.keepState(StoredTrainingState(state))
            #expect(try units.keptState(StoredTrainingState.self)?.state == state)
        }
        let other = ExperimentUnits(folder: folder, configuration: "fedcba9876543210", dataChecksum: Self.split.train.checksum)
        #expect(throws: ExperimentError.self) { _ = try other.keptState(StoredTrainingState.self) }
        try units.removeState()
        #expect(try units.keptState(StoredTrainingState.self) == nil)
    }
}
