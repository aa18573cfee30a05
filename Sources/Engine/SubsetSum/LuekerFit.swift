import Foundation

/// The least-squares line n(eps) = C log2(1/eps) + c0 through points (eps_e, n_e).
///
/// With x_e = log2(1/eps_e): C = sum (x_e - xbar)(n_e - nbar) / sum (x_e - xbar)^2 and
/// c0 = nbar - C xbar (ordinary least squares, equal weights). In natural logarithms the same
/// line is n = (C / ln 2) ln(1/eps) + c0, so `naturalLogConstant` = C / ln 2 is the slope to
/// compare with Lueker's form n >= C' log(2/eps) = C' ln(1/eps) + C' ln 2 (whose intercept is
/// tied to the slope; the fit leaves c0 free).
public struct LuekerFit: Sendable, Equatable {
    /// C, the slope per log2(1/eps) (samples per halving of eps).
    public var slope: Double
    /// c0.
    public var intercept: Double

    public init(slope: Double, intercept: Double) {
        self.slope = slope
        self.intercept = intercept
    }

    /// C / ln 2: the slope per natural logarithm ln(1/eps).
    public var naturalLogConstant: Double { slope / log(2) }

    /// The fitted n at eps.
    public func count(at epsilon: Double) -> Double { slope * log2(1 / epsilon) + intercept }

    /// Least squares through the points (eps_e, n_e).
    /// - Throws: `SubsetSumError.fitImpossible` with fewer than two distinct epsilons, and
    ///   `.invalidParameter` for an eps outside (0, 1) or a count/eps list length mismatch.
    public static func leastSquares(epsilons: [Double], counts: [Double]) throws -> LuekerFit {
        guard epsilons.count == counts.count else {
            throw SubsetSumError.invalidParameter(.counts, value: "\(counts.count) values", allowed: "one count per epsilon (\(epsilons.count))")
        }
        for e in epsilons where !(e > 0 && e < 1) {
            throw SubsetSumError.invalidParameter(.epsilons, value: "\(e)", allowed: "numbers in (0, 1)")
        }
        guard Set(epsilons).count >= 2 else {
            throw SubsetSumError.fitImpossible(reason: "n(eps) is known for fewer than two distinct epsilons")
        }
        let x = epsilons.map { log2(1 / $0) }
        let xbar = x.reduce(0, +) / Double(x.count)
        let ybar = counts.reduce(0, +) / Double(counts.count)
        var sxy = 0.0, sxx = 0.0
        for (xi, yi) in zip(x, counts) {
            sxy += (xi - xbar) * (yi - ybar)
            sxx += (xi - xbar) * (xi - xbar)
        }
        let slope = sxy / sxx
        return LuekerFit(slope: slope, intercept: ybar - slope * xbar)
    }
}
