/// Ordinary least squares y = intercept + slope x on n >= 3 points (x not all equal), with
/// the classical standard errors (residual variance s^2 = SSR/(n - 2)):
///
///     se(slope) = s / sqrt(Sxx),   se(intercept) = s sqrt(1/n + xbar^2 / Sxx),
///     R^2 = 1 - SSR / SST          (1 when SST = 0, i.e. all y equal and fitted exactly).
///
/// Confidence intervals are estimate -+ t_{(1+level)/2, n-2} se (Student t, `StudentT`).
public struct LinearRegression: Sendable, Equatable {
    public let count: Int
    public let intercept: Double
    public let slope: Double
    public let interceptStandardError: Double
    public let slopeStandardError: Double
    public let rSquared: Double

    /// - Throws: `CheckerError.insufficientData` for fewer than 3 points or x all equal;
    ///   `CheckerError.invalidValue` for non-finite coordinates.
    public init(x: [Double], y: [Double], name: String = "the regression") throws {
        guard x.count == y.count else {
            throw CheckerError.invalidValue(field: name, value: "\(x.count) x and \(y.count) y values", allowed: "as many x as y values")
        }
        guard x.count >= 3 else {
            throw CheckerError.insufficientData(fit: name, reason: "only \(x.count) point\(x.count == 1 ? "" : "s"); a line with a confidence interval needs at least 3")
        }
        for v in x + y where !v.isFinite {
            throw CheckerError.invalidValue(field: name, value: "\(v)", allowed: "finite coordinates")
        }
        let n = Double(x.count)
        let xBar = x.reduce(0, +) / n
        let yBar = y.reduce(0, +) / n
        var sxx = 0.0, sxy = 0.0, syy = 0.0
        for (xi, yi) in zip(x, y) {
            sxx += (xi - xBar) * (xi - xBar)
            sxy += (xi - xBar) * (yi - yBar)
            syy += (yi - yBar) * (yi - yBar)
        }
        guard sxx > 0 else {
            throw CheckerError.insufficientData(fit: name, reason: "all x values are equal (\(x[0])), so the slope is undetermined")
        }
        slope = sxy / sxx
        intercept = yBar - slope * xBar
        var ssr = 0.0
        for (xi, yi) in zip(x, y) {
            let r = yi - intercept - slope * xi
            ssr += r * r
        }
        let s = (ssr / (n - 2)).squareRoot()
        slopeStandardError = s / sxx.squareRoot()
        interceptStandardError = s * (1 / n + xBar * xBar / sxx).squareRoot()
        rSquared = syy > 0 ? max(0, 1 - ssr / syy) : 1
        count = x.count
    }

    /// The half-width t_{(1+level)/2, n-2} of the confidence intervals, in units of one standard error.
    public func quantile(level: Double = 0.95) throws -> Double {
        try StudentT.twoSidedQuantile(level: level, degreesOfFreedom: Double(count - 2))
    }
}
