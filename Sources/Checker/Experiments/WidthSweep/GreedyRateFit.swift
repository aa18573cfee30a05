import Foundation

/// The empirical rate of greedy forward selection towards l_star (THEORY.md section 8, issue 16
/// item 4): the least-squares fit log(l_j - l_star) = a - p log j over the tail j = ceil(k/4)..k of
/// greedy's sum losses l_1..l_k, with l_star replaced by the lower end of its certified bracket
/// (so l_j - l_star is never underestimated and p is, if anything, biased towards slower rates).
/// Points with l_j - l_star <= 0 are dropped. Theorem B guarantees p >= 1 up to the H_k factor;
/// Ye et al. (2020) prove p = 2 when the target lies inside the hull with a margin.
public struct GreedyRateFit: Sendable, Equatable, Codable {
    /// p (minus the slope) and its 95% Student-t interval.
    public let exponent: Double
    public let low: Double
    public let high: Double
    public let points: Int

    /// Fits the tail of `sumLosses` (l_j at index j - 1) against the floor `hullLoss`; nil when
    /// fewer than 3 tail points have l_j > hullLoss.
    public static func fit(sumLosses: [Double], hullLoss: Double) -> GreedyRateFit? {
        let k = sumLosses.count
        let first = max(1, (k + 3) / 4)
        var x: [Double] = [], y: [Double] = []
        for j in first...max(first, k) where j <= k {
            let gap = sumLosses[j - 1] - hullLoss
            guard gap > 0 else { continue }
            x.append(log(Double(j)))
            y.append(log(gap))
        }
        guard x.count >= 3, let regression = try? LinearRegression(x: x, y: y, name: "log(l_j - l*) against log j"),
              let q = try? regression.quantile(level: 0.95) else { return nil }
        let half = q * regression.slopeStandardError
        return GreedyRateFit(exponent: -regression.slope, low: -regression.slope - half, high: -regression.slope + half,
                             points: x.count)
    }

    /// Whether the interval contains p.
    public func contains(_ p: Double) -> Bool { low <= p && p <= high }
}
