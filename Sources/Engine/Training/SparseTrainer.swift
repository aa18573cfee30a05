import LinearAlgebra

/// The result of one `SparseTrainer` run.
public struct SparseTrainingRun: Sendable {
    /// The parameters after the last iteration T.
    public var network: MLP
    /// The parameters after each requested snapshot iteration (iteration -> network).
    public var snapshots: [Int: MLP]
    /// Accuracy (fraction correct) of `network` on the training set.
    public var trainAccuracy: Double
    /// Accuracy of `network` on the test set (nil without one).
    public var testAccuracy: Double?
    /// Loss of `network` on the training set, with the run's reduction.
    public var trainLoss: Double
}

/// Trains an `MLP` from given parameters at iteration t to the end T under an optional fixed
/// weight mask: the training segment used by rewinding (the rewound weights m ⊙ W(t) trained
/// from t to T) and by branching (copies of W(t) trained with different data orders).
///
/// - Optimizer and loss: exactly `Trainer`'s (`configuration`: learning rate, batch, momentum,
///   weight decay with PyTorch semantics, loss). The momentum buffer starts at 0 at iteration t
///   (rewinding restores weights, not optimizer state, as in open_lth).
/// - Mask: after every update the bit patterns of each pruned weight and of its velocity are
///   ANDed with 0, so pruned weights are exactly +0 throughout (weight decay and momentum
///   included); biases are never masked. The start weights are masked before the first step.
/// - Data order: iteration j (0-based) uses batch j mod E of epoch floor(j / E), E = ceil(m / B),
///   and epoch e's permutation is the (e+1)-th Fisher-Yates shuffle of
///   `SeededGenerator(seed: derivedSeed(dataOrderSeed, stream: 1))`, exactly as in `Trainer`.
///   Starting at t replays the shuffles of epochs 0...floor(t / E), so the segment t..T sees the
///   same batches as iterations t..T of a run from 0 with the same `dataOrderSeed`, and with
///   `dataOrderSeed == configuration.seed` a run from `MLP(seed:)` at t = 0 is bit-identical
///   to `Trainer`. The data order is thus set independently of the initialization.
/// - Divergence: as `Trainer` (relative to the training loss at iteration t).
public struct SparseTrainer: Sendable {
    public var configuration: TrainingConfiguration
    public var trainingSet: Dataset
    public var testSet: Dataset?

    public init(configuration: TrainingConfiguration, trainingSet: Dataset, testSet: Dataset? = nil) {
        self.configuration = configuration
        self.trainingSet = trainingSet
        self.testSet = testSet
    }

    /// Iterations per epoch, ceil(m / B) (1 for full batch).
    public var iterationsPerEpoch: Int {
        Trainer(configuration: configuration, trainingSet: trainingSet).iterationsPerEpoch
    }

    /// The total number of iterations T.
    public var totalIterations: Int { configuration.length.iterations(perEpoch: iterationsPerEpoch) }

    /// The freshly initialized network for `seed` (PyTorch default init, `MLP(inputs:hiddenWidths:outputs:seed:)`).
    public func initialNetwork(seed: UInt64) -> MLP {
        MLP(inputs: trainingSet.dimension, hiddenWidths: configuration.hiddenWidths,
            outputs: configuration.outputCount(for: trainingSet), seed: seed)
    }

