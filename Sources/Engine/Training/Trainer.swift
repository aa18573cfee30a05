import Foundation
import LinearAlgebra

/// The per-iteration record passed to `Trainer.run(from:onStep:onCheckpoint:)`.
public struct StepRecord: Sendable {
    /// Iterations done before this one (the loss is evaluated at the parameters after `step` iterations).
    public var step: Int
    /// Loss of the batch used by iteration step+1 at those parameters, with the run's reduction
    /// (full batch: the training loss l(t) itself).
    public var loss: Double
    /// Full-batch squared-loss runs: ||u(step) - y||^2 / ||u(step-1) - y||^2 (nil at step 0 and otherwise).
    public var contraction: Double?
}

/// Trains a `TwoLayerNTK` or an `MLP` on a `Dataset` with full-batch gradient descent or
/// minibatch SGD, measuring and reporting the network at the scheduled checkpoints.
///
/// - Iteration t (t = 1..T) updates the parameters after t-1 iterations; checkpoint t holds
///   the parameters after t iterations (0 = initialization, always included, as is T).
/// - Minibatches: each epoch draws a permutation of the m samples (Fisher-Yates with
///   `SeededGenerator.nextIndex(below:)`, generator seeded with
///   `SeededGenerator.derivedSeed(seed, stream: 1)`) and cuts it into ceil(m/B) batches in
///   order (without replacement within an epoch; the last batch holds m - (ceil(m/B)-1) B samples).
/// - Divergence: the run stops with `TrainingError.nonFiniteLoss` when a loss is NaN or
///   infinite and with `TrainingError.diverged` when the per-sample batch loss exceeds
///   `divergenceFactor` times the initial per-sample training loss.
/// - Resumption: every checkpoint hands out its `TrainingState` (network, momentum buffers,
///   initial loss); `run(from:)` continues the run from it and `advance(from:to:)` takes it to
///   any later step, bit for bit as the uninterrupted run would.
///
/// Determinism: the initialization and the batch order come from `SeededGenerator` streams;
/// every reduction in the engine's own code sums in a fixed order inside one task of a
/// `ParallelLoop` (rows or columns split between threads, never a sum), or afterwards on one
/// thread; the fused C kernels of the NTK network and the two-layer MLP (`NTKKernel`,
/// `TwoLayerMLPKernel`) compute every output element in one call in a fixed order; the other
/// products go through `ThreadInvariantGEMM`, which issues OpenBLAS calls whose sums do not
/// depend on the thread count (OpenBLAS splits the output matrix between threads, and the inner
/// dimension is cut by the same rule on any thread count). The same
/// configuration therefore gives bit-identical weights on every run and on 1 or 2 threads
/// (`BLASRuntime.setThreadCount`, which also bounds the engine's own threads; checked by
/// `TrainingTests`).
public struct Trainer: Sendable {
    public var configuration: TrainingConfiguration
    /// The training set (m samples).
    public var trainingSet: Dataset
    /// The held-out set measured at each checkpoint (optional).
    public var testSet: Dataset?

    public init(configuration: TrainingConfiguration, trainingSet: Dataset, testSet: Dataset? = nil) {
        self.configuration = configuration
        self.trainingSet = trainingSet
        self.testSet = testSet
    }

    /// Iterations per epoch, ceil(m / B) (1 for full batch).
    public var iterationsPerEpoch: Int {
        let m = trainingSet.sampleCount, b = configuration.batchSize ?? m
        return max(1, (m + b - 1) / max(b, 1))
    }

    /// The total number of iterations T.
    public var totalIterations: Int { configuration.length.iterations(perEpoch: iterationsPerEpoch) }

    /// The checkpoint steps of this run (sorted, 0 and T included).
    public var checkpointSteps: [Int] { configuration.checkpoints.steps(total: totalIterations, perEpoch: iterationsPerEpoch) }

    /// The freshly initialized network of this configuration (seeded by `configuration.seed`).
    public func initialNetwork() -> Network {
        let c = configuration
        switch c.model {
        case .ntk:
            return .ntk(TwoLayerNTK(width: c.hiddenWidths[0], dimension: trainingSet.dimension, kappa: c.kappa, seed: c.seed))
        case .mlp:
            return .mlp(MLP(inputs: trainingSet.dimension, hiddenWidths: c.hiddenWidths, outputs: c.outputCount(for: trainingSet), seed: c.seed))
        }
    }

