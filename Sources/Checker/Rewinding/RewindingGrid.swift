import Engine

/// The checker's summary over a grid of rewind points t: for each t, whether the IMP
/// subnetwork at each density matches the dense network, the instability of dense and sparse
/// runs branched at t, the early-bird mask distance at t, beside the greedy pre-training
/// threshold t_hat and the theoretical t* (one value each for the whole grid, when given).
public struct RewindingGrid: Sendable {
    public var impRows: [IMPSummaryRow]
    public var denseInstability: [InstabilityMeasurement]
    public var sparseInstability: [InstabilityMeasurement]
    public var earlyBird: EarlyBirdResult?
    /// The neuron density whose distances are reported (the first track when absent).
    public var earlyBirdDensity: Double?
    /// The greedy pre-training threshold t_hat, when measured.
    public var greedyThreshold: Double?
    /// The theoretical threshold t*, when computed.
    public var theoreticalThreshold: Double?

    public init(impRows: [IMPSummaryRow], denseInstability: [InstabilityMeasurement] = [],
                sparseInstability: [InstabilityMeasurement] = [], earlyBird: EarlyBirdResult? = nil,
                earlyBirdDensity: Double? = nil, greedyThreshold: Double? = nil, theoreticalThreshold: Double? = nil) {
        self.impRows = impRows
        self.denseInstability = denseInstability
        self.sparseInstability = sparseInstability
        self.earlyBird = earlyBird
        self.earlyBirdDensity = earlyBirdDensity
        self.greedyThreshold = greedyThreshold
        self.theoreticalThreshold = theoreticalThreshold
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

    /// One row per t; one "matching" column per IMP level (k >= 1), then the instabilities,
    /// the early-bird distance, t_hat and t*.
    public func table() -> Table {
        let levels = Array(Set(impRows.map(\.level).filter { $0 > 0 })).sorted()
        var columns: [Table.Column] = [.init("rewind_iteration", "t", latex: "$t$")]
        for k in levels {
            let d = impRows.first { $0.level == k }?.density ?? .nan
            columns.append(.init("matching_level_\(k)", "match d=\(NumberFormat.short(d))"))
        }
        columns += [.init("dense_barrier", "dense instability"), .init("sparse_barrier", "sparse instability"),
                    .init("sparse_density", "sparse density"), .init("early_bird_distance", "early-bird distance"),
                    .init("greedy_threshold", "t_hat", latex: "$\\hat t$"), .init("theoretical_threshold", "t*", latex: "$t^*$")]
        let body: [[Table.Cell]] = rewindIterations.map { t in
            var row: [Table.Cell] = [.integer(t)]
            for k in levels {
                row.append(impRows.first { $0.rewindIteration == t && $0.level == k }.map { .verdict($0.isMatching) } ?? .missing)
            }
            let dense = denseInstability.first { $0.branchIteration == t }
            let sparse = sparseInstability.first { $0.branchIteration == t }
            row.append(dense.map { .number($0.barrier) } ?? .missing)
            row.append(sparse.map { .number($0.barrier) } ?? .missing)
            row.append(sparse.map { .number($0.density) } ?? .missing)
            row.append(earlyBirdDistance(at: t).map(Table.Cell.number) ?? .missing)
            row.append(greedyThreshold.map(Table.Cell.number) ?? .missing)
            row.append(theoreticalThreshold.map(Table.Cell.number) ?? .missing)
            return row
        }
        return Table(name: "rewinding_grid", title: "Rewinding, stability and early-bird tickets over rewind points t",
                     caption: "For each rewind point t: IMP subnetworks matching the dense network, error barriers of dense and sparse copies branched at t, the early-bird mask distance at t, and the greedy and theoretical pre-training thresholds.",
                     columns: columns, rows: body,
                     footnotes: ["t_hat and t* are single values for the whole grid; -- means not measured; a sentence in the cell says why a value does not exist"])
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
