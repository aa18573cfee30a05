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
        var figure = Figure(name: "figure_threshold_law",
                      title: Label("Threshold t_hat against m (k = \(k), eps = \(NumberFormat.short(eps)))",
                                   latex: "Threshold $\\hat t$ against $m$ ($k = \(k)$, $\\varepsilon = \(NumberFormat.short(eps))$)"),
                      xLabel: Label("training points m", latex: "training points $m$"),
                      yLabel: Label("threshold t_hat", latex: "threshold $\\hat t$"),
                      xScale: .log, yScale: .linear,
                      series: [
                          Series(name: Label("runs"), points: fit.points.map { Point(x: $0.x, y: $0.y) }, line: false, color: 0, marker: .circle),
                          Series(name: Label("fit: beta = \(NumberFormat.short(beta.value)) [\(NumberFormat.short(beta.lower)), \(NumberFormat.short(beta.upper))]",
                                             latex: "fit: $\\beta = \(NumberFormat.short(beta.value))$ [\(NumberFormat.short(beta.lower)), \(NumberFormat.short(beta.upper))]"),
                                 points: line, dashed: true, color: 1, marker: nil),
                      ])
        figure.caption = Label("Each marker is one run (m, seed): t_hat, the first checkpoint at which the greedy subnetwork of k = \(k) neurons reaches training loss l_k(t) <= eps = \(NumberFormat.short(eps)); runs that never reach it are censored and not drawn. Dashed: the least-squares line t_hat = alpha + beta ln m (95% interval of beta in brackets); the m axis is logarithmic.",
                               latex: "Each marker is one run ($m$, seed): $\\hat t$, the first checkpoint at which the greedy subnetwork of $k=\(k)$ neurons reaches training loss $\\ell_k(t)\\le\\varepsilon=\(NumberFormat.short(eps))$; runs that never reach it are censored and not drawn. Dashed: the least-squares line $\\hat t=\\alpha+\\beta\\ln m$ (95\\,\\% interval of $\\beta$ in brackets); the $m$ axis is logarithmic.")
        return figure
    }
}
