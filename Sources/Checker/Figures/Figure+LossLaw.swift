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
        return Figure(name: "figure_loss_law",
                      title: Label("Pruned loss against k (m = \(m), t = \(t); mean over seeds, bars: min to max)",
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
    }
}
