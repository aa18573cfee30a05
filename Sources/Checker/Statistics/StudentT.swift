import Bounds
import CGSL

/// Student's t distribution with nu degrees of freedom: its distribution function and quantile,
/// for the confidence intervals of the fits, from GSL (`gsl_cdf_tdist_P`, `gsl_cdf_tdist_Pinv`;
/// GSL's error handler is off in this toolkit, and the arguments are checked before the call).
public enum StudentT {
    /// P(T <= t) for `degreesOfFreedom` nu > 0.
    /// - Throws: `CheckerError.invalidValue` for nu <= 0 or t NaN.
    public static func cumulativeProbability(_ t: Double, degreesOfFreedom nu: Double) throws -> Double {
        GSL.ensureErrorHandlerOff()
        try check(nu)
        guard !t.isNaN else { throw CheckerError.invalidValue(field: "t", value: "nan", allowed: "a number") }
        if t.isInfinite { return t > 0 ? 1 : 0 }
        return gsl_cdf_tdist_P(t, nu)
    }

    /// The t with P(T <= t) = p, for p in (0, 1) and nu > 0: GSL's `gsl_cdf_tdist_Pinv`, and
    /// where its Newton iteration does not converge (it returns NaN, e.g. for nu < 1 and p far
    /// in a tail) bisection on the monotone `gsl_cdf_tdist_P` instead: the bracket doubles from
    /// [-1, 1] until it holds p, then halves until it is one ulp wide (or 2000 steps).
    /// - Throws: `CheckerError.invalidValue` for p outside (0, 1) or nu <= 0.
    public static func quantile(_ p: Double, degreesOfFreedom nu: Double) throws -> Double {
        guard p > 0, p < 1 else {
            throw CheckerError.invalidValue(field: "probability", value: "\(p)", allowed: "a number in (0, 1)")
        }
        GSL.ensureErrorHandlerOff()  // GSL's default handler aborts the process where Pinv does not converge
        try check(nu)
        let t = gsl_cdf_tdist_Pinv(p, nu)
        return t.isFinite ? t : bisectedQuantile(p, nu)
    }

    /// The quantile by bisection on P(T <= t) (see `quantile`).
    private static func bisectedQuantile(_ p: Double, _ nu: Double) -> Double {
        var low = -1.0, high = 1.0
        while gsl_cdf_tdist_P(low, nu) > p && low > -Double.greatestFiniteMagnitude / 2 { low *= 2 }
        while gsl_cdf_tdist_P(high, nu) < p && high < Double.greatestFiniteMagnitude / 2 { high *= 2 }
        for _ in 0..<2000 {
            let middle = low / 2 + high / 2
            if middle <= low || middle >= high { break }
            if gsl_cdf_tdist_P(middle, nu) < p { low = middle } else { high = middle }
        }
        return low / 2 + high / 2
    }

    /// The two-sided confidence quantile t_{(1 + level)/2, nu}, e.g. level 0.95.
    public static func twoSidedQuantile(level: Double, degreesOfFreedom nu: Double) throws -> Double {
        guard level > 0, level < 1 else {
            throw CheckerError.invalidValue(field: "confidence level", value: "\(level)", allowed: "a number in (0, 1)")
        }
        return try quantile((1 + level) / 2, degreesOfFreedom: nu)
    }

    private static func check(_ nu: Double) throws {
        guard nu.isFinite, nu > 0 else {
            throw CheckerError.invalidValue(field: "degrees of freedom", value: "\(nu)", allowed: "a finite number > 0")
        }
    }
}
