/// The defaults of one network's training, kept in one place so that a flag has the same
/// default in every subcommand that trains this network (open_lth's default hyperparameters
/// per model, here per network):
///
/// - `ntk`: the two-layer NTK network of THEORY.md section 1, trained as the theorems assume:
///   full-batch gradient descent with step eta = 0.001 on the sum loss 1/2 ||u - y||^2, no
///   momentum, unit-norm rows, width N = 128 for T = 2000 iterations, checkpoints
///   `geometric:12`, on the embedded synthetic sphere data (`lth train --model ntk`; `lth check`'s
///   embedded configuration trains the same network on subsets of the same data).
/// - `lenet300100`: LeNet-300-100 as in Frankle et al. 2020, on 5000 Fashion-MNIST samples:
///   400 SGD iterations of batch 128 at learning rate 0.05 with momentum 0.9, softmax
///   cross-entropy averaged over the batch, checkpoints `every:10`, pixels as loaded (`lth train
///   --model mlp`, `lth imp`, `lth stability`, `lth earlybird`).
/// - `twoLayer`: the same SGD recipe on the network greedy forward selection is defined for,
///   one hidden layer of 300, trained with the squared loss on the data's targets, so that the
///   greedy threshold t_hat is measured on the objective the network was trained on
///   (`lth rewinding`).
public struct TrainingRecipe: Sendable, Equatable {
    /// The network.
    public var model: ModelKind
    /// The data source (`DataRecipe.source` forms).
    public var data: String
    /// A seeded subset of this many training samples; nil: every sample of the source.
    public var samples: Int?
    /// Hidden widths.
    public var widths: [Int]
    /// The training loss; for an MLP on data without class labels the squared loss is the one
    /// that applies (`loss(forClassLabels:)`).
    public var loss: LossKind
    /// The loss reduction of training (and of the reported losses).
    public var reduction: LossReduction
    /// Training length T.
    public var steps: TrainingLength
    /// Step size eta on the loss in `reduction`.
    public var lr: Double
    /// Minibatch size B; nil: full-batch gradient descent.
    public var batch: Int?
    /// SGD momentum mu.
    public var momentum: Double
    /// Weight decay lambda.
    public var weightDecay: Double
    /// The checkpoint schedule (0 and T always included).
    public var checkpoints: CheckpointSchedule
    /// Rows scaled to unit Euclidean norm.
    public var unitNorm: Bool

    /// The NTK network of the theory (see the type's documentation).
    public static let ntk = TrainingRecipe(
        model: .ntk, data: "synthetic:sphere?m=1600&d=10&seed=1", samples: nil, widths: [128], loss: .squared, reduction: .sum,
        steps: .iterations(2000), lr: 0.001, batch: nil, momentum: 0, weightDecay: 0, checkpoints: .logSpaced(count: 12), unitNorm: true)

    /// LeNet-300-100 of Frankle et al. 2020 (see the type's documentation).
    public static let lenet300100 = TrainingRecipe(
        model: .mlp, data: "fashion-mnist", samples: 5000, widths: [300, 100], loss: .crossEntropy, reduction: .mean,
        steps: .iterations(400), lr: 0.05, batch: 128, momentum: 0.9, weightDecay: 0, checkpoints: .every(10), unitNorm: false)

    /// The two-layer MLP of the greedy threshold t_hat, trained with LeNet-300-100's SGD recipe
    /// (see the type's documentation).
    public static let twoLayer: TrainingRecipe = {
        var recipe = lenet300100
        recipe.widths = [300]
        recipe.loss = .squared
        return recipe
    }()

    /// The recipe of a network of `lth train --model`: `ntk` or LeNet-300-100 for `mlp`.
    public static func of(_ model: ModelKind) -> TrainingRecipe {
        switch model {
        case .ntk: return .ntk
        case .mlp: return .lenet300100
        }
    }

    /// The loss trained on data with (`true`) or without class labels: cross-entropy needs the
    /// labels, so data without them (synthetic or CSV regression targets) is fitted with the
    /// squared loss.
    public func loss(forClassLabels hasClassLabels: Bool) -> LossKind {
        hasClassLabels ? loss : .squared
    }
}
