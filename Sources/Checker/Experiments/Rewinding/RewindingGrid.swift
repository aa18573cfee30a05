import Engine

/// The checker's summary over a grid of rewind points t: for each t, whether the IMP
/// subnetwork at each density matches the dense network (and, when trained, whether the
/// random-pruning and random-reinitialization controls do), the instability of dense and sparse
/// runs branched at t, the early-bird mask distance at t, beside the greedy pre-training
/// threshold t_hat and the theoretical t* (one value each for the whole grid; where a value does
/// not exist its cell holds the sentence saying why).
public struct RewindingGrid: Sendable {
    public var impRows: [IMPSummaryRow]
    public var denseInstability: [InstabilityMeasurement]
    public var sparseInstability: [InstabilityMeasurement]
    public var earlyBird: EarlyBirdResult?
    /// The neuron density whose distances are reported (the first track when absent).
    public var earlyBirdDensity: Double?
    /// The greedy pre-training threshold t_hat and its loss curves, when measured.
    public var greedyThreshold: GreedyThreshold?
    /// The theoretical threshold t*, when computed.
    public var theoreticalThreshold: Double?
    /// Why there is no t* (shown in its cells when `theoreticalThreshold` is nil).
    public var theoreticalThresholdReason: String?

    public init(impRows: [IMPSummaryRow], denseInstability: [InstabilityMeasurement] = [],
                sparseInstability: [InstabilityMeasurement] = [], earlyBird: EarlyBirdResult? = nil,
                earlyBirdDensity: Double? = nil, greedyThreshold: GreedyThreshold? = nil, theoreticalThreshold: Double? = nil,
                theoreticalThresholdReason: String? = nil) {
        self.impRows = impRows
        self.denseInstability = denseInstability
        self.sparseInstability = sparseInstability
        self.earlyBird = earlyBird
        self.earlyBirdDensity = earlyBirdDensity
        self.greedyThreshold = greedyThreshold
        self.theoreticalThreshold = theoreticalThreshold
        self.theoreticalThresholdReason = theoreticalThresholdReason
    }

    /// The rewind points: those of the IMP rows, then any further instability branch points, sorted.
    public var rewindIterations: [Int] {
        Array(Set(impRows.map(\.rewindIteration) + denseInstability.map(\.branchIteration) + sparseInstability.map(\.branchIteration))).sorted()
    }

    /// The early-bird distance at iteration t: the consecutive distance of the checkpoint at t
    /// (nil when t is not a checkpoint or is the first one).
    public func earlyBirdDistance(at t: Int) -> Double? {
        guard let result = earlyBird, let k = result.steps.firstIndex(of: t) else { return nil }
        let track = result.tracks.first { $0.density == earlyBirdDensity } ?? result.tracks.first
        return track?.consecutiveDistances[k]
    }

    /// One row per t; one "matching" column per IMP level (k >= 1), then, when the controls were
    /// trained, one column per level for each control (matching by the same criterion: its mean
    /// accuracy >= the dense threshold), then the instabilities, the early-bird distance, t_hat and t*.
    public func table() -> Table {
        let levels = Array(Set(impRows.map(\.level).filter { $0 > 0 })).sorted()
        let hasRandom = impRows.contains { $0.meanRandomPruningTestAccuracy != nil }
        let hasReinit = impRows.contains { $0.meanReinitializationTestAccuracy != nil }
        func density(_ k: Int) -> String { NumberFormat.short(impRows.first { $0.level == k }?.density ?? .nan) }
        var columns: [Table.Column] = [.init("rewind_iteration", "t", latex: "$t$")]
        for k in levels { columns.append(.init("matching_level_\(k)", "match d=\(density(k))")) }
        if hasRandom { for k in levels { columns.append(.init("random_pruning_matching_level_\(k)", "random match d=\(density(k))")) } }
        if hasReinit { for k in levels { columns.append(.init("reinitialization_matching_level_\(k)", "reinit match d=\(density(k))")) } }
        columns += [.init("dense_barrier", "dense instability"), .init("sparse_barrier", "sparse instability"),
                    .init("sparse_density", "sparse density"), .init("early_bird_distance", "early-bird distance"),
                    .init("greedy_threshold", "t_hat", latex: "$\\hat t$"), .init("theoretical_threshold", "t*", latex: "$t^*$")]
        let greedyCell: Table.Cell = greedyThreshold.map { g in g.value.map(Table.Cell.integer) ?? .text(g.reason ?? "") } ?? .missing
        let theoreticalCell: Table.Cell = theoreticalThreshold.map(Table.Cell.number) ?? theoreticalThresholdReason.map(Table.Cell.text) ?? .missing
        let body: [[Table.Cell]] = rewindIterations.map { t in
            var row: [Table.Cell] = [.integer(t)]
            func cells(_ verdict: (IMPSummaryRow) -> Bool?) {
                for k in levels {
                    row.append(impRows.first { $0.rewindIteration == t && $0.level == k }.flatMap(verdict).map(Table.Cell.verdict) ?? .missing)
                }
            }
            cells { $0.isMatching }
            if hasRandom { cells { r in r.meanRandomPruningTestAccuracy.map { $0 >= r.matchingThreshold } } }
            if hasReinit { cells { r in r.meanReinitializationTestAccuracy.map { $0 >= r.matchingThreshold } } }
            let dense = denseInstability.first { $0.branchIteration == t }
            let sparse = sparseInstability.first { $0.branchIteration == t }
            row.append(dense.map { .number($0.barrier) } ?? .missing)
            row.append(sparse.map { .number($0.barrier) } ?? .missing)
            row.append(sparse.map { .number($0.density) } ?? .missing)
            row.append(earlyBirdDistance(at: t).map(Table.Cell.number) ?? .missing)
            row.append(greedyCell)
            row.append(theoreticalCell)
            return row
        }
        var footnotes = ["t_hat and t* are single values for the whole grid; -- means not measured; a sentence in the cell says why a value does not exist"]
        if let g = greedyThreshold, g.value != nil {
            footnotes.append("t_hat(eps = \(NumberFormat.short(g.epsilon)), k = \(g.subnetworkSize)): the first checkpoint at which greedy forward selection of k hidden neurons from the dense network reaches train loss 1/(2m) sum ||u - y||^2 <= eps")
        }
        if hasRandom || hasReinit {
            footnotes.append("controls match when their mean test accuracy reaches the same threshold as the IMP subnetwork (dense mean - k sd)")
        }
        return Table(name: "rewinding_grid", title: "Rewinding, stability and early-bird tickets over rewind points t",
                     caption: "For each rewind point t: IMP subnetworks matching the dense network, error barriers of dense and sparse copies branched at t, the early-bird mask distance at t, and the greedy and theoretical pre-training thresholds.",
                     columns: columns, rows: body, footnotes: footnotes)
    }

    /// The figures of the grid: accuracy against density per rewind point, instability against t,
    /// and mask distance against t (the last two only when measured).
    public func figures() -> [Figure] {
        var result = [RewindingFigures.accuracyAgainstDensity(impRows)]
        if !denseInstability.isEmpty || !sparseInstability.isEmpty {
            result.append(RewindingFigures.instabilityAgainstIteration(dense: denseInstability, sparse: sparseInstability))
        }
        if let earlyBird { result.append(RewindingFigures.maskDistanceAgainstIteration(earlyBird)) }
        return result
    }
}
