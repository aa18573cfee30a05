import Bounds

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fitted empirical law with 95% confidence intervals, beside the theory's prediction.
///
/// - `thresholdVersusLogSamples`: t_hat(eps, k) = alpha + beta ln m, least squares over every
///   run (m, seed) whose pruned loss reached eps on the grid (runs that never did are left out
///   and counted in `excluded`). Theorem C: t_star grows like ln m / (eta lambda_0) for a
///   sum-loss target (beta > 0); with a per-sample target the ln m cancels.
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
        case thresholdVersusLogSamples(subnetworkSize: Int, epsilon: Double)
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
    /// R^2 of the least-squares line (on the log-log scale for the power law).
    public let rSquared: Double
    /// Number of points fitted.
    public let count: Int
    /// Points left out (threshold never reached, or zero loss).
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
        case .thresholdVersusLogSamples: return estimates[0].value + estimates[1].value * log(x)
        case .lossVersusSubnetworkSize: return estimates[0].value * pow(x, -estimates[1].value)
        }
    }

    /// A short name, e.g. "t_hat vs ln m (k = 10, eps = 0.5)".
    public var title: String {
        switch law {
        case let .thresholdVersusLogSamples(k, eps): return "t_hat vs ln m (k = \(k), eps = \(NumberFormat.short(eps)))"
        case let .lossVersusSubnetworkSize(m, t): return "l_k vs k (m = \(m), t = \(t))"
        }
    }

    /// Fits t_hat = alpha + beta ln m to the rows with the given k and eps.
    /// - Throws: `CheckerError.insufficientData` when fewer than 3 runs reached eps or all have one m.
    public static func thresholdVersusLogSamples(_ rows: [TheoremCRow], subnetworkSize k: Int, epsilon: Double,
                                                 convention: LossConvention, level: Double = 0.95) throws -> LawFit {
        let selected = rows.filter { $0.subnetworkSize == k && $0.epsilon == epsilon }
        let reached = selected.compactMap { row in row.empiricalThreshold.map { Point(x: Double(row.samples), y: Double($0)) } }
        let name = "t_hat vs ln m (k = \(k), eps = \(NumberFormat.short(epsilon)))"
        let regression = try LinearRegression(x: reached.map { log($0.x) }, y: reached.map(\.y), name: name)
        let q = try regression.quantile(level: level)
        let alpha = Estimate(name: "alpha", value: regression.intercept,
                             lower: regression.intercept - q * regression.interceptStandardError,
                             upper: regression.intercept + q * regression.interceptStandardError)
        let beta = Estimate(name: "beta", value: regression.slope,
                            lower: regression.slope - q * regression.slopeStandardError,
                            upper: regression.slope + q * regression.slopeStandardError)
        let prediction = convention == .sum
            ? "Theorem C: t_star grows like ln m / (eta lambda0) for a sum-loss target, so beta > 0 is expected"
            : "Theorem C: with a per-sample (mean) target the ln m growth of t_star cancels, so beta near 0 is expected at fixed eta and lambda0"
        return LawFit(law: .thresholdVersusLogSamples(subnetworkSize: k, epsilon: epsilon), formula: "t_hat = alpha + beta ln m",
                      estimates: [alpha, beta], rSquared: regression.rSquared, count: regression.count,
                      excluded: selected.count - reached.count, level: level, prediction: prediction, points: reached)
    }

    /// Fits l_k(t) = c k^(-gamma) to the rows with the given m and t (every seed and k).
    /// - Throws: `CheckerError.insufficientData` when fewer than 3 positive losses or a single k.
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
