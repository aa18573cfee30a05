/// Everything `Trainer`'s loop carries from one iteration to the next, after `step` iterations:
/// a run resumed from it (`Trainer.run(from:onStep:onCheckpoint:)`, `Trainer.advance(from:to:onStep:)`)
/// takes bit for bit the steps of the uninterrupted run (checked by `TrainingResumptionTests`).
///
/// - `network`: the parameters after `step` iterations (with the initial weights they carry,
///   which the weight movement is measured against);
/// - `velocities`: the momentum buffers V of `SGDUpdate` (PyTorch `torch.optim.SGD`'s
///   `momentum_buffer`), nil when the momentum is 0; one array per parameter tensor, row-major
///   in the shapes of the network (`Network.parameterTensorShapes`): the NTK network [W (N x d)];
///   an MLP [W_1 (n_1 x d), b_1 (n_1), W_2, b_2, ..., W_L, b_L];
/// - `initialMeanLoss`: the per-sample training loss at t = 0, the reference of the divergence
///   check (`TrainingConfiguration.divergenceFactor`);
/// - `previousStepResidual`: ||u - y||^2 as evaluated by iteration `step` (the last one taken),
///   the denominator of the next `StepRecord.contraction`; nil at step 0 and for runs that do
///   not track contractions (minibatches, cross-entropy).
/// The batch order is not stored: `BatchOrder` is positioned at `step` from the seed.
public struct TrainingState: Sendable, Equatable {
    public var step: Int
    public var network: Network
    public var velocities: [[Float]]?
    public var initialMeanLoss: Double
    public var previousStepResidual: Double?

    public init(step: Int, network: Network, velocities: [[Float]]?, initialMeanLoss: Double, previousStepResidual: Double?) {
        self.step = step
        self.network = network
        self.velocities = velocities
        self.initialMeanLoss = initialMeanLoss
        self.previousStepResidual = previousStepResidual
    }

    public static func == (a: TrainingState, b: TrainingState) -> Bool {
        a.step == b.step && a.network == b.network && a.velocities == b.velocities
            && a.initialMeanLoss.bitPattern == b.initialMeanLoss.bitPattern
            && a.previousStepResidual?.bitPattern == b.previousStepResidual?.bitPattern
    }
}

extension Network {
    /// The shapes (rows, columns; a bias has 1 column) of the trained parameter tensors, in
    /// the order of `TrainingState.velocities`: the NTK network [(N, d)] (the output signs are
    /// fixed); an MLP [(n_1, d), (n_1, 1), ..., (C, n_(L-1)), (C, 1)].
    public var parameterTensorShapes: [(rows: Int, columns: Int)] {
        switch self {
        case .ntk(let n): return [(n.width, n.dimension)]
        case .mlp(let n): return n.layers.flatMap { [($0.outputCount, $0.inputCount), ($0.outputCount, 1)] }
        }
    }
}
