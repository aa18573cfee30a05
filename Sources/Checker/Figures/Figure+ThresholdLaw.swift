#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Figure {
    /// Figure (c): the empirical thresholds t_hat(eps, k) of every run against m (log x, so
    /// alpha + beta ln m is a straight line), with the fitted line drawn over the range of m.
    /// `fit` defaults to the result's first t_hat-vs-ln-m fit; nil when there is none.
    public static func thresholdLaw(_ result: CheckResult, fit: LawFit? = nil) -> Figure? {
        // By default the threshold fit with the most distinct sizes m, then the most points,
        // then the highest R^2 (the first in the result's order on a tie).
        let candidates = result.lawFits.filter {
            if case .thresholdVersusLogSamples = $0.law { return true } else { return false }
        }
        func rank(_ f: LawFit) -> (Int, Int, Double) { (Set(f.points.map(\.x)).count, f.points.count, f.rSquared.isFinite ? f.rSquared : -1) }
        let best = candidates.enumerated().max { a, b in
            let ra = rank(a.element), rb = rank(b.element)
            return ra != rb ? ra < rb : a.offset > b.offset
        }?.element
        guard let fit = fit ?? best, case let .thresholdVersusLogSamples(k, eps) = fit.law,
              let lo = fit.points.map(\.x).min(), let hi = fit.points.map(\.x).max() else { return nil }
        let line = (0...40).map { i -> Point in
            let m = exp(log(lo) + (log(hi) - log(lo)) * Double(i) / 40)
            return Point(x: m, y: fit.value(at: m))
        }
        let beta = fit.estimates[1]
        return Figure(name: "figure_threshold_law",
                      title: Label("Threshold t_hat against m (k = \(k), eps = \(NumberFormat.short(eps)))",
                                   latex: "Threshold $\\hat t$ against $m$ ($k = \(k)$, $\\varepsilon = \(NumberFormat.short(eps))$)"),
                      xLabel: Label("training points m", latex: "training points $m$"),
                      yLabel: Label("t_hat (first checkpoint with l_k(t) <= eps)", latex: "$\\hat t$ (first checkpoint with $\\ell_k(t) \\le \\varepsilon$)"),
                      xScale: .log, yScale: .linear,
                      series: [
                          Series(name: Label("runs"), points: fit.points.map { Point(x: $0.x, y: $0.y) }, line: false, color: 0, marker: .circle),
                          Series(name: Label("fit: beta = \(NumberFormat.short(beta.value)) [\(NumberFormat.short(beta.lower)), \(NumberFormat.short(beta.upper))]",
                                             latex: "fit: $\\beta = \(NumberFormat.short(beta.value))$ [\(NumberFormat.short(beta.lower)), \(NumberFormat.short(beta.upper))]"),
                                 points: line, dashed: true, color: 1, marker: nil),
                      ])
    }
}
