#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Figure {
    /// Figure (c): the thresholds t_hat(eps, k) of every run against m (log x): each observed
    /// crossing at its exact step t_c where the bisection located one (no bar), otherwise as a
    /// bar over its checkpoint interval (t_{j-1}, t_j] with its point at t_j; runs that
    /// never reached eps are not drawn (the legend counts them); the law the data favour
    /// (`ScalingComparison.best`) drawn over the range of m, its name and slope interval in the legend.
    /// `scaling` defaults to the comparison with the most distinct m among observed crossings,
    /// then the most observed crossings (the first in the result's order on a tie); nil when no
    /// law could be fitted to it. The caption says how to read markers, bars and the censored runs.
    public static func thresholdLaw(_ result: CheckResult, scaling: ScalingComparison? = nil) -> Figure? {
        func rank(_ s: ScalingComparison) -> (Int, Int) {
            let seen = s.observations.filter { !$0.isRightCensored }
            return (Set(seen.map(\.x)).count, seen.count)
        }
        let chosen = scaling ?? result.thresholdScalings.filter { $0.response == "t_hat" }.enumerated().max { a, b in
            let ra = rank(a.element), rb = rank(b.element)
            return ra != rb ? ra < rb : a.offset > b.offset
        }?.element
        guard let scaling = chosen, let best = scaling.best, let fit = best.fit else { return nil }
        let seen = scaling.observations.filter { !$0.isRightCensored }
        guard let lo = seen.map(\.x).min(), let hi = seen.map(\.x).max() else { return nil }
        let line = (0...40).map { i -> Point in
            let m = exp(log(lo) + (log(hi) - log(lo)) * Double(i) / 40)
            return Point(x: m, y: fit.value(at: m))
        }
        let never = scaling.observations.count - seen.count
        let formula = best.model.formula("t_hat", "m")
        let interval = best.slopeInterval.map { " [\(NumberFormat.short($0.0)), \(NumberFormat.short($0.1))]" } ?? ""
        var figure = Figure(name: "figure_threshold_law",
                      title: Label("Threshold t_hat against m (\(scaling.title))",
                                   latex: "Threshold $\\hat t$ against $m$ (\(LaTeXMath.prose(scaling.title)))"),
                      xLabel: Label("training points m", latex: "training points $m$"),
                      yLabel: Label("threshold t_hat", latex: "threshold $\\hat t$"),
                      xScale: .log, yScale: .linear,
                      series: [
                          Series(name: Label("runs (\(seen.count) crossed, \(never) never reached, not drawn)"),
                                 points: seen.map { Point(x: $0.x, y: $0.upper, yLower: $0.lower, yUpper: $0.upper) },
                                 line: false, color: 0, marker: .circle),
                          Series(name: Label("AIC favours \(formula), beta = \(NumberFormat.short(fit.slope))\(interval)"),
                                 points: line, dashed: true, color: 1, marker: nil),
                      ])
        figure.caption = Label("Each marker is one run (m, seed) at \(scaling.title): t_hat, the step at which the greedy subnetwork's training loss l_k(t) crosses eps, located by bisection between checkpoints (no bar); where no crossing was located, the first checkpoint with l_k(t) <= eps, its bar spanning the checkpoint interval in which the crossing happened. Runs that never reach eps are censored: counted in the legend, not drawn. Dashed: the law the censored fits favour by AIC (95% interval of beta in brackets); the m axis is logarithmic.",
                               latex: "Each marker is one run ($m$, seed) at \(LaTeXMath.prose(scaling.title)): $\\hat t$, the step at which the greedy subnetwork's training loss $\\ell_k(t)$ crosses $\\varepsilon$, located by bisection between checkpoints (no bar); where no crossing was located, the first checkpoint with $\\ell_k(t)\\le\\varepsilon$, its bar spanning the checkpoint interval in which the crossing happened. Runs that never reach $\\varepsilon$ are censored: counted in the legend, not drawn. Dashed: the law the censored fits favour by AIC (95\\,\\% interval of $\\beta$ in brackets); the $m$ axis is logarithmic.")
        return figure
    }
}
