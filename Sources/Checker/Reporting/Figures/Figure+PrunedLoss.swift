extension Figure {
    /// Figure (a), the main figure: the pruned loss l_k(t) against the pre-training iteration t
    /// (log x), one series per m, the mean over seeds with min-max error bars. k defaults to the
    /// largest k of the Theorem B rows. t = 0 (the untrained network) sits left of the log part
    /// of the axis, past a break (see `Axis`). nil when there is no Theorem B row for k.
    public static func prunedLoss(_ result: CheckResult, subnetworkSize: Int? = nil) -> Figure? {
        guard let k = subnetworkSize ?? result.theoremB.map(\.subnetworkSize).max() else { return nil }
        let groups = result.theoremBAggregates.filter { $0.subnetworkSize == k }
        guard !groups.isEmpty else { return nil }
        let sizes = Array(Set(groups.map(\.samples))).sorted()
        let series = sizes.enumerated().map { i, m in
            Series(name: Label("m = \(m)", latex: "$m = \(m)$"),
                   points: groups.filter { $0.samples == m }.map {
                       Point(x: Double($0.iteration), y: $0.prunedLoss.mean, yLower: $0.prunedLoss.minimum, yUpper: $0.prunedLoss.maximum)
                   },
                   color: i, marker: Figure.marker(i))
        }
        let unit = result.provenance.lossConvention == .sum ? "sum" : "mean"
        var figure = Figure(name: "figure_pruned_loss",
                      title: Label("Pruned loss, k = \(k)", latex: "Pruned loss, $k = \(k)$"),
                      xLabel: Label("pre-training iterations t", latex: "pre-training iterations $t$"),
                      yLabel: Label("pruned loss l_k(t) (\(unit))", latex: "pruned loss $\\ell_k(t)$ (\(unit))"),
                      xScale: .log, yScale: .linear, series: series)
        let seeds = groups.map(\.seeds).max() ?? 1
        figure.caption = Label("Greedy subnetwork of k = \(k) neurons selected from the dense network after t iterations: its training loss l_k(t), the mean over \(seeds) seed\(seeds == 1 ? "" : "s") per training-set size m; error bars run from the smallest to the largest seed. t = 0 (before training) is drawn left of the break; the x axis is logarithmic beyond it.",
                               latex: "Greedy subnetwork of $k=\(k)$ neurons selected from the dense network after $t$ iterations: its training loss $\\ell_k(t)$, the mean over \(seeds) seed\(seeds == 1 ? "" : "s") per training-set size $m$; error bars run from the smallest to the largest seed. $t=0$ (before training) is drawn left of the break; the $t$ axis is logarithmic beyond it.")
        return figure
    }
}
