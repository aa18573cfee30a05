#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension PaperExperimentResult {
    /// The two figures: `figure_paper_accuracy` and `figure_paper_plateau` (the latter only when
    /// a plateau was found for the figure's k).
    public var figures: [Figure] {
        [accuracyFigure] + (plateauFigure.map { [$0] } ?? [])
    }

    /// The paper's figure: the pruned network's test accuracy (seed mean) against the
    /// pre-training iterations t (log x; t = 0 left of a break) at
    /// k = `figureSubnetworkSize`, one colour per m: solid with markers before fine-tuning,
    /// dashed after it.
    public var accuracyFigure: Figure {
        let k = configuration.figureSubnetworkSize
        let means = meanRows.filter { $0.subnetworkSize == k }
        var series: [Figure.Series] = []
        for (index, m) in configuration.sizes.enumerated() {
            let ofM = means.filter { $0.samples == m }
            series.append(Figure.Series(name: Figure.Label("m = \(m), greedy", latex: "$m = \(m)$, greedy"),
                                        points: ofM.map { Figure.Point(x: Double($0.iteration), y: $0.pruned.testAccuracy) },
                                        color: index, marker: Figure.marker(index)))
            if configuration.fineTuneSteps > 0 {
                series.append(Figure.Series(name: Figure.Label("m = \(m), fine-tuned", latex: "$m = \(m)$, fine-tuned"),
                                            points: ofM.compactMap { r in r.fineTuned.map { Figure.Point(x: Double(r.iteration), y: $0.testAccuracy) } },
                                            dashed: true, color: index, marker: nil))
            }
        }
        return Figure(name: "figure_paper_accuracy",
                      title: Figure.Label("Pruned test accuracy against pre-training iterations (k = \(k))",
                                          latex: "Pruned test accuracy against pre-training iterations ($k = \(k)$)"),
                      xLabel: Figure.Label("pre-training iterations t", latex: "pre-training iterations $t$"),
                      yLabel: Figure.Label("test accuracy of the pruned network"),
                      xScale: .log, yScale: .linear, series: series)
    }

    /// t_plateau of every (m, seed) against m (log x, so alpha + beta ln m is a line) at
    /// k = `figureSubnetworkSize`, for the pruned and the fine-tuned curves, with the fitted lines
    /// (dashed) over the range of m; nil when no plateau row exists. Censored plateaus are drawn
    /// at T with an open marker series of their own.
    public var plateauFigure: Figure? {
        let k = configuration.figureSubnetworkSize
        let rows = plateaus.filter { $0.subnetworkSize == k }
        guard !rows.isEmpty else { return nil }
        let fits = plateauFits
        var series: [Figure.Series] = []
        let curves: [PlateauCurve] = configuration.fineTuneSteps > 0 ? [.pruned, .fineTuned] : [.pruned]
        for (index, curve) in curves.enumerated() {
            let estimates = rows.compactMap { row in row.estimate(curve).map { (Double(row.samples), $0) } }
            let settled = estimates.filter { !$0.1.isCensored }
            let censored = estimates.filter { $0.1.isCensored }
            series.append(Figure.Series(name: Figure.Label("\(curve.rawValue) (m, seed)"),
                                        points: settled.map { Figure.Point(x: $0.0, y: Double($0.1.iteration)) },
                                        line: false, color: index, marker: index == 0 ? .circle : .square))
            if !censored.isEmpty {
                series.append(Figure.Series(name: Figure.Label("\(curve.rawValue), not settled by T"),
                                            points: censored.map { Figure.Point(x: $0.0, y: Double($0.1.iteration)) },
                                            line: false, color: index, marker: .cross))
            }
            if let fit = fits.first(where: { $0.curve == curve && $0.subnetworkSize == k }), let beta = fit.beta,
               let lo = fit.points.map(\.x).min(), let hi = fit.points.map(\.x).max(), hi > lo {
                let line = (0...40).compactMap { i -> Figure.Point? in
                    let m = exp(log(lo) + (log(hi) - log(lo)) * Double(i) / 40)
                    return fit.value(at: m).map { Figure.Point(x: m, y: $0) }
                }
                let text = "fit \(curve.rawValue): beta = \(NumberFormat.short(beta.value)) [\(NumberFormat.short(beta.lower)), \(NumberFormat.short(beta.upper))]"
                series.append(Figure.Series(name: Figure.Label(text, latex: "fit \(curve.rawValue): $\\beta = \(NumberFormat.short(beta.value))$ [\(NumberFormat.short(beta.lower)), \(NumberFormat.short(beta.upper))]"),
                                            points: line, dashed: true, color: index, marker: nil))
            }
        }
        return Figure(name: "figure_paper_plateau",
                      title: Figure.Label("Plateau iteration against m (k = \(k))", latex: "Plateau iteration against $m$ ($k = \(k)$)"),
                      xLabel: Figure.Label("training points m", latex: "training points $m$"),
                      yLabel: Figure.Label("t_plateau (rule \(configuration.plateauRule), tolerance \(NumberFormat.short(100 * configuration.plateauTolerance)) points)",
                                           latex: "$t_{\\mathrm{plateau}}$"),
                      xScale: .log, yScale: .linear, series: series)
    }
}
