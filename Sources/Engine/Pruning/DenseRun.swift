/// A dense run part-way: the training state after `state.step` iterations and the snapshots
/// W(t) it has taken so far (every snapshot iteration t <= state.step, no other).
public struct DenseRunProgress: Sendable, Equatable {
    public var state: TrainingState
    public var snapshots: [Int: MLP]

    public init(state: TrainingState, snapshots: [Int: MLP]) {
        self.state = state
        self.snapshots = snapshots
    }
}

/// The dense run that IMP prunes (`IterativeMagnitudePruning`) and instability branches from
/// (`lth stability`'s parent run): W(0) = `MLP(seed:)` trained for T iterations with the data
/// order of `seed` by `Trainer` (its configuration with `seed`, no checkpoint measured but T),
/// keeping W(t) at every snapshot iteration t: bit for bit
/// `SparseTrainer.train(from: MLP(seed:), at: 0, dataOrderSeed: seed)` without a mask
/// (`DenseRunTests`), which only does not check the divergence of W(T)'s training loss.
///
/// Pausing and resuming: the run is taken in segments (`Trainer.advance(from:to:)`, the steps
/// of one uninterrupted run bit for bit whatever the segments) that end at every snapshot
/// iteration and, given a pause interval, after about half of it (the first segment is one
/// epoch; each next one is sized to take interval / 2 at the speed of the last, at most 16 times
/// as long, never shorter). It pauses, handing its progress to
/// `onPause`, at every snapshot iteration 0 < t < T and at the end of the first segment after
/// `pauseInterval` has passed since the last pause; `run(from:)` continues such a progress to
/// the result of the uninterrupted run. Iteration T is taken by `Trainer.run(from:)`, which
/// measures the training accuracy and loss of W(T); the test accuracy is `MLPEvaluation`'s.
/// The progress holds only the snapshots the run holds anyway.
public struct DenseRun: Sendable {
    /// The training, seeded by the run's seed (initialization and data order), without a test set.
    public let trainer: Trainer
    /// The held-out set of the final test accuracy (optional).
    public let testSet: Dataset?
    /// The iterations t whose weights W(t) are kept (those beyond T are ignored).
    public let snapshots: Set<Int>

    public init(configuration: TrainingConfiguration, seed: UInt64, trainingSet: Dataset, testSet: Dataset? = nil, snapshots: Set<Int>) {
        var config = configuration
        config.seed = seed
        config.checkpoints = .list([])
        trainer = Trainer(configuration: config, trainingSet: trainingSet)
        self.testSet = testSet
        self.snapshots = snapshots
    }

    /// The seed of the initialization and of the data order.
    public var seed: UInt64 { trainer.configuration.seed }

    /// Trains from `progress` (nil: from W(0)) to T.
    /// - Parameters:
    ///   - pauseInterval: the time between two pauses besides those at the snapshots (nil: only
    ///     at the snapshots).
    ///   - onPause: receives the progress at every pause; an error it throws stops the run.
    /// - Throws: `TrainingError.invalidArgument` for a progress that is not of this run (the
    ///   network's shape, a step at or beyond T, snapshots missing or not requested); the training's
    ///   errors (invalid configuration, divergence); what `onPause` throws.
    public func run(from progress: DenseRunProgress? = nil, pauseInterval: Duration? = nil,
                    onPause: (DenseRunProgress) throws -> Void = { _ in }) throws -> SparseTrainingRun {
        let total = trainer.totalIterations
        var current = try progress ?? DenseRunProgress(state: trainer.initialState(), snapshots: [:])
        if let progress { try validate(progress) }
        let step = current.state.step
        if snapshots.contains(step), current.snapshots[step] == nil { current.snapshots[step] = try Self.mlp(current.state) }
        let clock = ContinuousClock()
        var lastPause = clock.now
        var length = trainer.iterationsPerEpoch
        let ahead = snapshots.filter { $0 > step && $0 < total }.sorted()
        var nextSnapshot = 0
        while true {
            let from = current.state.step
            while nextSnapshot < ahead.count && ahead[nextSnapshot] <= from { nextSnapshot += 1 }
            var end = nextSnapshot < ahead.count ? ahead[nextSnapshot] : total
            if pauseInterval != nil { end = min(end, from + length) }
            guard end < total else { break }
            let began = clock.now
            current.state = try trainer.advance(from: current.state, to: end)
            let isSnapshot = snapshots.contains(end)
            if isSnapshot { current.snapshots[end] = try Self.mlp(current.state) }
            // The next segment takes about half the interval at the speed of this one (at most
            // 16 times as many iterations; never fewer).
            let took = clock.now - began
            if let interval = pauseInterval, took > .zero {
                length = min(total, Int(Double(length) * min(16, max(1, (interval / 2) / took))))
            }
            if isSnapshot || pauseInterval.map({ clock.now - lastPause >= $0 }) == true {
                try onPause(current)
                lastPause = clock.now
            }
        }
        var last: Checkpoint?
        try trainer.run(from: total == 0 ? nil : current.state, onCheckpoint: { if $0.step == total { last = $0 } })
        guard let last, case .mlp(let network) = last.network else { preconditionFailure("the run measures its MLP at T") }
        // Data without class labels: the sign accuracy of `MLPEvaluation`.
        let trainAccuracy = try last.measurements.trainAccuracy
            ?? MLPEvaluation(loss: trainer.configuration.loss).evaluate(network, on: trainer.trainingSet).accuracy
        if snapshots.contains(total) { current.snapshots[total] = network }
        let testAccuracy = try testSet.map { try MLPEvaluation(loss: trainer.configuration.loss).evaluate(network, on: $0).accuracy }
        return SparseTrainingRun(network: network, snapshots: current.snapshots, trainAccuracy: trainAccuracy,
                                 testAccuracy: testAccuracy, trainLoss: last.measurements.trainLoss)
    }

    /// Checks that `progress` can continue this run: a step in 0...T and the snapshots of the
    /// run up to that step (the network's shape and buffers are checked by `Trainer`).
    /// - Throws: `TrainingError.invalidArgument` naming what does not fit.
    public func validate(_ progress: DenseRunProgress) throws {
        let step = progress.state.step, total = trainer.totalIterations
        guard step >= 0, step < max(total, 1) else {
            throw TrainingError.invalidArgument("the dense run's progress is at step \(step), outside the run's 0..<\(max(total, 1)) (it pauses before T)")
        }
        let taken = Set(progress.snapshots.keys)
        guard taken.isSubset(of: snapshots.filter { $0 <= step }), snapshots.filter({ $0 < step }).isSubset(of: taken) else {
            throw TrainingError.invalidArgument("the dense run's progress at step \(step) holds the snapshots \(taken.sorted()), not those of this run up to that step")
        }
    }

    private static func mlp(_ state: TrainingState) throws -> MLP {
        guard case .mlp(let network) = state.network else {
            throw TrainingError.invalidArgument("the dense run trains an MLP, the progress holds a \(state.network.kind.rawValue) network")
        }
        return network
    }
}
