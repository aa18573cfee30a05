/// Seed aggregates, sorted by their key.
extension CheckResult {
    /// Theorem B over seeds, one per (m, t, k), sorted by m, then t, then k.
    public var theoremBAggregates: [TheoremBAggregate] {
        let groups = Dictionary(grouping: theoremB) { [$0.samples, $0.iteration, $0.subnetworkSize] }
        return groups.keys.sorted { $0.lexicographicallyPrecedes($1) }.compactMap { key in
            let rows = groups[key]!
            guard let pruned = SampleSummary(rows.map(\.prunedLoss)),
                  let dense = SampleSummary(rows.map(\.denseLoss)),
                  let greedy = SampleSummary(rows.map(\.greedyTerm)),
                  let bound = SampleSummary(rows.map(\.bound)),
                  let slack = SampleSummary(rows.map(\.slack)),
                  let trivial = SampleSummary(rows.map(\.trivialLoss)) else { return nil }
            return TheoremBAggregate(samples: key[0], iteration: key[1], subnetworkSize: key[2], seeds: rows.count,
                                     prunedLoss: pruned, denseLoss: dense, greedyTerm: greedy, bound: bound, slack: slack,
                                     trivialLoss: trivial, verdicts: VerdictTally(rows.map { verdict($0) }))
        }
    }

    /// Theorem C over seeds, one per (m, k, eps), sorted by m, then k, then eps.
    public var theoremCAggregates: [TheoremCAggregate] {
        struct Key: Hashable { let m: Int; let k: Int; let eps: Double }
        let groups = Dictionary(grouping: theoremC) { Key(m: $0.samples, k: $0.subnetworkSize, eps: $0.epsilon) }
        let keys = groups.keys.sorted { ($0.m, $0.k, $0.eps) < ($1.m, $1.k, $1.eps) }
        return keys.map { key in
            let rows = groups[key]!.sorted { $0.seed < $1.seed }
            let empirical = rows.compactMap(\.empiricalThreshold).map(Double.init)
            // t_hat at step resolution: the exact crossing, or 0 when met at t = 0 (exact too).
            let exactSteps = rows.compactMap { r in r.empiricalCrossing ?? (r.empiricalThreshold == 0 ? 0 : nil) }.map(Double.init)
            return TheoremCAggregate(
                samples: key.m, subnetworkSize: key.k, epsilon: key.eps, seeds: rows.count,
                empiricalThreshold: SampleSummary(empirical),
                empiricalStep: exactSteps.count == empirical.count ? SampleSummary(exactSteps) : nil,
                settledThreshold: SampleSummary(rows.compactMap(\.settledThreshold).map(Double.init)),
                aPosterioriThreshold: SampleSummary(rows.compactMap(\.aPosterioriThreshold).map(Double.init)),
                aPrioriThreshold: SampleSummary(rows.compactMap(\.aPriori.iterations)),
                reachedCount: empirical.count,
                aPosterioriVerdicts: VerdictTally(rows.map { aPosterioriVerdict($0) }),
                aPrioriVerdicts: VerdictTally(rows.map { aPrioriVerdict($0) }),
                aPrioriReason: rows.lazy.compactMap { row -> String? in
                    if case let .none(reason) = row.aPriori { return reason }
                    return nil
                }.first)
        }
    }
}