    /// Trains and returns every checkpoint (parameters and measurements) in order.
    public func train() throws -> [Checkpoint] {
        var checkpoints: [Checkpoint] = []
        try run(onCheckpoint: { checkpoints.append($0) })
        return checkpoints
    }

    /// Trains, calling `onStep` after every iteration's forward pass and `onCheckpoint` at every
    /// scheduled checkpoint (an error thrown by `onCheckpoint` stops the run).
    ///
    /// Resuming: with `state` (a checkpoint's `trainingState` from a run of this configuration),
    /// the loop starts at `state.step` with the state's network and momentum buffers, the batch
    /// order positioned at that step, and reports the step records from `state.step` and the
    /// checkpoints after it: bit for bit those of the uninterrupted run (`TrainingResumptionTests`).
    /// - Throws: `TrainingError.invalidArgument` when `state` does not fit this configuration
    ///   (model, shapes, momentum, step beyond T); the divergence errors; what `onCheckpoint` throws.
    public func run(from state: TrainingState? = nil, onStep: ((StepRecord) -> Void)? = nil,
                    onCheckpoint: (Checkpoint) throws -> Void) throws {
        _ = try loop(from: state, through: totalIterations, measuresCheckpoints: true, onStep: onStep, onCheckpoint: onCheckpoint)
    }

    /// Takes the iterations state.step+1 ... `step` from `state` without measuring any checkpoint
    /// and returns the state after `step` iterations: the parameters and buffers the
    /// uninterrupted run has after `step` iterations, bit for bit, whether or not `step` is a
    /// scheduled checkpoint (the divergence check sees the batch losses only).
    /// - Precondition-like errors: `TrainingError.invalidArgument` unless state.step <= step <= T
    ///   and `state` fits this configuration.
    public func advance(from state: TrainingState, to step: Int, onStep: ((StepRecord) -> Void)? = nil) throws -> TrainingState {
        guard step >= state.step && step <= totalIterations else {
            throw TrainingError.invalidArgument("cannot advance from step \(state.step) to step \(step) (the run has \(totalIterations) iterations)")
        }
        return try loop(from: state, through: step, measuresCheckpoints: false, onStep: onStep, onCheckpoint: { _ in })
    }

    /// Checks that `state` can continue a run of this configuration on `train` with `outputs` outputs.
    private func validate(_ state: TrainingState, outputs: Int) throws {
        let c = configuration, network = state.network
        guard network.kind == c.model, network.hiddenWidths == c.hiddenWidths,
              network.inputCount == trainingSet.dimension, network.outputCount == outputs else {
            throw TrainingError.invalidArgument("the training state holds a \(network.kind.rawValue) network \(network.inputCount)-\(network.hiddenWidths.map(String.init).joined(separator: "-"))-\(network.outputCount), not the configured \(c.model.rawValue) \(trainingSet.dimension)-\(c.hiddenWidths.map(String.init).joined(separator: "-"))-\(outputs)")
        }
        guard state.step >= 0 && state.step <= totalIterations else {
            throw TrainingError.invalidArgument("the training state is at step \(state.step), outside the run's 0...\(totalIterations)")
        }
        if c.momentum > 0 {
            let shapes = network.parameterTensorShapes
            guard let v = state.velocities, v.count == shapes.count,
                  zip(v, shapes).allSatisfy({ $0.count == $1.rows * $1.columns }) else {
                throw TrainingError.invalidArgument("the training state needs one momentum buffer per parameter tensor (momentum \(c.momentum))")
            }
        } else if state.velocities != nil {
            throw TrainingError.invalidArgument("the training state holds momentum buffers but the momentum is 0")
        }
    }

