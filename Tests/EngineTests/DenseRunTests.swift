import Testing
@testable import Engine

/// `DenseRun`: the dense run of IMP and of instability's parent, taken in segments that can
/// pause and continue, against `SparseTrainer`'s dense run from W(0) (the run it replaced).
@Suite struct DenseRunTests {
    static func bits(_ run: SparseTrainingRun) -> [String] {
        [PruningFixtures.bits(run.network).description, run.trainAccuracy.bitPattern.description,
         run.testAccuracy.map { $0.bitPattern.description } ?? "-", run.trainLoss.bitPattern.description]
            + run.snapshots.sorted { $0.key < $1.key }.map { "\($0.key): \(PruningFixtures.bits($0.value))" }
    }

    /// Both MLP kernels, with momentum (the buffers cross every pause) and without.
    @Test(arguments: [([16, 8], 0.9), ([20], 0.0), ([20], 0.5)])
    func pausedAndContinuedRunsAreTheUninterruptedRun(widths: [Int], momentum: Double) throws {
        var config = PruningFixtures.configuration(iterations: 40, momentum: momentum, weightDecay: 0.001)
        config.hiddenWidths = widths
        let snapshots: Set<Int> = [0, 6, 13, 40]
        let trainer = SparseTrainer(configuration: config, trainingSet: PruningFixtures.train, testSet: PruningFixtures.test)
        let reference = try trainer.train(from: trainer.initialNetwork(seed: 5), at: 0, dataOrderSeed: 5, snapshots: snapshots)
        let run = DenseRun(configuration: config, seed: 5, trainingSet: PruningFixtures.train, testSet: PruningFixtures.test, snapshots: snapshots)
        #expect(Self.bits(try run.run()) == Self.bits(reference))
        // A zero interval pauses after every segment (one epoch, 7 iterations, or up to a snapshot).
        var pauses: [DenseRunProgress] = []
        let paused = try run.run(pauseInterval: .zero) { pauses.append($0) }
        #expect(Self.bits(paused) == Self.bits(reference))
        #expect(pauses.map(\.state.step) == [6, 13, 20, 27, 34])
        #expect(pauses.map { $0.snapshots.keys.sorted() } == [[0, 6], [0, 6, 13], [0, 6, 13], [0, 6, 13], [0, 6, 13]])
        // Without an interval the run pauses at the snapshots inside (0, T) only.
        var atSnapshots: [Int] = []
        _ = try run.run { atSnapshots.append($0.state.step) }
        #expect(atSnapshots == [6, 13])
        for progress in pauses {
            #expect(Self.bits(try run.run(from: progress)) == Self.bits(reference), "continued from step \(progress.state.step)")
        }
    }

    @Test func aProgressWithoutTheSnapshotsOfItsStepsIsRefused() throws {
        let run = DenseRun(configuration: PruningFixtures.configuration(iterations: 20), seed: 1, trainingSet: PruningFixtures.train, snapshots: [0, 5])
        var kept: DenseRunProgress?
        _ = try run.run { kept = $0 }
        var progress = try #require(kept)
        #expect(progress.state.step == 5)
        progress.snapshots[0] = nil
        #expect(throws: TrainingError.self) { try run.run(from: progress) }
        progress.snapshots[0] = progress.snapshots[5]
        progress.snapshots[3] = progress.snapshots[5]
        #expect(throws: TrainingError.self) { try run.run(from: progress) }
        // A run pauses before T: a progress at T is not one of its pauses.
        progress.snapshots[3] = nil
        progress.state = try run.trainer.advance(from: progress.state, to: 20)
        #expect(throws: TrainingError.self) { try run.run(from: progress) }
    }
}
