#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Figure {
    /// Figure (d): the pruned loss l_k(t) against k (log-log) at one (m, t): the mean over seeds
    /// with min-max error bars, and the fitted power law c k^(-gamma) over the range of k.
    /// `fit` defaults to the result's first l_k-vs-k fit; nil when there is none.
    public static func lossLaw(_ result: CheckResult, fit: LawFit? = nil) -> Figure? {
        guard let fit = fit ?? result.lawFits.first(where: {
            if case .lossVersusSubnetworkSize = $0.law { return true } else { return false }
        }), case let .lossVersusSubnetworkSize(m, t) = fit.law,
              let lo = fit.points.map(\.x).min(), let hi = fit.points.map(\.x).max() else { return nil }
        let byK = Dictionary(grouping: fit.points, by: \.x)
        let measured = byK.keys.sorted().compactMap { k -> Point? in
            guard let s = SampleSummary(byK[k]!.map(\.y)) else { return nil }
            return Point(x: k, y: s.mean, yLower: s.minimum, yUpper: s.maximum)
        }
        let line = (0...40).map { i -> Point in
            let k = exp(log(lo) + (log(hi) - log(lo)) * Double(i) / 40)
            return Point(x: k, y: fit.value(at: k))
        }
        let gamma = fit.estimates[1]
        var figure = Figure(name: "figure_loss_law",
                      title: Label("Pruned loss against k (m = \(m), t = \(t))",
                                   latex: "Pruned loss against $k$ ($m = \(m)$, $t = \(t)$)"),
                      xLabel: Label("subnetwork size k", latex: "subnetwork size $k$"),
                      yLabel: Label("pruned loss l_k(t)", latex: "pruned loss $\\ell_k(t)$"),
                      xScale: .log, yScale: .log,
                      series: [
                          Series(name: Label("measured"), points: measured, color: 0, marker: .circle),
                          Series(name: Label("fit: gamma = \(NumberFormat.short(gamma.value)) [\(NumberFormat.short(gamma.lower)), \(NumberFormat.short(gamma.upper))]",
                                             latex: "fit: $\\gamma = \(NumberFormat.short(gamma.value))$ [\(NumberFormat.short(gamma.lower)), \(NumberFormat.short(gamma.upper))]"),
                                 points: line, dashed: true, color: 1, marker: nil),
                      ])
        figure.caption = Label("Training loss l_k(t) of the greedy subnetwork against its size k at m = \(m), t = \(t): the mean over seeds, error bars from the smallest to the largest seed; dashed: the least-squares power law c k^(-gamma) (95% interval of gamma in brackets); both axes logarithmic.",
                               latex: "Training loss $\\ell_k(t)$ of the greedy subnetwork against its size $k$ at $m=\(m)$, $t=\(t)$: the mean over seeds, error bars from the smallest to the largest seed; dashed: the least-squares power law $c\\,k^{-\\gamma}$ (95\\,\\% interval of $\\gamma$ in brackets); both axes logarithmic.")
        return figure
    }
}