    /// Trains `start` (the parameters after `startIteration` iterations) to iteration T.
    /// - Parameters:
    ///   - mask: the fixed weight mask (nil: dense).
    ///   - dataOrderSeed: the seed of the batch order (see the type's documentation).
    ///   - snapshots: iterations in startIteration...T at which to keep the parameters.
    /// - Throws: `PruningError.rewindPastEnd` when startIteration > T, `PruningError.shapeMismatch`
    ///   for a mask or network of the wrong shape, `TrainingError` for an invalid configuration
    ///   or a diverging run.
    public func train(from start: MLP, at startIteration: Int, mask: PruningMask? = nil, dataOrderSeed: UInt64,
                      snapshots: Set<Int> = []) throws -> SparseTrainingRun {
        let config = configuration
        let train = trainingSet
        guard config.model == .mlp else {
            throw TrainingError.invalidArgument("pruning and rewinding train the mlp model (got the \(config.model.rawValue) model)")
        }
        try config.validate(for: train)
        let outputs = config.outputCount(for: train)
        guard start.inputCount == train.dimension, start.outputCount == outputs else {
            throw PruningError.shapeMismatch(what: "the start network", found: "\(start.inputCount) -> \(start.outputCount)",
                                             expected: "\(train.dimension) -> \(outputs)")
        }
        if let mask { try mask.check(against: start) }
        let total = totalIterations
        guard startIteration >= 0, startIteration <= total else {
            throw PruningError.rewindPastEnd(iteration: startIteration, total: total)
        }
        let m = train.sampleCount, d = train.dimension
        let batch = config.batchSize ?? m
        let update = SGDUpdate(learningRate: Float(config.learningRate), momentum: Float(config.momentum),
                               weightDecay: Float(config.weightDecay))
        let kernel = start.trainingKernel(capacity: batch, loss: config.loss, update: update, weightMasks: mask?.kept)
        let trainBuffers = DataBuffers(train, outputs: outputs)
        let batchBuffers = batch == m ? nil : DataBuffers(rows: batch, dimension: d, outputs: outputs)
        var batchOrder = BatchOrder(sampleCount: m, batchSize: batch,
                                    seed: SeededGenerator.derivedSeed(dataOrderSeed, stream: 1),
                                    startingAt: batchBuffers == nil ? 0 : startIteration)
        let initialEval = kernel.evaluate(x: trainBuffers.x, targets: trainBuffers.y, labels: trainBuffers.labels, rows: m)
        let initialMeanLoss = initialEval.loss / Double(m)
        var kept: [Int: MLP] = [:]
        func snapshot() -> MLP {
            guard case .mlp(var model) = kernel.snapshot() else { preconditionFailure("an MLP kernel returns an MLP") }
            model.initialFirstLayerWeights = start.initialFirstLayerWeights
            return model
        }
        for t in startIteration...total {
            if snapshots.contains(t) { kept[t] = snapshot() }
            if t == total { break }
            let lossSum: Double, rows: Int
            if let batchBuffers {
                let slice = batchOrder.next()
                rows = slice.count
                batchBuffers.gather(from: trainBuffers, indices: batchOrder.order, start: slice.start, count: rows)
                lossSum = kernel.step(x: batchBuffers.x, targets: batchBuffers.y, labels: batchBuffers.labels, rows: rows)
            } else {
                rows = m
                lossSum = kernel.step(x: trainBuffers.x, targets: trainBuffers.y, labels: trainBuffers.labels, rows: m)
            }
            let mean = lossSum / Double(rows)
            guard mean.isFinite else { throw TrainingError.nonFiniteLoss(step: t, learningRate: config.learningRate) }
            if initialMeanLoss > 0 && mean > config.divergenceFactor * initialMeanLoss {
                throw TrainingError.diverged(step: t, loss: mean, initialLoss: initialMeanLoss,
                                             factor: config.divergenceFactor, learningRate: config.learningRate)
            }
        }
        let final = kernel.evaluate(x: trainBuffers.x, targets: trainBuffers.y, labels: trainBuffers.labels, rows: m)
        var testAccuracy: Double? = nil
        if let test = testSet {
            testAccuracy = try MLPEvaluation(loss: config.loss).evaluate(snapshot(), on: test).accuracy
        }
        return SparseTrainingRun(network: snapshot(), snapshots: kept, trainAccuracy: Double(final.correct) / Double(m),
                                 testAccuracy: testAccuracy,
                                 trainLoss: config.loss.reduction == .mean ? final.loss / Double(m) : final.loss)
    }
}
