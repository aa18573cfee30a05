import LinearAlgebra

/// How a pruned network is fine-tuned: a short run of minibatch SGD (PyTorch's `torch.optim.SGD`
/// without dampening, Nesterov or weight decay, as in `TrainingConfiguration`) on *both* layers
/// of the pruned subnetwork, starting from the greedy weights.
///
/// Minibatches: each epoch draws a permutation of the m samples (Fisher-Yates with
/// `SeededGenerator.nextIndex(below:)`, generator seeded with
/// `SeededGenerator.derivedSeed(seed, stream: 1)`, as `Trainer` does) and cuts it into
/// ceil(m/B) batches in order (without replacement within an epoch); B = m is full batch.
public struct FineTuning: Sendable, Codable, Equatable {
    /// Number of SGD iterations (0: the network is returned unchanged).
    public var steps: Int
    public var learningRate: Double
    /// Minibatch size B (nil: full batch).
    public var batchSize: Int?
    public var momentum: Double
    /// The objective (default: mean softmax cross-entropy over the classes).
    public var loss: Loss
    /// Seed of the batch order.
    public var seed: UInt64

    public init(steps: Int, learningRate: Double, batchSize: Int? = nil, momentum: Double = 0,
                loss: Loss = Loss(kind: .crossEntropy, reduction: .mean), seed: UInt64 = 0) {
        self.steps = steps
        self.learningRate = learningRate
        self.batchSize = batchSize
        self.momentum = momentum
        self.loss = loss
        self.seed = seed
    }
}

extension GreedySelection {
    /// The pruned network as a standalone two-layer `MLP` with K = `selectedNeurons.count`
    /// hidden neurons (each selected neuron once; its multiplicity is in its output weight):
    ///     first layer: rows `selectedNeurons` of the dense W_1 and of its bias,
    ///     output layer: weights `prunedOutputWeights`^T (C x K), bias the dense output bias c,
    /// so that its output is c + sum_t relu(w_t . x + bias_t) prunedOutputWeights[t, :], i.e.
    /// c + v_k on the training set (`prunedOutput(denseActivations:)`). Its
    /// `initialFirstLayerWeights` are the same rows of the dense network's W_1(0).
    /// - Precondition: `dense` has one hidden layer containing the selected neurons and the
    ///   selection's number of outputs.
    public func prunedNetwork(from dense: MLP) -> MLP {
        precondition(dense.layers.count == 2, "the pruned network is defined for a two-layer MLP")
        let hidden = dense.layers[0], output = dense.layers[1]
        precondition(selectedNeurons.allSatisfy { $0 < hidden.outputCount }, "selected neuron outside the dense hidden layer")
        precondition(output.outputCount == prunedOutputWeights.columns, "the dense network has \(output.outputCount) outputs, the selection \(prunedOutputWeights.columns)")
        let d = hidden.inputCount, k = selectedNeurons.count, c = output.outputCount
        var w1 = [Float](repeating: 0, count: k * d)
        var w1Initial = [Float](repeating: 0, count: k * d)
        var b1 = [Float](repeating: 0, count: k)
        for (t, r) in selectedNeurons.enumerated() {
            for j in 0..<d {
                w1[t * d + j] = hidden.weights[r, j]
                w1Initial[t * d + j] = dense.initialFirstLayerWeights[r, j]
            }
            b1[t] = hidden.bias[r]
        }
        var w2 = [Float](repeating: 0, count: c * k)
        for o in 0..<c { for t in 0..<k { w2[o * k + t] = prunedOutputWeights[t, o] } }
        return MLP(layers: [DenseLayer(weights: Matrix(rows: k, columns: d, storage: w1), bias: b1),
                            DenseLayer(weights: Matrix(rows: c, columns: k, storage: w2), bias: outputBias)],
                   initialFirstLayerWeights: Matrix(rows: k, columns: d, storage: w1Initial))
    }
}

