import CGSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One observation of a response known only to lie in an interval: `lower < y <= upper`.
/// A threshold t_hat = t_j first seen at checkpoint t_j (j >= 1) lies in (t_{j-1}, t_j]
/// (interval-censored); one never reached lies in (T, infinity) (right-censored at the last
/// checkpoint T). `lower == upper` is an exact observation. `group` is the seed: the bootstrap
/// resamples groups.
public struct CensoredObservation: Sendable, Equatable {
    public let x: Double
    public let lower: Double
    public let upper: Double
    public let group: Int

    public init(x: Double, lower: Double, upper: Double, group: Int) {
        self.x = x
        self.lower = lower
        self.upper = upper
        self.group = group
    }

    public var isExact: Bool { lower == upper }
    public var isRightCensored: Bool { upper == .infinity }

    /// The observation of a threshold on a sorted checkpoint grid (nil = never reached);
    /// nil when it was met at the first checkpoint t = 0 (no crossing to place).
    public static func threshold(_ t: Int?, x: Double, grid: [Int], group: Int) -> CensoredObservation? {
        guard let last = grid.last else { return nil }
        guard let t else { return CensoredObservation(x: x, lower: Double(last), upper: .infinity, group: group) }
        guard let j = grid.firstIndex(of: t), j > 0 else { return nil }
        return CensoredObservation(x: x, lower: Double(grid[j - 1]), upper: Double(t), group: group)
    }
}

/// A law y = f(x) fitted to censored observations by maximum likelihood with normal errors:
///
/// - `logarithmic`: y = alpha + beta ln x + sigma Z,
/// - `linear`:      y = alpha + beta x + sigma Z,
/// - `power`:       ln y = ln c + beta ln x + sigma Z (y = c x^beta, log-normal errors),
///
/// Z standard normal. The log-likelihood of an interval observation (L, U] is
/// ln(Phi(z_U) - Phi(z_L)) (upper tails when z_L > 0, to keep their digits), of an exact one
/// the normal log-density (for `power` with the Jacobian -ln y, so that all three models are
/// likelihoods of the same y and their AIC = 2 * 3 - 2 ln L can be compared). Maximised by
/// Nelder-Mead over (alpha, beta, ln sigma) in standardised coordinates from the least-squares
/// line through the interval midpoints; Wald intervals estimate -+ t_{0.975, n-3} se from the
/// inverse of the numerical Hessian (central differences).
///
/// Refused (`CheckerError.insufficientData`, with the reason): fewer than 3 distinct x among
/// the observations with a finite upper end, no more such observations than the 3 parameters,
/// or a likelihood without a finite interior maximum (sigma collapsing to 0, a Hessian that is
/// not positive definite: e.g. every observed crossing in one checkpoint interval).
public struct CensoredRegression: Sendable, Equatable {
    public enum Model: String, Sendable, Equatable, CaseIterable {
        case logarithmic, linear, power

        /// "t = alpha + beta ln m" with the response and covariate names given.
        public func formula(_ y: String, _ x: String) -> String {
            switch self {
            case .logarithmic: return "\(y) = alpha + beta ln \(x)"
            case .linear: return "\(y) = alpha + beta \(x)"
            case .power: return "\(y) = c \(x)^beta"
            }
        }

        func covariate(_ x: Double) -> Double { self == .linear ? x : log(x) }
        func response(_ y: Double) -> Double {
            guard self == .power else { return y }
            return y > 0 ? log(y) : -.infinity
        }
    }

    public let model: Model
    /// alpha (ln c for `power`), beta, sigma.
    public let intercept: Double
    public let slope: Double
    public let sigma: Double
    public let interceptStandardError: Double
    public let slopeStandardError: Double
    /// The maximised log-likelihood.
    public let logLikelihood: Double
    /// Observations fitted, of which right-censored and interval-censored (not exact).
    public let count: Int
    public let rightCensored: Int
    public let intervalCensored: Int

