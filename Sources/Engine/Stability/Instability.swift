/// Instability of a network to SGD noise at iteration t (Frankle, Dziugaite, Roy and Carbin 2020):
/// copies of the same weights W(t) (dense, or m ⊙ W(t) for a subnetwork) are trained from t to
/// T with different data orders, and the error along the straight line between their final
/// weights is compared with the errors of the ends.
public struct InstabilityMeasurement: Sendable, Codable, Equatable {
    /// The branch iteration t.
    public var branchIteration: Int
    /// Kept / all weights of the network (1 for dense).
    public var density: Double
    /// alpha_j = j / (points - 1).
    public var alphas: [Double]
    /// Error along the line, averaged over the pairs of copies, per alpha.
    public var meanErrors: [Double]
    /// The error barrier of each pair (i, j), i < j, in lexicographic order.
    public var pairBarriers: [Double]
    /// Final errors of the copies (the line's ends).
    public var copyErrors: [Double]
    /// Mean of the pair barriers: max_alpha E(alpha) - (E(0) + E(1)) / 2, averaged over pairs.
    public var barrier: Double
    /// barrier < threshold.
    public var isStable: Bool
}

/// Measures instability (see `InstabilityMeasurement`).
///
/// - Copies: `copies` >= 2 networks start from the same weights at iteration t; copy j is
///   trained to T with data-order seed `derivedSeed(seed, stream: branchStream + j)`
///   (`SparseTrainer`; the same mask, the momentum buffer from 0).
/// - Line: `points` evenly spaced alphas (default 30, endpoints included); the error is
///   1 - accuracy on the test set (the training set when there is none).
/// - Barrier: max_alpha E(alpha) - (E(0) + E(1)) / 2 for each pair of copies, averaged over the
///   pairs; the network is stable at t when the barrier is below `threshold` (default 0.02, 2%).
public struct InstabilityAnalysis: Sendable {
    public var training: TrainingConfiguration
    public var trainingSet: Dataset
    public var testSet: Dataset?
    public var copies: Int
    public var points: Int
    public var threshold: Double

    /// Base stream number of the copies' data orders ("BR" followed by the copy index).
    public static let branchStream: UInt64 = 0x4252_0000

    public init(training: TrainingConfiguration, trainingSet: Dataset, testSet: Dataset? = nil,
                copies: Int = 2, points: Int = 30, threshold: Double = 0.02) {
        self.training = training
        self.trainingSet = trainingSet
        self.testSet = testSet
        self.copies = copies
        self.points = points
        self.threshold = threshold
    }

    /// Checks copies >= 2, points >= 2 and 0 <= threshold <= 1.
    public func validate() throws {
        guard copies >= 2 else {
            throw PruningError.invalidOption(.copies, value: "\(copies)", allowed: "at least 2 copies (instability compares two trained copies)")
        }
        guard points >= 2 else { throw PruningError.invalidOption(.interpolationPoints, value: "\(points)", allowed: "at least 2 points on the line") }
        guard threshold >= 0, threshold <= 1 else {
            throw PruningError.invalidOption(.stabilityThreshold, value: "\(threshold)", allowed: "an error difference in [0, 1]")
        }
    }

    /// Branches `start` (the weights at iteration `branchIteration`, already masked or not) into
    /// the copies, trains them under `mask`, and measures the line between them.
    /// - Throws: `PruningError` for bad options or a branch point past T; `TrainingError`.
    public func measure(start: MLP, at branchIteration: Int, mask: PruningMask? = nil, seed: UInt64) throws -> InstabilityMeasurement {
        try validate()
        let finals = try (0..<copies).map { try copy($0, start: start, at: branchIteration, mask: mask, seed: seed) }
        return try measure(copies: finals, branchIteration: branchIteration, density: mask?.density() ?? 1)
    }

    /// Copy `index` (0..<copies) branched from `start` at `branchIteration`: trained under
    /// `mask` to T with the data order of seed derivedSeed(seed, branchStream + index).
    /// - Throws: `PruningError` for a branch point past T or a mask of the wrong shape; `TrainingError`.
    public func copy(_ index: Int, start: MLP, at branchIteration: Int, mask: PruningMask? = nil, seed: UInt64) throws -> MLP {
        var config = training
        config.checkpoints = .list([])
        let trainer = SparseTrainer(configuration: config, trainingSet: trainingSet)
        let orderSeed = SeededGenerator.derivedSeed(seed, stream: InstabilityAnalysis.branchStream + UInt64(index))
        return try trainer.train(from: start, at: branchIteration, mask: mask, dataOrderSeed: orderSeed).network
    }

    /// The line measurements between already trained copies.
    public func measure(copies finals: [MLP], branchIteration: Int, density: Double = 1) throws -> InstabilityMeasurement {
        try validate()
        guard finals.count >= 2 else {
            throw PruningError.invalidOption(.copies, value: "\(finals.count)", allowed: "at least 2 copies (instability compares two trained copies)")
        }
        let data = testSet ?? trainingSet
        let evaluation = MLPEvaluation(loss: training.loss)
        var sums = [Double](repeating: 0, count: points)
        var barriers: [Double] = []
        for i in 0..<finals.count {
            for j in (i + 1)..<finals.count {
                let path = try LinearInterpolation.errors(from: finals[i], to: finals[j], count: points, on: data, evaluation: evaluation)
                for k in 0..<points { sums[k] += path[k] }
                barriers.append(LinearInterpolation.barrier(path))
            }
        }
        let pairs = Double(barriers.count)
        let barrier = barriers.reduce(0, +) / pairs
        return InstabilityMeasurement(branchIteration: branchIteration, density: density,
                                      alphas: LinearInterpolation.alphas(count: points), meanErrors: sums.map { $0 / pairs },
                                      pairBarriers: barriers, copyErrors: try finals.map { try evaluation.error($0, on: data) },
                                      barrier: barrier, isStable: barrier < threshold)
    }
}
