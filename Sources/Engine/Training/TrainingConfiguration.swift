/// Everything that determines a training run besides the data.
///
/// Optimizer (PyTorch's `torch.optim.SGD` without dampening or Nesterov): with gradient g of
/// the loss on the current batch (full batch when `batchSize` is nil),
///     g <- g + weightDecay * theta;  v <- momentum * v + g (v(0) = 0);  theta <- theta - learningRate * v
/// (with momentum 0 this is theta <- (1 - learningRate * weightDecay) theta - learningRate * g).
/// Weight decay applies to every trained parameter, biases included. For the NTK network only
/// W is trained (a is fixed).
public struct TrainingConfiguration: Sendable, Codable, Equatable {
    public var model: ModelKind
    /// Hidden widths: exactly one entry N for `ntk`; one or more for `mlp`.
    public var hiddenWidths: [Int]
    public var length: TrainingLength
    public var learningRate: Double
    /// Minibatch size B, sampled without replacement within an epoch (a fresh seeded
    /// permutation per epoch); nil means full-batch gradient descent.
    public var batchSize: Int?
    public var momentum: Double
    public var weightDecay: Double
    public var loss: Loss
    /// Initial weight scale kappa of the NTK network (ignored by `mlp`).
    public var kappa: Double
    /// Seed of the initialization (and, through `SeededGenerator.derivedSeed(_:stream: 1)`, of the batch order).
    public var seed: UInt64
    public var checkpoints: CheckpointSchedule
    /// Training stops with `TrainingError.diverged` when the per-sample loss exceeds this
    /// factor times the initial per-sample loss (default 1e3).
    public var divergenceFactor: Double
    /// Whether to compute lambda_min(H(t)) at every checkpoint (NTK only; costs m^2 N + O(m^3)).
    public var measuresGramEigenvalue: Bool

    public init(model: ModelKind, hiddenWidths: [Int], length: TrainingLength, learningRate: Double,
                batchSize: Int? = nil, momentum: Double = 0, weightDecay: Double = 0,
                loss: Loss = Loss(kind: .squared, reduction: .sum), kappa: Double = 1, seed: UInt64 = 0,
                checkpoints: CheckpointSchedule = .list([]), divergenceFactor: Double = 1e3,
                measuresGramEigenvalue: Bool = false) {
        self.model = model
        self.hiddenWidths = hiddenWidths
        self.length = length
        self.learningRate = learningRate
        self.batchSize = batchSize
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.loss = loss
        self.kappa = kappa
        self.seed = seed
        self.checkpoints = checkpoints
        self.divergenceFactor = divergenceFactor
        self.measuresGramEigenvalue = measuresGramEigenvalue
    }

    /// Checks the configuration against a training set; throws `TrainingError.invalidArgument`.
    public func validate(for data: Dataset) throws {
        func fail(_ message: String) -> TrainingError { .invalidArgument(message) }
        guard data.sampleCount > 0 else { throw fail("the training set is empty") }
        guard !hiddenWidths.isEmpty, hiddenWidths.allSatisfy({ $0 > 0 }) else {
            throw fail("invalid width \(hiddenWidths) (allowed: positive integers)")
        }
        guard learningRate > 0, learningRate.isFinite else { throw fail("invalid learning rate \(learningRate) (allowed: a finite number > 0)") }
        guard momentum >= 0, momentum < 1 else { throw fail("invalid momentum \(momentum) (allowed: 0 <= momentum < 1)") }
        guard weightDecay >= 0, weightDecay.isFinite else { throw fail("invalid weight decay \(weightDecay) (allowed: a finite number >= 0)") }
        guard divergenceFactor > 1 else { throw fail("invalid divergence factor \(divergenceFactor) (allowed: > 1)") }
        if let b = batchSize, !(1...data.sampleCount).contains(b) {
            throw fail("invalid batch size \(b) (allowed: 1 to the number of training samples, \(data.sampleCount))")
        }
        let perEpoch = max(1, (data.sampleCount + (batchSize ?? data.sampleCount) - 1) / (batchSize ?? data.sampleCount))
        let total = length.iterations(perEpoch: perEpoch)
        guard total <= TrainingLength.maximumIterations else {
            throw fail("invalid training length \(length): \(total == Int.max ? "more than 9.2e18" : String(total)) iterations (\(perEpoch) per epoch) (allowed: at most 2^40 = \(TrainingLength.maximumIterations))")
        }
        switch model {
        case .ntk:
            guard hiddenWidths.count == 1 else { throw fail("the ntk model has one hidden layer: give one width (got \(hiddenWidths.count))") }
            guard kappa > 0, kappa.isFinite else { throw fail("invalid kappa \(kappa) (allowed: a finite number > 0)") }
            guard data.outputCount == 1 else {
                throw fail("the ntk model has one output but the data has \(data.outputCount) target columns: choose two classes (a binary task, e.g. classes 0 and 1)")
            }
            guard loss.kind == .squared else { throw fail("the ntk model trains the squared loss (allowed objective: squared)") }
        case .mlp:
            break
        }
        if loss.kind == .crossEntropy {
            guard let labels = data.classLabels, let c = data.classCount, c >= 2 else {
                throw fail("cross-entropy needs class labels with at least 2 classes; this data has none")
            }
            guard labels.allSatisfy({ (0..<c).contains($0) }) else { throw fail("class labels must lie in 0..<\(c)") }
        }
        guard measuresGramEigenvalue == false || model == .ntk else {
            throw fail("lambda_min(H(t)) is defined for the ntk model only")
        }
    }

    /// The number of outputs C the model needs for this data: the class count for
    /// cross-entropy, the number of target columns otherwise.
    public func outputCount(for data: Dataset) -> Int {
        loss.kind == .crossEntropy ? (data.classCount ?? data.outputCount) : data.outputCount
    }
}
