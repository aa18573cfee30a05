/// Theorem B over seeds at one (m, t, k): summaries of the measured and bounded losses and the
/// verdicts of the seeds (`CheckResult.verdict(_:)` of each row).
public struct TheoremBAggregate: Sendable, Equatable {
    public let samples: Int
    public let iteration: Int
    public let subnetworkSize: Int
    /// Number of seeds.
    public let seeds: Int
    public let prunedLoss: SampleSummary
    public let denseLoss: SampleSummary
    public let greedyTerm: SampleSummary
    public let bound: SampleSummary
    public let slack: SampleSummary
    /// The trivial bound 1/2 ||y||^2 (in the loss convention) over the seeds.
    public let trivialLoss: SampleSummary
    /// The seeds' verdicts.
    public let verdicts: VerdictTally
}

/// Theorem C over seeds at one (m, k, eps): summaries of the thresholds over the seeds that
/// have one, how many do, and the verdicts of the seeds.
public struct TheoremCAggregate: Sendable, Equatable {
    public let samples: Int
    public let subnetworkSize: Int
    public let epsilon: Double
    /// Number of seeds.
    public let seeds: Int
    /// t_hat over the seeds that reached eps on the grid (nil if none did).
    public let empiricalThreshold: SampleSummary?
    /// t_hat at step resolution over the seeds that reached eps (the exact crossing, or 0 when met
    /// at t = 0); nil when none did or some seed's crossing was not located (a mean of exact
    /// steps and checkpoints would be neither).
    public let empiricalStep: SampleSummary?
    /// t_stay (from then on l_k <= eps) over the seeds that have one (nil if none).
    public let settledThreshold: SampleSummary?
    /// The a posteriori t_post over the seeds that have one (nil if none).
    public let aPosterioriThreshold: SampleSummary?
    /// t_star over the seeds for which the theorem gives one (nil if none).
    public let aPrioriThreshold: SampleSummary?
    /// Seeds whose pruned loss reached eps on the grid.
    public let reachedCount: Int
    /// The seeds' verdicts of t_hat <= t_post.
    public let aPosterioriVerdicts: VerdictTally
    /// The seeds' verdicts of t_hat <= t_star.
    public let aPrioriVerdicts: VerdictTally
    /// The reason of the first seed without a t_star, when some seed has none.
    public let aPrioriReason: String?
}
