/// Ordinary least squares y = intercept + slope x, with the classical standard errors
/// (residual variance s^2 = SSR/(n - 2)):
///
///     se(slope) = s / sqrt(Sxx),   se(intercept) = s sqrt(1/n + xbar^2 / Sxx),
///     R^2 = 1 - SSR / SST          (undefined, nil, when SST = 0: all y equal).
///
/// It refuses what the data cannot say: fewer than 3 distinct x values (two points always lie
/// on a line, so the residual carries no information), or residuals at rounding level (a residual
/// standard deviation <= 1e-12 max |y|: every interval would have zero width). Confidence intervals are estimate -+ t_{(1+level)/2,
/// n-2} se (Student t from GSL, `StudentT`).
public struct LinearRegression: Sendable, Equatable {
    public let count: Int
    public let intercept: Double
    public let slope: Double
    public let interceptStandardError: Double
    public let slopeStandardError: Double
    /// nil when the total sum of squares is 0.
    public let rSquared: Double?

    /// - Throws: `CheckerError.insufficientData` for fewer than 3 distinct x values or a zero
    ///   residual; `CheckerError.invalidValue` for non-finite coordinates.
    public init(x: [Double], y: [Double], name: String = "the regression") throws {
        guard x.count == y.count else {
            throw CheckerError.invalidValue(field: name, value: "\(x.count) x and \(y.count) y values", allowed: "as many x as y values")
        }
        for v in x + y where !v.isFinite {
            throw CheckerError.invalidValue(field: name, value: "\(v)", allowed: "finite coordinates")
        }
        let distinct = Set(x).count
        guard distinct >= 3 else {
            throw CheckerError.insufficientData(fit: name, reason: "\(x.count) point\(x.count == 1 ? "" : "s") at \(distinct) distinct x value\(distinct == 1 ? "" : "s"); a line with a confidence interval needs at least 3 distinct x")
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
        slope = sxy / sxx
        intercept = yBar - slope * xBar
        var ssr = 0.0
        for (xi, yi) in zip(x, y) {
            let r = yi - intercept - slope * xi
            ssr += r * r
        }
        let s = (ssr / (n - 2)).squareRoot()
        // Residuals at the level of rounding (1e-12 of the largest |y|) are an exact line.
        guard s > 1e-12 * y.map(abs).max()! else {
            throw CheckerError.insufficientData(fit: name, reason: "the \(x.count) points lie exactly on a line (residuals at rounding level), so no interval of nonzero width can be given")
        }
        slopeStandardError = s / sxx.squareRoot()
        interceptStandardError = s * (1 / n + xBar * xBar / sxx).squareRoot()
        rSquared = syy > 0 ? max(0, 1 - ssr / syy) : nil
        count = x.count
    }

    /// The half-width t_{(1+level)/2, n-2} of the confidence intervals, in units of one standard error.
    public func quantile(level: Double = 0.95) throws -> Double {
        try StudentT.twoSidedQuantile(level: level, degreesOfFreedom: Double(count - 2))
    }
}
