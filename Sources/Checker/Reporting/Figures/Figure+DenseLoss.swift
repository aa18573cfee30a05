extension Figure {
    /// Figure (b): the measured ||u(t) - y||^2 against Theorem A's (1 - eta lambda0/2)^t ||u(0) - y||^2
    /// (log y; log t, with t = 0 left of a break), the mean over seeds of each, per m: measured as markers joined by a line,
    /// predicted dashed in the same colour, labelled "extrapolated (out of scope)" when Theorem A's
    /// hypotheses fail for some run of that m (never shown as a bound that holds). nil without Theorem A rows.
    public static func denseLoss(_ result: CheckResult) -> Figure? {
        guard !result.theoremA.isEmpty else { return nil }
        let sizes = Array(Set(result.theoremA.map(\.samples))).sorted()
        var series: [Series] = []
        for (i, m) in sizes.enumerated() {
            let rows = result.theoremA.filter { $0.samples == m }
            let byT = Dictionary(grouping: rows, by: \.iteration)
            let ts = byT.keys.sorted()
            let measured = ts.compactMap { t -> Point? in
                guard let s = SampleSummary(byT[t]!.map(\.residual)) else { return nil }
                return Point(x: Double(t), y: s.mean, yLower: s.minimum, yUpper: s.maximum)
            }
            let predicted = ts.compactMap { t in SampleSummary(byT[t]!.map(\.predictedResidual)).map { Point(x: Double(t), y: $0.mean) } }
            series.append(Series(name: Label("measured, m = \(m)", latex: "measured, $m = \(m)$"), points: measured,
                                 color: i, marker: Figure.marker(i)))
            let scope = rows.allSatisfy(\.hypothesesHold) ? "" : " extrapolated (out of scope)"
            series.append(Series(name: Label("Theorem A\(scope), m = \(m)", latex: "Theorem A\(scope), $m = \(m)$"), points: predicted,
                                 dashed: true, color: i, marker: nil))
        }
        var figure = Figure(name: "figure_dense_loss",
                      title: Label("Dense residual against Theorem A"),
                      xLabel: Label("iterations t", latex: "iterations $t$"),
                      yLabel: Label("||u(t) - y||^2", latex: "$\\|u(t)-y\\|^2$"),
                      xScale: .log, yScale: .log, series: series)
        figure.caption = Label("Measured squared residual ||u(t) - y||^2 of the dense network (markers, mean over seeds; error bars from the smallest to the largest seed) and Theorem A's bound (1 - eta lambda0/2)^t ||u(0) - y||^2 (dashed; labelled extrapolated (out of scope) where the theorem's hypotheses N >= N_req and eta <= eta_max fail, so the formula is not a bound there), per training-set size m; both axes logarithmic, t = 0 left of the break.",
                               latex: "Measured squared residual $\\|u(t)-y\\|^2$ of the dense network (markers, mean over seeds; error bars from the smallest to the largest seed) and Theorem~A's bound $(1-\\eta\\lambda_0/2)^t\\|u(0)-y\\|^2$ (dashed; ``extrapolated (out of scope)'' where the theorem's hypotheses $N\\ge N_{\\mathrm{req}}$ and $\\eta\\le\\eta_{\\max}$ fail, so the formula is not a bound there), per training-set size $m$; both axes logarithmic, $t=0$ left of the break.")
        return figure
    }
}
