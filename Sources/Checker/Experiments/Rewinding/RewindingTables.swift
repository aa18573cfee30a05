import Engine

/// The tables of the rewinding toolkit (IMP with rewinding, instability, early-bird), in the
/// format-neutral `Table` every text format renders.
public enum RewindingTables {
    /// One row per (rewind iteration t, level k): density, mean +- sd test accuracy over seeds,
    /// the matching threshold and verdict, and the two controls.
    public static func imp(_ rows: [IMPSummaryRow], criterion: MatchingCriterion = MatchingCriterion()) -> Table {
        let columns: [Table.Column] = [
            .init("rewind_iteration", "t", latex: "$t$"),
            .init("level", "level"),
            .init("density", "density"),
            .init("seeds", "seeds"),
            .init("test_accuracy_mean", "test acc", latex: "test acc."),
            .init("test_accuracy_sd", "sd"),
            .init("matching_threshold", "threshold"),
            .init("matching", "matching"),
            .init("random_pruning_accuracy", "random pruning"),
            .init("reinitialization_accuracy", "reinit"),
        ]
        let body: [[Table.Cell]] = rows.map { r in
            [.integer(r.rewindIteration), .integer(r.level), .number(r.density), .integer(r.seeds),
             .number(r.meanTestAccuracy), .number(r.standardDeviationTestAccuracy), .number(r.matchingThreshold),
             .verdict(r.isMatching), r.meanRandomPruningTestAccuracy.map(Table.Cell.number) ?? .missing,
             r.meanReinitializationTestAccuracy.map(Table.Cell.number) ?? .missing]
        }
        return Table(name: "imp_rewinding", title: "Iterative magnitude pruning with rewinding",
                     caption: "Final test accuracy of the IMP subnetwork rewound to iteration t, mean and sample standard deviation over seeds; level 0 is the dense network.",
                     columns: columns, rows: body,
                     footnotes: ["matching: mean accuracy >= dense mean - \(NumberFormat.short(criterion.standardDeviations)) x dense sd over the same seeds (Frankle et al. 2020)",
                                 "controls: random pruning keeps the same per-layer counts on the rewound weights; reinit puts the IMP mask on fresh initial weights; both are trained from t to T like the IMP subnetwork (open_lth's default)"])
    }

    /// One row per measurement: branch iteration, density, barrier, stability, end errors.
    public static func instability(_ measurements: [InstabilityMeasurement], threshold: Double) -> Table {
        let columns: [Table.Column] = [
            .init("branch_iteration", "t", latex: "$t$"),
            .init("density", "density"),
            .init("barrier", "error barrier"),
            .init("stable", "stable"),
            .init("end_error_mean", "end error"),
            .init("max_error", "max error on line"),
        ]
        let body: [[Table.Cell]] = measurements.map { m in
            [.integer(m.branchIteration), .number(m.density), .number(m.barrier), .verdict(m.isStable),
             .number(m.copyErrors.reduce(0, +) / Double(m.copyErrors.count)), .number(m.meanErrors.max() ?? .nan)]
        }
        return Table(name: "instability", title: "Instability to SGD noise",
                     caption: "Copies branched at iteration t and trained with different data orders; error along the straight line between their final weights.",
                     columns: columns, rows: body,
                     footnotes: ["error barrier = max over the line of the test error - mean of the two end errors (averaged over pairs of copies); stable when below \(NumberFormat.short(threshold))"])
    }

    /// One row per checkpoint: the consecutive mask distance for every density.
    public static func earlyBird(_ result: EarlyBirdResult) -> Table {
        var columns: [Table.Column] = [.init("step", "iteration")]
        for t in result.tracks {
            columns.append(.init("distance_density_\(NumberFormat.short(t.density))", "distance d=\(NumberFormat.short(t.density))"))
        }
        let body: [[Table.Cell]] = result.steps.indices.map { k in
            [.integer(result.steps[k])] + result.tracks.map { $0.consecutiveDistances[k].map(Table.Cell.number) ?? .missing }
        }
        let tickets = result.tracks.map { t in
            "density \(NumberFormat.short(t.density)): " + (t.ticketStep.map { "early-bird ticket at iteration \($0)" } ?? "no ticket")
        }
        return Table(name: "early_bird", title: "Early-bird neuron-mask distances",
                     caption: "Normalized Hamming distance between the neuron masks (\(result.score.rawValue) score) of consecutive checkpoints.",
                     columns: columns, rows: body,
                     footnotes: tickets + ["a ticket is declared when the last \(result.window) distances are all below \(NumberFormat.short(result.threshold))"])
    }

    /// One row per checkpoint of the greedy threshold: the dense loss l(t), the greedy loss
    /// l_k(t) and whether it meets eps (mean convention); the footnote gives t_hat or the reason
    /// there is none.
    public static func greedyThreshold(_ g: GreedyThreshold) -> Table {
        let columns: [Table.Column] = [
            .init("step", "iteration"),
            .init("dense_loss", "dense loss l(t)", latex: "dense loss $l(t)$"),
            .init("greedy_loss", "greedy loss l_k(t)", latex: "greedy loss $l_k(t)$"),
            .init("meets_epsilon", "l_k(t) <= eps", latex: "$l_k(t) \\le \\varepsilon$"),
        ]
        let body: [[Table.Cell]] = g.steps.indices.map { i in
            [.integer(g.steps[i]), .number(g.denseLosses[i]), .number(g.greedyLosses[i]), .verdict(g.greedyLosses[i] <= g.epsilon)]
        }
        return Table(name: "greedy_threshold", title: "Greedy pre-training threshold t_hat",
                     caption: "Greedy forward selection of k = \(g.subnetworkSize) hidden neurons (analyzed variant) from the dense network at each checkpoint; squared loss 1/(2m) sum ||u - y||^2 on the training set.",
                     columns: columns, rows: body,
                     footnotes: ["t_hat(eps = \(NumberFormat.short(g.epsilon)), k = \(g.subnetworkSize)) = " + (g.value.map(String.init) ?? "none: " + (g.reason ?? ""))])
    }

    /// The full pairwise distance matrix of one density (rows and columns are checkpoints).
    public static func earlyBirdMatrix(_ result: EarlyBirdResult, track: Int) -> Table {
        let t = result.tracks[track]
        let columns = [Table.Column("step", "iteration")] + result.steps.map { Table.Column("step_\($0)", String($0)) }
        let body: [[Table.Cell]] = result.steps.indices.map { i in
            [.integer(result.steps[i])] + t.pairwiseDistances[i].map(Table.Cell.number)
        }
        return Table(name: "early_bird_matrix_density_\(NumberFormat.short(t.density))",
                     title: "Pairwise neuron-mask distances, density \(NumberFormat.short(t.density))",
                     caption: "Normalized Hamming distance between the neuron masks of every pair of checkpoints.",
                     columns: columns, rows: body, footnotes: [])
    }
}
