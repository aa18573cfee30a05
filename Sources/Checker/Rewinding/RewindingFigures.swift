import Engine

/// The figures of the rewinding toolkit.
public enum RewindingFigures {
    /// Mean test accuracy (error bars: +- one sd over seeds) against density, one series per
    /// rewind point t (log density axis), in the colour of t, with the two controls when present:
    /// random pruning (same per-layer counts, rewound weights) dashed without markers, random
    /// reinitialization (same IMP masks, kept weights freshly initialized) dashed with crosses;
    /// both controls are trained from t to T like the IMP subnetwork.
    public static func accuracyAgainstDensity(_ rows: [IMPSummaryRow]) -> Figure {
        var rewinds: [Int] = []
        for r in rows where !rewinds.contains(r.rewindIteration) { rewinds.append(r.rewindIteration) }
        var series: [Figure.Series] = []
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
        return Figure(name: "figure_accuracy_density", title: .init("Test accuracy against density"),
                      xLabel: .init("density (fraction of weights kept)"), yLabel: .init("test accuracy"),
                      xScale: .log, yScale: .linear, series: series)
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
