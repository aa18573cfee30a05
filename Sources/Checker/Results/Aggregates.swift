/// Theorem B over seeds at one (m, t, k): summaries of the measured and bounded losses and how
/// many seeds the bound held for (by `Agreement.check(.bound(...))`).
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
    /// Seeds whose bound holds.
    public let holdsCount: Int
}

/// Theorem C over seeds at one (m, k, eps): summaries of the thresholds over the seeds that
/// have one, how many do, and how many agree (by `Agreement`).
public struct TheoremCAggregate: Sendable, Equatable {
    public let samples: Int
    public let subnetworkSize: Int
    public let epsilon: Double
    /// Number of seeds.
    public let seeds: Int
    /// t_hat over the seeds that reached eps on the grid (nil if none did).
    public let empiricalThreshold: SampleSummary?
    /// The a posteriori prediction over the seeds that have one (nil if none).
    public let aPosterioriThreshold: SampleSummary?
    /// t_star over the seeds for which the theorem gives one (nil if none).
    public let aPrioriThreshold: SampleSummary?
    /// Seeds whose pruned loss reached eps on the grid.
    public let reachedCount: Int
    /// Seeds whose t_hat agrees with the a posteriori prediction (within the grid tolerance).
    public let agreesCount: Int
    /// Seeds whose t_hat comes no later than the a priori t_star allows.
    public let aPrioriHoldsCount: Int
    /// The reason of the first seed without a t_star, when some seed has none.
    public let aPrioriReason: String?
}
