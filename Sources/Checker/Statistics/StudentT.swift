#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Student's t distribution with nu degrees of freedom: its distribution function and quantile,
/// for the confidence intervals of the law fits.
///
///     P(T <= t) = 1 - I_x(nu/2, 1/2) / 2   for t >= 0,   x = nu / (nu + t^2),
///
/// and by symmetry P(T <= -t) = 1 - P(T <= t). I_x(a, b) is the regularised incomplete beta
/// function, evaluated by its continued fraction (modified Lentz, relative 1e-15, at most 1000
/// terms) on the side of x where it converges fast: I_x(a, b) = 1 - I_{1-x}(b, a) when
/// x > (a + 1)/(a + b + 2). The quantile is found by bisection on the distribution function.
public enum StudentT {
    /// P(T <= t) for `degreesOfFreedom` nu > 0.
    /// - Throws: `CheckerError.invalidValue` for nu <= 0 or t NaN.
    public static func cumulativeProbability(_ t: Double, degreesOfFreedom nu: Double) throws -> Double {
        guard nu.isFinite, nu > 0 else {
            throw CheckerError.invalidValue(field: "degrees of freedom", value: "\(nu)", allowed: "a finite number > 0")
        }
        guard !t.isNaN else {
            throw CheckerError.invalidValue(field: "t", value: "nan", allowed: "a number")
        }
        if t.isInfinite { return t > 0 ? 1 : 0 }
        // x = nu/(nu + t^2) loses t^2 << nu; 1 - x = t^2/(nu + t^2) is then accurate, so pass both.
        let x = nu / (nu + t * t)
        let oneMinusX = t * t / (nu + t * t)
        let tail = regularizedIncompleteBeta(x: x, oneMinusX: oneMinusX, a: nu / 2, b: 0.5) / 2
        return t >= 0 ? 1 - tail : tail
    }

    /// The t with P(T <= t) = p, for p in (0, 1) and nu > 0: bisection on `cumulativeProbability`
    /// over a bracket grown by doubling from [0, 1], to 4 ulps of t or 2000 halvings.
    /// - Throws: `CheckerError.invalidValue` for p outside (0, 1) or nu <= 0.
    public static func quantile(_ p: Double, degreesOfFreedom nu: Double) throws -> Double {
        guard p > 0, p < 1 else {
            throw CheckerError.invalidValue(field: "probability", value: "\(p)", allowed: "a number in (0, 1)")
        }
        guard nu.isFinite, nu > 0 else {
            throw CheckerError.invalidValue(field: "degrees of freedom", value: "\(nu)", allowed: "a finite number > 0")
        }
        if p == 0.5 { return 0 }
        // Solve for the upper quantile of q = max(p, 1 - p) and reflect.
        let q = max(p, 1 - p)
        var lo = 0.0, hi = 1.0
        while try cumulativeProbability(hi, degreesOfFreedom: nu) < q {
            lo = hi
            hi *= 2
            if hi > 1e300 { break }
        }
        for _ in 0..<2000 {
            let mid = lo + (hi - lo) / 2
            if mid <= lo || mid >= hi || hi - lo <= 4 * hi.ulp { break }
            if try cumulativeProbability(mid, degreesOfFreedom: nu) < q { lo = mid } else { hi = mid }
        }
        let t = lo + (hi - lo) / 2
        return p >= 0.5 ? t : -t
    }

    /// The two-sided confidence quantile t_{(1 + level)/2, nu}, e.g. level 0.95.
    public static func twoSidedQuantile(level: Double, degreesOfFreedom nu: Double) throws -> Double {
        guard level > 0, level < 1 else {
            throw CheckerError.invalidValue(field: "confidence level", value: "\(level)", allowed: "a number in (0, 1)")
        }
        return try quantile((1 + level) / 2, degreesOfFreedom: nu)
    }

    /// I_x(a, b) for x in [0, 1], a, b > 0, with 1 - x passed separately to keep its digits.
    static func regularizedIncompleteBeta(x: Double, oneMinusX: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if oneMinusX <= 0 { return 1 }
        if x > (a + 1) / (a + b + 2) {
            return 1 - regularizedIncompleteBeta(x: oneMinusX, oneMinusX: x, a: b, b: a)
        }
        // Prefactor x^a (1-x)^b / (a B(a, b)), in logs.
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(oneMinusX) - log(a)
        return exp(logFront) * continuedFraction(x: x, a: a, b: b)
    }

    /// The continued fraction 1/(1 + d_1/(1 + d_2/(1 + ...))) of I_x(a, b), modified Lentz.
    private static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...1000 {
            let mm = Double(m)
            // Even term d_{2m}.
            var numerator = mm * (b - mm) * x / ((a + 2 * mm - 1) * (a + 2 * mm))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            // Odd term d_{2m+1}.
            numerator = -(a + mm) * (a + b + mm) * x / ((a + 2 * mm) * (a + 2 * mm + 1))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return h
    }
}