    /// The one training loop: from a fresh network (state nil, checkpoint 0 measured) or from
    /// `state`, through iteration `last`; returns the state after `last` iterations.
    private func loop(from state: TrainingState?, through last: Int, measuresCheckpoints: Bool,
                      onStep: ((StepRecord) -> Void)?, onCheckpoint: (Checkpoint) throws -> Void) throws -> TrainingState {
        let config = configuration
        let train = trainingSet, test = testSet
        try config.validate(for: train)
        if let test {
            guard test.dimension == train.dimension, test.sampleCount > 0 else {
                throw TrainingError.invalidArgument("the test set must be non-empty with dimension \(train.dimension) (has \(test.dimension))")
            }
        }
        let m = train.sampleCount, d = train.dimension
        let batch = config.batchSize ?? m
        let isFullBatch = batch == m
        let outputs = config.outputCount(for: train)
        if let state { try validate(state, outputs: outputs) }
        let first = state?.step ?? 0
        let schedule = measuresCheckpoints ? checkpointSteps.filter { state == nil || $0 > first } : []
        let isClassification = train.classLabels != nil
        let tracksContraction = isFullBatch && config.loss.kind == .squared

        let network = state?.network ?? initialNetwork()
        let update = SGDUpdate(learningRate: Float(config.learningRate), momentum: Float(config.momentum),
                               weightDecay: Float(config.weightDecay))
        let kernel: any TrainingKernel
        switch network {
        case .ntk(let model): kernel = NTKKernel(model: model, capacity: batch, reduction: config.loss.reduction, update: update)
        case .mlp(let model): kernel = model.trainingKernel(capacity: batch, loss: config.loss, update: update)
        }
        if let velocities = state?.velocities { kernel.restoreVelocities(velocities) }
        let trainBuffers = DataBuffers(train, outputs: outputs)
        let testBuffers = test.map { DataBuffers($0, outputs: outputs) }
        let batchBuffers = isFullBatch ? nil : DataBuffers(rows: batch, dimension: d, outputs: outputs)
        var batchOrder = BatchOrder(sampleCount: m, batchSize: batch,
                                    seed: SeededGenerator.derivedSeed(config.seed, stream: 1), startingAt: first)
        // ||u - y||^2 of the last step, and the per-step contractions since the last checkpoint
        // (their largest value and the running sum of their logarithms, in step order): nothing
        // is kept per iteration.
        var lastStepResidual = state?.previousStepResidual ?? Double.nan
        var intervalLargest = -Double.infinity, intervalLogSum = 0.0
        var initialMeanLoss = state?.initialMeanLoss ?? Double.nan
        var previousCheckpoint = first
        var nextCheckpoint = 0
        let reduce: (Double, Int) -> Double = { sum, rows in config.loss.reduction == .mean ? sum / Double(rows) : sum }
        func currentState(_ t: Int, network: Network? = nil) -> TrainingState {
            TrainingState(step: t, network: network ?? kernel.snapshot(), velocities: kernel.velocities(), initialMeanLoss: initialMeanLoss,
                          previousStepResidual: tracksContraction && t > 0 ? lastStepResidual : nil)
        }

        for t in first...last {
            if nextCheckpoint < schedule.count && schedule[nextCheckpoint] == t {
                nextCheckpoint += 1
                let trainEval = kernel.evaluate(x: trainBuffers.x, targets: trainBuffers.y, labels: trainBuffers.labels, rows: m)
                let meanLoss = trainEval.loss / Double(m)
                if t == 0 { initialMeanLoss = meanLoss }
                try checkDivergence(meanLoss, step: t, initial: initialMeanLoss)
                let snapshot = kernel.snapshot()
                var measurements = CheckpointMeasurements(
                    step: t, lossReduction: config.loss.reduction, trainLoss: reduce(trainEval.loss, m),
                    trainAccuracy: isClassification ? Double(trainEval.correct) / Double(m) : nil,
                    trainResidualNorm2: config.loss.kind == .squared ? 2 * trainEval.loss : nil,
                    maxWeightMovement: WeightMovement.maximum(snapshot))
                if let testBuffers, let test {
                    let e = kernel.evaluate(x: testBuffers.x, targets: testBuffers.y, labels: testBuffers.labels, rows: test.sampleCount)
                    measurements.testLoss = reduce(e.loss, test.sampleCount)
                    if test.classLabels != nil { measurements.testAccuracy = Double(e.correct) / Double(test.sampleCount) }
                }
                if tracksContraction && t > previousCheckpoint {
                    // The interval's last contraction compares this evaluation with the last step's loss.
                    let c = 2 * trainEval.loss / lastStepResidual
                    measurements.contractionMax = max(intervalLargest, c)
                    measurements.contractionGeometricMean = exp((intervalLogSum + log(c)) / Double(t - previousCheckpoint))
                }
                intervalLargest = -Double.infinity
                intervalLogSum = 0
                if config.measuresGramEigenvalue {
                    measurements.gramMinEigenvalue = try FiniteWidthGram.smallestEigenvalue(weights: snapshot.firstLayerWeights.current, x: train.x)
                }
                measurements.rho = NeuronSpread.rho(network: snapshot, x: train.x)
                previousCheckpoint = t
                try onCheckpoint(Checkpoint(step: t, network: snapshot, measurements: measurements,
                                            trainingState: currentState(t, network: snapshot)))
            }
            if t == last { break }

            let lossSum: Double
            let rows: Int
            if let batchBuffers {
                let slice = batchOrder.next()
                rows = slice.count
                batchBuffers.gather(from: trainBuffers, indices: batchOrder.order, start: slice.start, count: rows)
                lossSum = kernel.step(x: batchBuffers.x, targets: batchBuffers.y, labels: batchBuffers.labels, rows: rows)
            } else {
                rows = m
                lossSum = kernel.step(x: trainBuffers.x, targets: trainBuffers.y, labels: trainBuffers.labels, rows: m)
            }
            var contraction: Double? = nil
            if tracksContraction {
                let residual = 2 * lossSum
                if t > 0 {
                    let c = residual / lastStepResidual
                    contraction = c
                    if t > previousCheckpoint {
                        intervalLargest = max(intervalLargest, c)
                        intervalLogSum += log(c)
                    }
                }
                lastStepResidual = residual
            }
            try checkDivergence(lossSum / Double(rows), step: t, initial: initialMeanLoss)
            onStep?(StepRecord(step: t, loss: reduce(lossSum, rows), contraction: contraction))
        }
        return currentState(last)
    }