extension MLP {
    /// This network after `fineTuning.steps` SGD iterations on `data` (see `FineTuning`), run by
    /// the same kernel as `Trainer` (forward by sgemm, softmax cross-entropy or squared loss,
    /// `SGDUpdate`). Deterministic for a given seed.
    /// - Parameter record: called with the batch loss (the run's reduction, evaluated before the
    ///   update) of every iteration, in order.
    /// - Throws: `TrainingError.invalidArgument` for a bad option (steps < 0, learning rate, momentum,
    ///   batch size outside 1...m, cross-entropy without class labels, an output count that does not
    ///   match the data); `TrainingError.nonFiniteLoss` when a loss becomes NaN or infinite.
    public func fineTuned(on data: Dataset, _ fineTuning: FineTuning,
                          record: ((Double) -> Void)? = nil) throws -> MLP {
        let m = data.sampleCount
        guard fineTuning.steps >= 0 else { throw TrainingError.invalidArgument("invalid fine-tune steps \(fineTuning.steps) (allowed: an integer >= 0)") }
        guard fineTuning.learningRate > 0, fineTuning.learningRate.isFinite else {
            throw TrainingError.invalidArgument("invalid fine-tune learning rate \(fineTuning.learningRate) (allowed: a finite number > 0)")
        }
        guard fineTuning.momentum >= 0, fineTuning.momentum < 1 else {
            throw TrainingError.invalidArgument("invalid fine-tune momentum \(fineTuning.momentum) (allowed: 0 <= momentum < 1)")
        }
        guard m > 0, data.dimension == inputCount else {
            throw TrainingError.invalidArgument("the fine-tune data must be non-empty with dimension \(inputCount) (has \(m) samples of dimension \(data.dimension))")
        }
        let batch = fineTuning.batchSize ?? m
        guard (1...m).contains(batch) else {
            throw TrainingError.invalidArgument("invalid fine-tune batch size \(batch) (allowed: 1 to the number of training samples, \(m))")
        }
        if fineTuning.loss.kind == .crossEntropy {
            guard data.classLabels != nil, let c = data.classCount, c == outputCount else {
                throw TrainingError.invalidArgument("cross-entropy fine-tuning needs class labels with \(outputCount) classes (the network's outputs)")
            }
        } else {
            guard data.outputCount == outputCount else {
                throw TrainingError.invalidArgument("squared-loss fine-tuning needs \(outputCount) target columns (the data has \(data.outputCount))")
            }
        }
        if fineTuning.steps == 0 { return self }

        let update = SGDUpdate(learningRate: Float(fineTuning.learningRate), momentum: Float(fineTuning.momentum), weightDecay: 0)
        let kernel = trainingKernel(capacity: batch, loss: fineTuning.loss, update: update)
        let all = DataBuffers(data, outputs: outputCount)
        let batchBuffers = batch == m ? nil : DataBuffers(rows: batch, dimension: data.dimension, outputs: outputCount)
        var batchOrder = BatchOrder(sampleCount: m, batchSize: batch, seed: SeededGenerator.derivedSeed(fineTuning.seed, stream: 1))
        for step in 0..<fineTuning.steps {
            let sum: Double
            let rows: Int
            if let batchBuffers {
                let slice = batchOrder.next()
                rows = slice.count
                batchBuffers.gather(from: all, indices: batchOrder.order, start: slice.start, count: rows)
                sum = kernel.step(x: batchBuffers.x, targets: batchBuffers.y, labels: batchBuffers.labels, rows: rows)
            } else {
                rows = m
                sum = kernel.step(x: all.x, targets: all.y, labels: all.labels, rows: m)
            }
            guard sum.isFinite else { throw TrainingError.nonFiniteLoss(step: step, learningRate: fineTuning.learningRate) }
            record?(fineTuning.loss.reduction == .mean ? sum / Double(rows) : sum)
        }
        guard case .mlp(let tuned) = kernel.snapshot() else { preconditionFailure("the MLP kernel returns an MLP") }
        return MLP(layers: tuned.layers, initialFirstLayerWeights: initialFirstLayerWeights)
    }
}
