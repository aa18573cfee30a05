import Engine

/// What `GreedyPruning` selected and wrote: the selection, the dense loss l(u) and the diameter
/// bound D <= 2 rho at the checkpoint, and Theorem B's bound l(u) + D^2 H_j / (2 j) at every
/// step j (sums 1/2 ||.||^2 over the m training points).
public struct GreedyPruningResult: Sendable {
    /// The run directory as opened.
    public let run: String
    public let checkpoint: Int
    public let variantName: String
    /// The folder written.
    public let folder: String
    public let selection: GreedySelection
    /// l(u) = 1/2 ||u - y||^2 of the dense network.
    public let denseSumLoss: Double
    /// D <= 2 rho.
    public let diameterBound: Double
    /// l(u) + D^2 H_j / (2 j) for j = 1...selection.size.
    public let theoremBSumBounds: [Double]
    /// The run's loss reduction: the summary divides by m when it is `.mean`.
    public let reduction: LossReduction
    /// The loss the network was trained with (greedy selection and Theorem B use the squared loss).
    public let trainedLoss: LossKind

    /// Whether the pruned loss is within Theorem B's bound at every step.
    public var holds: Bool { zip(selection.sumLosses, theoremBSumBounds).allSatisfy { $0 <= $1 } }
}
