import Engine

/// What one IMP seed of the rewinding grid measured, kept as the unit `units/seed<S>.json`
/// (`ExperimentUnits`, under `RewindingSweep`'s configuration hash, so a folder never mixes cells
/// of different options): for every rewind point t the accuracies of IMP levels 0...L (and of the
/// controls); for the first seed also the dense and sparse instability at every t, the
/// early-bird distances and the greedy threshold t_hat, which branch from that seed's runs.
public struct RewindingCell: Sendable, Codable, Equatable {
    /// One rewind point of the seed's IMP.
    public struct Run: Sendable, Codable, Equatable {
        public var rewindIteration: Int
        /// Levels 0 (dense) ... L.
        public var levels: [IMPLevel]
    }

    public var seed: UInt64
    public var runs: [Run]
    /// The first seed's measurements (nil for the other seeds).
    public var denseInstability: [InstabilityMeasurement]?
    public var sparseInstability: [InstabilityMeasurement]?
    public var earlyBird: EarlyBirdResult?
    public var greedyThreshold: GreedyThreshold?
}