    /// AIC = 2 * 3 - 2 ln L.
    public var aic: Double { 6 - 2 * logLikelihood }

    /// The Wald interval of the slope at `level`.
    public func slopeInterval(level: Double = 0.95) throws -> (Double, Double) {
        let q = try StudentT.twoSidedQuantile(level: level, degreesOfFreedom: Double(count - 3))
        return (slope - q * slopeStandardError, slope + q * slopeStandardError)
    }

    /// The Wald interval of the intercept (of ln c for `power`) at `level`.
    public func interceptInterval(level: Double = 0.95) throws -> (Double, Double) {
        let q = try StudentT.twoSidedQuantile(level: level, degreesOfFreedom: Double(count - 3))
        return (intercept - q * interceptStandardError, intercept + q * interceptStandardError)
    }

    /// The fitted median response at x.
    public func value(at x: Double) -> Double {
        let eta = intercept + slope * model.covariate(x)
        return model == .power ? exp(eta) : eta
    }

    public init(_ observations: [CensoredObservation], model: Model, name: String = "the fit") throws {
        for o in observations where o.x.isNaN || o.lower.isNaN || o.upper.isNaN || !(o.lower <= o.upper) || !o.x.isFinite
            || (model != .linear && o.x <= 0) {
            throw CheckerError.invalidValue(field: name, value: "(\(o.x), \(o.lower), \(o.upper))", allowed: "finite x (> 0 for a logarithm) and lower <= upper")
        }
        let seen = observations.filter { $0.upper.isFinite }
        let distinct = Set(seen.map(\.x)).count
        guard distinct >= 3 else {
            throw CheckerError.insufficientData(fit: name, reason: "crossings observed at \(distinct) distinct m (\(seen.count) of \(observations.count) observations; the rest never reached); a law with an interval needs at least 3")
        }
        guard seen.count > 3 else {
            throw CheckerError.insufficientData(fit: name, reason: "\(seen.count) observed crossings for 3 parameters (alpha, beta, sigma): no residual degrees of freedom")
        }
        // Standardised coordinates: covariate (g - gBar)/gScale, response (y - yBar)/yScale.
        let g = observations.map { model.covariate($0.x) }
        let lo = observations.map { model.response($0.lower) }
        let hi = observations.map { model.response($0.upper) }
        let mids = zip(lo, hi).map { l, u -> Double in
            if l.isFinite && u.isFinite { return (l + u) / 2 }
            if u.isFinite { return model == .power ? u - 0.5 : u / 2 }
            return model == .power ? l + 0.5 : l * 1.5
        }
        let n = Double(observations.count)
        let gBar = g.reduce(0, +) / n
        let gScale = max((g.map { ($0 - gBar) * ($0 - gBar) }.reduce(0, +) / n).squareRoot(), 1e-300)
        let yBar = mids.reduce(0, +) / n
        let widths = zip(lo, hi).compactMap { l, u in l.isFinite && u.isFinite ? u - l : nil }
        let spread = (mids.map { ($0 - yBar) * ($0 - yBar) }.reduce(0, +) / n).squareRoot()
        let yScale = max(spread, widths.max() ?? 0, 1e-12 * max(1, abs(yBar)))
        let gs = g.map { ($0 - gBar) / gScale }
        let los = lo.map { ($0 - yBar) / yScale }
        let his = hi.map { ($0 - yBar) / yScale }
        let exactLogY = observations.map { model == .power && $0.isExact ? log($0.upper) : 0 }
        let ms = mids.map { ($0 - yBar) / yScale }

        func negativeLogLikelihood(_ p: [Double]) -> Double {
            let sigma = exp(p[2])
            var total = 0.0
            for i in gs.indices {
                let mu = p[0] + p[1] * gs[i]
                if los[i] == his[i] {
                    let z = (his[i] - mu) / sigma
                    total += 0.5 * z * z + p[2] + 0.5 * log(2 * Double.pi) + log(yScale) + exactLogY[i]
                } else {
                    let zl = (los[i] - mu) / sigma, zu = (his[i] - mu) / sigma
                    let p = zl > 0 ? gsl_cdf_ugaussian_Q(zl) - gsl_cdf_ugaussian_Q(zu) : gsl_cdf_ugaussian_P(zu) - gsl_cdf_ugaussian_P(zl)
                    total -= log(max(p, 1e-300))
                }
            }
            return total
        }
        // Start: least squares through the midpoints.
        var sxy = 0.0, sxx = 0.0
        let mBar = ms.reduce(0, +) / n
        for (x, y) in zip(gs, ms) { sxy += x * (y - mBar); sxx += x * x }
        let b0 = sxx > 0 ? sxy / sxx : 0
        let r = zip(gs, ms).map { $1 - mBar - b0 * $0 }
        let s0 = max((r.map { $0 * $0 }.reduce(0, +) / n).squareRoot(), 0.05)
        let (p, value) = NelderMead.minimize(negativeLogLikelihood, start: [mBar, b0, log(s0)], steps: [0.2, 0.2, 0.3])
        guard value.isFinite, p[2] > log(1e-6) else {
            throw CheckerError.insufficientData(fit: name, reason: "the likelihood has no finite maximum (sigma -> 0): the observed crossings do not constrain the law (e.g. all in one checkpoint interval)")
        }
        // Numerical Hessian (central differences) and its inverse.
        let h = [1e-4, 1e-4, 1e-4]
        var hessian = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in 0..<3 {
            for j in i..<3 {
                func at(_ di: Double, _ dj: Double) -> Double {
                    var q = p
                    q[i] += di * h[i]
                    q[j] += dj * h[j]
                    return negativeLogLikelihood(q)
                }
                let v = (at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * h[i] * h[j])
                hessian[i][j] = v
                hessian[j][i] = v
            }
        }
        guard let covariance = CensoredRegression.inverse3(hessian), covariance[0][0] > 0, covariance[1][1] > 0, covariance[2][2] > 0 else {
            throw CheckerError.insufficientData(fit: name, reason: "the likelihood is flat in some direction at its maximum (singular information): the observed crossings do not determine the law")
        }
        self.model = model
        slope = p[1] * yScale / gScale
        intercept = yBar + p[0] * yScale - slope * gBar
        sigma = exp(p[2]) * yScale
        slopeStandardError = covariance[1][1].squareRoot() * yScale / gScale
        // intercept = yBar + yScale (a - b gBar / gScale): its variance from the 2x2 block.
        let da = yScale, db = -yScale * gBar / gScale
        interceptStandardError = max(0, da * da * covariance[0][0] + 2 * da * db * covariance[0][1] + db * db * covariance[1][1]).squareRoot()
        logLikelihood = -value
        count = observations.count
        rightCensored = observations.filter(\.isRightCensored).count
        intervalCensored = observations.filter { !$0.isExact && !$0.isRightCensored }.count
    }

    /// The inverse of a symmetric positive definite 3 x 3 matrix (Cholesky), nil otherwise.
    static func inverse3(_ a: [[Double]]) -> [[Double]]? {
        var l = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in 0..<3 {
            for j in 0...i {
                var s = a[i][j]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                if i == j {
                    guard s > 0, s.isFinite else { return nil }
                    l[i][i] = s.squareRoot()
                } else {
                    l[i][j] = s / l[j][j]
                }
            }
        }
        // inverse = L^-T L^-1; columns of L^-1 by forward substitution.
        var li = [[Double]](repeating: [0, 0, 0], count: 3)
        for c in 0..<3 {
            for i in 0..<3 {
                var s = i == c ? 1.0 : 0
                for k in 0..<i { s -= l[i][k] * li[k][c] }
                li[i][c] = s / l[i][i]
            }
        }
        var inv = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in 0..<3 { for j in 0..<3 { for k in 0..<3 { inv[i][j] += li[k][i] * li[k][j] } } }
        return inv
    }
}
