import Foundation
import Testing
import LinearAlgebra
@testable import Engine

/// `Trainer.run(from:)` and `Trainer.advance(from:to:)`: a run resumed from the `TrainingState`
/// of any checkpoint t0 reports, after t0, bit for bit the checkpoints (weights, momentum
/// buffers, measurements) and step records of the uninterrupted run.
@Suite(.serialized) struct TrainingResumptionTests {
    /// The three loops of the engine: the NTK network full batch (`NTKKernel`), a two-layer MLP
    /// with minibatch SGD, momentum and weight decay (`TwoLayerMLPKernel`), a deeper MLP with
    /// momentum (`MLPKernel`); batch sizes that do not divide m, so resumption crosses epochs
    /// mid-way.
    static let runs: [(name: String, configuration: TrainingConfiguration, data: Dataset)] = [
        ("ntk full batch", TrainingConfiguration(model: .ntk, hiddenWidths: [200], length: .iterations(12), learningRate: 0.05,
                                                 seed: 3, checkpoints: .every(3)),
         TrainingFixtures.twoClass(m: 64, d: 12, seed: 4)),
        ("ntk momentum minibatch", TrainingConfiguration(model: .ntk, hiddenWidths: [130], length: .iterations(10), learningRate: 0.02,
                                                         batchSize: 24, momentum: 0.9, weightDecay: 1e-3, seed: 3, checkpoints: .every(2)),
         TrainingFixtures.twoClass(m: 64, d: 12, seed: 5)),
        ("two-layer mlp sgd momentum", TrainingConfiguration(model: .mlp, hiddenWidths: [40], length: .iterations(11), learningRate: 0.05,
                                                             batchSize: 24, momentum: 0.9, weightDecay: 1e-4,
                                                             loss: Loss(kind: .crossEntropy, reduction: .mean), seed: 3,
                                                             checkpoints: .every(3)),
         TrainingFixtures.multiClass(m: 70, d: 10, classes: 3, seed: 6)),
        ("deep mlp momentum", TrainingConfiguration(model: .mlp, hiddenWidths: [24, 16], length: .iterations(9), learningRate: 0.05,
                                                    batchSize: 32, momentum: 0.8, loss: Loss(kind: .squared, reduction: .mean), seed: 3,
                                                    checkpoints: .every(2)),
         TrainingFixtures.multiClass(m: 50, d: 8, classes: 3, seed: 7)),
    ]

    static func bits(_ v: [[Float]]?) -> [[UInt32]]? { v?.map { $0.map(\.bitPattern) } }

    @Test(arguments: runs.indices)
    func resumingAtEveryCheckpointReproducesTheRunBitForBit(index: Int) throws {
        let (name, configuration, data) = Self.runs[index]
        let trainer = Trainer(configuration: configuration, trainingSet: data, testSet: data)
        var records: [StepRecord] = []
        var full: [Checkpoint] = []
        try trainer.run(onStep: { records.append($0) }, onCheckpoint: { full.append($0) })
        #expect(full.count >= 4, "\(name)")
        if configuration.momentum > 0 {
            #expect(full.last!.trainingState!.velocities!.contains { $0.contains { $0 != 0 } }, "\(name): momentum buffers are carried")
        }
        for (index, start) in full.enumerated() {
            let state = try #require(start.trainingState)
            #expect(state.step == start.step && state.network == start.network)
            var resumedRecords: [StepRecord] = []
            var resumed: [Checkpoint] = []
            try trainer.run(from: state, onStep: { resumedRecords.append($0) }, onCheckpoint: { resumed.append($0) })
            let expected = Array(full[(index + 1)...])
            #expect(resumed.map(\.step) == expected.map(\.step), "\(name) from \(start.step)")
            for (a, b) in zip(resumed, expected) {
                #expect(TrainingFixtures.bits(a.network) == TrainingFixtures.bits(b.network), "\(name) from \(start.step) at \(a.step)")
                #expect(a.measurements == b.measurements, "\(name) from \(start.step) at \(a.step)")
                #expect(a.trainingState == b.trainingState, "\(name) from \(start.step) at \(a.step)")
                #expect(Self.bits(a.trainingState?.velocities) == Self.bits(b.trainingState?.velocities))
            }
            let tail = records.filter { $0.step >= start.step }
            #expect(resumedRecords.map(\.loss.bitPattern) == tail.map(\.loss.bitPattern), "\(name) from \(start.step)")
            #expect(resumedRecords.map { $0.contraction?.bitPattern } == tail.map { $0.contraction?.bitPattern })
        }
    }

    @Test(arguments: runs.indices)
    func advancingToAnyStepMatchesTheScheduledCheckpoints(index: Int) throws {
        let (name, configuration, data) = Self.runs[index]
        let trainer = Trainer(configuration: configuration, trainingSet: data)
        let full = try trainer.train()
        let origin = try #require(full[1].trainingState)
        // Off-grid steps first (a chain of advances), then the scheduled ones from the origin.
        var state = origin
        for step in origin.step...trainer.totalIterations {
            state = try trainer.advance(from: state, to: step)
            #expect(state.step == step)
            if let checkpoint = full.first(where: { $0.step == step }) {
                #expect(state == checkpoint.trainingState!, "\(name): chained advance to \(step)")
            }
        }
        for checkpoint in full where checkpoint.step >= origin.step {
            #expect(try trainer.advance(from: origin, to: checkpoint.step) == checkpoint.trainingState!, "\(name) to \(checkpoint.step)")
        }
    }

    @Test func statesThatDoNotFitTheConfigurationAreRejected() throws {
        let (_, configuration, data) = Self.runs[2]
        let trainer = Trainer(configuration: configuration, trainingSet: data)
        let state = try #require(try trainer.train()[1].trainingState)
        var noMomentum = configuration
        noMomentum.momentum = 0
        #expect(throws: TrainingError.self) { try Trainer(configuration: noMomentum, trainingSet: data).run(from: state) { _ in } }
        var wider = configuration
        wider.hiddenWidths = [41]
        #expect(throws: TrainingError.self) { try Trainer(configuration: wider, trainingSet: data).run(from: state) { _ in } }
        var missing = state
        missing.velocities = nil
        #expect(throws: TrainingError.self) { try trainer.run(from: missing) { _ in } }
        #expect(throws: TrainingError.self) { _ = try trainer.advance(from: state, to: state.step - 1) }
        #expect(throws: TrainingError.self) { _ = try trainer.advance(from: state, to: trainer.totalIterations + 1) }
    }
}
