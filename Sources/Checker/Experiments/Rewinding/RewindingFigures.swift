import Engine

/// The figures of the rewinding toolkit.
public enum RewindingFigures {
    /// Mean test accuracy (error bars: +- one sd over seeds) against density, one series per
    /// rewind point t, in the colour of t, with the two controls when present: random pruning
    /// (same per-layer counts, rewound weights) dashed without markers, random reinitialization
    /// (same IMP masks, kept weights freshly initialized) dashed with crosses; both controls are
    /// trained from t to T like the IMP subnetwork. The density axis is logarithmic and runs from
    /// 100% on the left to the sparsest level on the right, as in the lottery-ticket papers; the
    /// dense network's mean accuracy (the level-0 rows) is a solid grey line and the matching
    /// threshold (dense mean - k sd) is the lower edge of a grey band, dense mean +- k sd: a subnetwork matches when it is at or above it.
    public static func accuracyAgainstDensity(_ rows: [IMPSummaryRow]) -> Figure {
        var rewinds: [Int] = []
        for r in rows where !rewinds.contains(r.rewindIteration) { rewinds.append(r.rewindIteration) }
        var series: [Figure.Series] = []
        let densities = rows.map(\.density)
        if let dense = rows.first(where: { $0.level == 0 }), let low = densities.min(), let high = densities.max() {
            series.append(Figure.Series(name: .init("dense mean"), points: [.init(x: high, y: dense.meanTestAccuracy), .init(x: low, y: dense.meanTestAccuracy)],
                                        color: 7, marker: nil))
        }
        for (i, t) in rewinds.enumerated() {
            let group = rows.filter { $0.rewindIteration == t }
            series.append(Figure.Series(name: .init("IMP, rewind t = \(t)", latex: "IMP, rewind $t = \(t)$"),
                                        points: group.map { Figure.Point(x: $0.density, y: $0.meanTestAccuracy,
                                                                         yLower: $0.meanTestAccuracy - $0.standardDeviationTestAccuracy,
                                                                         yUpper: $0.meanTestAccuracy + $0.standardDeviationTestAccuracy) },
                                        color: i, marker: Figure.marker(i)))
            let random = group.compactMap { r in r.meanRandomPruningTestAccuracy.map { Figure.Point(x: r.density, y: $0) } }
            if !random.isEmpty {
                series.append(Figure.Series(name: .init("random pruning, t = \(t)", latex: "random pruning, $t = \(t)$"),
                                            points: random, dashed: true, color: i, marker: nil))
            }
            let reinit = group.compactMap { r in r.meanReinitializationTestAccuracy.map { Figure.Point(x: r.density, y: $0) } }
            if !reinit.isEmpty {
                series.append(Figure.Series(name: .init("random reinit, t = \(t)", latex: "random reinit, $t = \(t)$"),
                                            points: reinit, dashed: true, color: i, marker: .cross))
            }
        }
        let seeds = rows.map(\.seeds).max() ?? 1
        var figure = Figure(name: "figure_accuracy_density", title: .init("Test accuracy against density"),
                            xLabel: .init("density (fraction of weights kept)"), yLabel: .init("test accuracy"),
                            xScale: .log, yScale: .linear, series: series)
        if let dense = rows.first(where: { $0.level == 0 }) {
            // Dense mean +- k sd: a subnetwork matches when its mean is at or above the band's lower edge.
            let halfWidth = dense.meanTestAccuracy - dense.matchingThreshold
            figure.bands = [Figure.Band(name: .init("matching band (dense mean +- k sd)", latex: "matching band (dense mean $\\pm k$ sd)"),
                                        lower: dense.matchingThreshold, upper: dense.meanTestAccuracy + halfWidth, color: 7)]
        }
        figure.xReversed = true
        figure.xPercent = true
        figure.caption = .init("Final test accuracy of the IMP subnetwork rewound to iteration t, against its density (log scale, 100% on the left): the mean over \(seeds) seeds, error bars +- one sample standard deviation over seeds. Solid grey: the dense network's mean accuracy; grey band: dense mean +- k sd, a subnetwork whose mean is at or above its lower edge (the matching threshold) matches the dense network. Dashed lines: the random-pruning and random-reinitialization controls (means).",
                               latex: "Final test accuracy of the IMP subnetwork rewound to iteration $t$, against its density (log scale, 100\\,\\% on the left): the mean over \(seeds) seeds, error bars $\\pm$ one sample standard deviation over seeds. Solid grey: the dense network's mean accuracy; grey band: dense mean $\\pm k$ sd, a subnetwork whose mean is at or above its lower edge (the matching threshold) matches the dense network. Dashed lines: the random-pruning and random-reinitialization controls (means).")
        return figure
    }

    /// Error barrier against the branch iteration t, dense and sparse.
    public static func instabilityAgainstIteration(dense: [InstabilityMeasurement], sparse: [InstabilityMeasurement]) -> Figure {
        var series: [Figure.Series] = []
        if !dense.isEmpty {
            series.append(Figure.Series(name: .init("dense"), points: dense.map { Figure.Point(x: Double($0.branchIteration), y: $0.barrier) },
                                        color: 0, marker: .circle))
        }
        if !sparse.isEmpty {
            let d = sparse[0].density
            series.append(Figure.Series(name: .init("IMP subnetwork (density \(NumberFormat.short(d)))"),
                                        points: sparse.map { Figure.Point(x: Double($0.branchIteration), y: $0.barrier) },
                                        color: 1, marker: .square))
        }
        return Figure(name: "figure_instability", title: .init("Instability against the branch iteration"),
                      xLabel: .init("branch iteration t", latex: "branch iteration $t$"), yLabel: .init("error barrier"),
                      xScale: .linear, yScale: .linear, series: series)
    }

    /// Consecutive neuron-mask distance against the iteration, one series per density.
    public static func maskDistanceAgainstIteration(_ result: EarlyBirdResult) -> Figure {
        let series = result.tracks.enumerated().map { i, t in
            Figure.Series(name: .init("density \(NumberFormat.short(t.density))"),
                          points: result.steps.indices.compactMap { k in t.consecutiveDistances[k].map { Figure.Point(x: Double(result.steps[k]), y: $0) } },
                          color: i, marker: Figure.marker(i))
        }
        return Figure(name: "figure_mask_distance", title: .init("Early-bird mask distance"),
                      xLabel: .init("iteration t", latex: "iteration $t$"), yLabel: .init("distance to the previous checkpoint's mask"),
                      xScale: .linear, yScale: .linear, series: series)
    }
}