    private func checkDivergence(_ meanLoss: Double, step: Int, initial: Double) throws {
        guard meanLoss.isFinite else {
            throw TrainingError.nonFiniteLoss(step: step, learningRate: configuration.learningRate)
        }
        if initial > 0 && meanLoss > configuration.divergenceFactor * initial {
            throw TrainingError.diverged(step: step, loss: meanLoss, initialLoss: initial,
                                         factor: configuration.divergenceFactor, learningRate: configuration.learningRate)
        }
    }
}

/// A data set copied into owned buffers for the kernels: x (rows x d), y (rows x outputs;
/// one-hot from the labels for cross-entropy data whose targets are not), labels as Int32
/// (0 when absent).
final class DataBuffers {
    let rows: Int
    let dimension: Int
    let outputs: Int
    let x: UnsafeMutablePointer<Float>
    let y: UnsafeMutablePointer<Float>
    let labels: UnsafeMutablePointer<Int32>

    init(rows: Int, dimension: Int, outputs: Int) {
        self.rows = rows
        self.dimension = dimension
        self.outputs = outputs
        x = .allocate(capacity: max(1, rows * dimension))
        x.initialize(repeating: 0, count: max(1, rows * dimension))
        y = .allocate(capacity: max(1, rows * outputs))
        y.initialize(repeating: 0, count: max(1, rows * outputs))
        labels = .allocate(capacity: max(1, rows))
        labels.initialize(repeating: 0, count: max(1, rows))
    }

    convenience init(_ data: Dataset, outputs: Int) {
        self.init(rows: data.sampleCount, dimension: data.dimension, outputs: outputs)
        x.update(from: data.x.storage, count: data.x.storage.count)
        if data.outputCount == outputs {
            y.update(from: data.targets.storage, count: data.targets.storage.count)
        } else if let labels = data.classLabels {
            for i in 0..<rows where labels[i] < outputs { y[i * outputs + labels[i]] = 1 }
        }
        if let l = data.classLabels {
            for i in 0..<rows { labels[i] = Int32(l[i]) }
        }
    }

    deinit {
        x.deallocate()
        y.deallocate()
        labels.deallocate()
    }

    /// Copies the rows indices[start ..< start+count] of `source` into rows 0..<count (rows
    /// split between the threads of `ParallelLoop.shared`).
    func gather(from source: DataBuffers, indices: [Int], start: Int, count: Int) {
        indices.withUnsafeBufferPointer { indices in
            let pass = Gather(target: self, source: source, indices: indices.baseAddress! + start)
            ParallelLoop.shared.forEachRange(of: count, minimumLength: max(1, 16_384 / max(dimension, 1)), alignment: 1, with: pass) { pass, start, end in
                let p = pass.assumingMemoryBound(to: Gather.self).pointee
                let (d, c) = (p.target.dimension, p.target.outputs)
                for k in start..<end {
                    let i = p.indices[k]
                    (p.target.x + k * d).update(from: p.source.x + i * d, count: d)
                    (p.target.y + k * c).update(from: p.source.y + i * c, count: c)
                    p.target.labels[k] = p.source.labels[i]
                }
            }
        }
    }

    /// Operands of `gather`'s pass over rows (run on `ParallelLoop`).
    private struct Gather {
        unowned(unsafe) let target: DataBuffers
        unowned(unsafe) let source: DataBuffers
        let indices: UnsafePointer<Int>
    }
}
