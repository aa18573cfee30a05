import LinearAlgebra

/// The result of greedy forward selection (THEORY.md section 3) of size k = `size`.
///
/// The pruned network computes
///     c + v_k(x),   v_k = (1/k) sum_{j <= k} phi_{r_j} = sum_{r selected} (count_r / k) phi_r,
/// i.e. a standard two-layer network on the selected neurons with output weights
///     w_r = featureScale * count_r * b_r / k      (`prunedOutputWeights`, row t for `selectedNeurons[t]`)
/// and the dense network's output bias c.
public struct GreedySelection: Sendable {
    /// The variant that produced the selection.
    public let variant: GreedyForwardSelection.Variant
    /// r_1, ..., r_k: the neuron picked at every step, in order (repeats possible with replacement).
    public let picks: [Int]
    /// Sum-convention loss l(v_j) = 1/2 ||c + v_j - y||^2 after step j, at index j - 1, on the
    /// full training set (also for the sampled variant).
    public let sumLosses: [Double]
    /// Number of training samples m (the mean loss is l / m).
    public let sampleCount: Int
    /// Whether the run stopped early because the loss target was met (at the last step).
    public let stoppedAtTarget: Bool
    /// Per step: how many candidates were scored in float64 (exact variants: the near-ties
    /// rescored by the refinement rule, 0 when float32 certified the minimiser alone; sampled:
    /// the candidates scored).
    public let float64ScoredCounts: [Int]
    /// Wall-clock seconds of the set-up (targets, ||a_r||^2 pass) before the first step
    /// (diagnostic only: not reproducible, never compared by tests).
    public let setupSeconds: Double
    /// Wall-clock seconds of every step (scoring, pick, update, full-data loss); diagnostic only.
    public let stepSeconds: [Double]
    /// The distinct selected neurons in increasing order.
    public let selectedNeurons: [Int]
    /// count_r for `selectedNeurons[t]` at index t (they sum to k).
    public let multiplicities: [Int]
    /// w_r = featureScale * count_r * b_r / k for `selectedNeurons[t]` in row t (K x C, K distinct neurons).
    public let prunedOutputWeights: Matrix<Float>
    /// The dense network's output bias c (length C), kept outside the selection.
    public let outputBias: [Float]
    /// What the exact scorer read (passes, Gram columns, bytes; diagnostic only).
    public let scoringWork: ScoringWork

    public init(variant: GreedyForwardSelection.Variant, picks: [Int], sumLosses: [Double], sampleCount: Int,
                stoppedAtTarget: Bool, float64ScoredCounts: [Int], setupSeconds: Double = 0, stepSeconds: [Double] = [],
                features: NeuronFeatures, scoringWork: ScoringWork = ScoringWork()) {
        precondition(!picks.isEmpty && picks.count == sumLosses.count, "one loss per pick")
        self.variant = variant
        self.picks = picks
        self.sumLosses = sumLosses
        self.sampleCount = sampleCount
        self.stoppedAtTarget = stoppedAtTarget
        self.float64ScoredCounts = float64ScoredCounts
        self.setupSeconds = setupSeconds
        self.stepSeconds = stepSeconds
        self.scoringWork = scoringWork
        var counts: [Int: Int] = [:]
        for r in picks { counts[r, default: 0] += 1 }
        let neurons = counts.keys.sorted()
        selectedNeurons = neurons
        multiplicities = neurons.map { counts[$0]! }
        let c = features.outputCount
        let k = Double(picks.count)
        let s = Double(features.featureScale)
        var weights = [Float](repeating: 0, count: neurons.count * c)
        for (t, r) in neurons.enumerated() {
            for o in 0..<c {
                weights[t * c + o] = Float(s * Double(counts[r]!) * Double(features.outputWeights[r, o]) / k)
            }
        }
        prunedOutputWeights = Matrix(rows: neurons.count, columns: c, storage: weights)
        outputBias = features.outputBias
    }

    /// The size k of the pruned network (number of picks, counted with multiplicity).
    public var size: Int { picks.count }
    /// The selected multiset: neuron index -> count_r.
    public var counts: [Int: Int] {
        Dictionary(uniqueKeysWithValues: zip(selectedNeurons, multiplicities))
    }
    /// Mean-convention loss l(v_j) / m after step j, at index j - 1.
    public var meanLosses: [Double] { sumLosses.map { $0 / Double(sampleCount) } }
    /// l(v_k) = 1/2 ||c + v_k - y||^2 of the final pruned network (sum convention).
    public var finalSumLoss: Double { sumLosses[sumLosses.count - 1] }
    /// l(v_k) / m of the final pruned network (mean convention).
    public var finalMeanLoss: Double { finalSumLoss / Double(sampleCount) }
}
