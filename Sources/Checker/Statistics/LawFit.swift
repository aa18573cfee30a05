import Bounds

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fitted empirical law with 95% confidence intervals, beside the theory's prediction.
///
/// (The thresholds t_hat against m are censored observations: they are compared between laws
/// by `ScalingComparison`, not fitted here.)
/// - `lossVersusSubnetworkSize`: l_k(t) = c k^(-gamma), least squares of ln l_k on ln k over
///   every (seed, k) at one (m, t) (zero losses are left out and counted in `excluded`);
///   the interval of c is exp of the interval of ln c. Theorem B: the greedy term
///   D^2 H_k/(2k) decays like ln k / k, so gamma is about 1 for it; the pruned loss
///   flattens at the dense loss l(t), which lowers the fitted gamma when l(t) is not small.
///
/// Intervals: estimate -+ t_{0.975, n-2} standard error (`LinearRegression`, `StudentT`).
public struct LawFit: Sendable, Equatable {
    /// Which law, and at which fixed parameters.
    public enum Law: Sendable, Equatable {
        case lossVersusSubnetworkSize(samples: Int, iteration: Int)
    }

    /// One fitted parameter with its confidence interval.
    public struct Estimate: Sendable, Equatable {
        public let name: String
        public let value: Double
        public let lower: Double
        public let upper: Double
    }

    /// A data point of the fit, in the law's natural coordinates (m or k, and t_hat or l_k).
    public struct Point: Sendable, Equatable {
        public let x: Double
        public let y: Double
    }

    public let law: Law
    /// The law as a formula, e.g. "t_hat = alpha + beta ln m".
    public let formula: String
    /// (alpha, beta) or (c, gamma).
    public let estimates: [Estimate]
    /// R^2 of the least-squares line (on the log-log scale for the power law); nil when all
    /// responses are equal (the total sum of squares is 0).
    public let rSquared: Double?
    /// Number of points fitted.
    public let count: Int
    /// Points left out (zero loss).
    public let excluded: Int
    /// The confidence level of the intervals (0.95).
    public let level: Double
    /// The theory's prediction, in words.
    public let prediction: String
    /// The fitted points, for the figures.
    public let points: [Point]

    /// The fitted value at x (m or k).
    public func value(at x: Double) -> Double {
        switch law {
        case .lossVersusSubnetworkSize: return estimates[0].value * pow(x, -estimates[1].value)
        }
    }

    /// A short name, e.g. "l_k vs k (m = 200, t = 800)".
    public var title: String {
        switch law {
        case let .lossVersusSubnetworkSize(m, t): return "l_k vs k (m = \(m), t = \(t))"
        }
    }

    /// Fits l_k(t) = c k^(-gamma) to the rows with the given m and t (every seed and k).
    /// - Throws: `CheckerError.insufficientData` when fewer than 3 distinct k have a positive
    ///   loss, or the points lie exactly on a line.
    public static func lossVersusSubnetworkSize(_ rows: [TheoremBRow], samples m: Int, iteration t: Int,
                                                level: Double = 0.95) throws -> LawFit {
        let selected = rows.filter { $0.samples == m && $0.iteration == t }
        let positive = selected.filter { $0.prunedLoss > 0 }.map { Point(x: Double($0.subnetworkSize), y: $0.prunedLoss) }
        let name = "l_k vs k (m = \(m), t = \(t))"
        let regression = try LinearRegression(x: positive.map { log($0.x) }, y: positive.map { log($0.y) }, name: name)
        let q = try regression.quantile(level: level)
        let logC = regression.intercept
        let c = Estimate(name: "c", value: exp(logC),
                         lower: exp(logC - q * regression.interceptStandardError),
                         upper: exp(logC + q * regression.interceptStandardError))
        let gamma = Estimate(name: "gamma", value: -regression.slope,
                             lower: -regression.slope - q * regression.slopeStandardError,
                             upper: -regression.slope + q * regression.slopeStandardError)
        return LawFit(law: .lossVersusSubnetworkSize(samples: m, iteration: t), formula: "l_k = c k^(-gamma)",
                      estimates: [c, gamma], rSquared: regression.rSquared, count: regression.count,
                      excluded: selected.count - positive.count, level: level,
                      prediction: "Theorem B: the greedy term D^2 H_k/(2k) decays like ln k / k, so gamma about 1; the loss flattens at l(t), lowering gamma when l(t) is not small",
                      points: positive)
    }
}
