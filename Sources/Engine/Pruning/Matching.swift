/// When a sparse network "matches" the dense one (Frankle et al. 2020): its final test accuracy,
/// averaged over seeds, is at least the dense network's mean minus `standardDeviations` times the
/// dense network's standard deviation over the same seeds:
///
///     mean(a_sparse) >= mean(a_dense) - k * sd(a_dense),   k = 1 by default,
///
/// with sd the sample standard deviation (divisor n - 1). This needs at least two seeds.
public struct MatchingCriterion: Sendable, Codable, Equatable {
    public var standardDeviations: Double

    public init(standardDeviations: Double = 1) {
        self.standardDeviations = standardDeviations
    }

    /// The accuracy a sparse network must reach on average: mean(dense) - k * sd(dense).
    /// - Throws: `PruningError.invalidOption` for fewer than two seeds or a negative k.
    public func threshold(dense: [Double]) throws -> Double {
        guard dense.count >= 2 else {
            throw PruningError.invalidOption(.seeds, value: "\(dense.count) seed\(dense.count == 1 ? "" : "s")",
                                             allowed: "at least two seeds (matching compares with the standard deviation over seeds)")
        }
        guard standardDeviations >= 0, standardDeviations.isFinite else {
            throw PruningError.invalidOption(.matchingStandardDeviations, value: "\(standardDeviations)", allowed: "a finite number >= 0")
        }
        return MatchingCriterion.mean(dense) - standardDeviations * MatchingCriterion.standardDeviation(dense)
    }

    /// Whether the sparse accuracies (one per seed) match the dense ones.
    public func isMatching(sparse: [Double], dense: [Double]) throws -> Bool {
        guard !sparse.isEmpty else {
            throw PruningError.invalidOption(.seeds, value: "0 seeds", allowed: "at least two seeds")
        }
        return MatchingCriterion.mean(sparse) >= (try threshold(dense: dense))
    }

    /// Arithmetic mean.
    public static func mean(_ x: [Double]) -> Double { x.isEmpty ? .nan : x.reduce(0, +) / Double(x.count) }

    /// Sample standard deviation sqrt(sum (x - mean)^2 / (n - 1)) (0 for one value).
    public static func standardDeviation(_ x: [Double]) -> Double {
        guard x.count >= 2 else { return 0 }
        let mu = mean(x)
        return (x.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / Double(x.count - 1)).squareRoot()
    }
}

/// One row of the multi-seed IMP summary: rewind iteration t, level k, over all seeds.
public struct IMPSummaryRow: Sendable, Codable, Equatable {
    public var rewindIteration: Int
    public var level: Int
    /// Mean realised density over seeds.
    public var density: Double
    public var seeds: Int
    public var meanTestAccuracy: Double
    public var standardDeviationTestAccuracy: Double
    /// mean(dense) - k sd(dense), the accuracy a matching subnetwork reaches on average.
    public var matchingThreshold: Double
    public var isMatching: Bool
    public var meanRandomPruningTestAccuracy: Double?
    public var meanReinitializationTestAccuracy: Double?

    /// One row per (rewind iteration, level) of `runs` (all seeds pooled), in order of first
    /// appearance; the dense accuracies are the level-0 accuracies of the same rewind iteration.
    /// - Throws: `PruningError.invalidOption` for fewer than two seeds or runs without test accuracy.
    public static func rows(_ runs: [IMPRun], criterion: MatchingCriterion = MatchingCriterion()) throws -> [IMPSummaryRow] {
        try rows(runs.map { ($0.rewindIteration, $0.levels) }, criterion: criterion)
    }

    /// The same rows from the runs' accuracies alone: (rewind iteration, levels 0...L) per run
    /// (what a finished cell of the rewinding grid keeps on disk).
    public static func rows(_ runs: [(rewindIteration: Int, levels: [IMPLevel])],
                            criterion: MatchingCriterion = MatchingCriterion()) throws -> [IMPSummaryRow] {
        var rewinds: [Int] = []
        for r in runs where !rewinds.contains(r.rewindIteration) { rewinds.append(r.rewindIteration) }
        var rows: [IMPSummaryRow] = []
        for t in rewinds {
            let group = runs.filter { $0.rewindIteration == t }
            func accuracies(_ k: Int) throws -> [Double] {
                try group.map { run in
                    guard k < run.levels.count, let a = run.levels[k].testAccuracy else {
                        throw PruningError.invalidOption(.data, value: "a data set without a test split",
                                                         allowed: "data with a test split (matching compares test accuracies)")
                    }
                    return a
                }
            }
            let dense = try accuracies(0)
            let threshold = try criterion.threshold(dense: dense)
            let levelCount = group.map(\.levels.count).min() ?? 0
            for k in 0..<levelCount {
                let a = try accuracies(k)
                let random = group.compactMap { $0.levels[k].randomPruningTestAccuracy }
                let reinit = group.compactMap { $0.levels[k].reinitializationTestAccuracy }
                rows.append(IMPSummaryRow(
                    rewindIteration: t, level: k, density: MatchingCriterion.mean(group.map { $0.levels[k].density }),
                    seeds: group.count, meanTestAccuracy: MatchingCriterion.mean(a),
                    standardDeviationTestAccuracy: MatchingCriterion.standardDeviation(a), matchingThreshold: threshold,
                    isMatching: MatchingCriterion.mean(a) >= threshold,
                    meanRandomPruningTestAccuracy: random.count == group.count ? MatchingCriterion.mean(random) : nil,
                    meanReinitializationTestAccuracy: reinit.count == group.count ? MatchingCriterion.mean(reinit) : nil))
            }
        }
        return rows
    }
}
