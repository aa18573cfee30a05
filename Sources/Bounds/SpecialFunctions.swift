import CGSL

#if canImport(Glibc)
import Glibc
#endif

/// The special functions the theorems need, evaluated with GSL (abort handler off, every
/// status checked) and, where GSL's interface loses precision for our arguments, refined.
public enum SpecialFunctions {
    /// The Euler-Mascheroni constant gamma_E = 0.57721...
    public static let eulerGamma: Double = 0.57721566490153286060651209008240243

    /// The digamma function psi(x) = Gamma'(x)/Gamma(x) (GSL `gsl_sf_psi_e`).
    public static func digamma(_ x: Double) throws -> Double {
        try GSL.evaluate("gsl_sf_psi_e") { gsl_sf_psi_e(x, $0) }
    }

    /// The harmonic number H_k = 1 + 1/2 + ... + 1/k = psi(k + 1) + gamma_E, for k >= 1.
    ///
    /// For k <= 64 the sum is added exactly in float64 from the largest denominator down
    /// (the smallest terms first); above it the digamma identity is used, whose relative
    /// error is a few ulps, so the value is accurate for k up to 2^53.
    public static func harmonicNumber(_ k: Double) throws -> Double {
        guard k >= 1, k.rounded() == k else {
            throw BoundsError.invalidParameter(.subnetworkSize, value: "\(k)", allowed: "an integer k >= 1")
        }
        if k <= 64 {
            var sum = 0.0
            var j = k
            while j >= 1 { sum += 1 / j; j -= 1 }
            return sum
        }
        return try digamma(k + 1) + eulerGamma
    }

    /// The inverse error function: the x with erf(x) = p, for p in [0, 1).
    ///
    /// Theorem A needs it at p = delta_2 lambda_0 / (16 m^(3/2)), often below 1e-10, where
    /// `PhiInv((1 + p)/2)` would lose the digits of p in `1 + p`. So: for p < 1e-3 the Maclaurin
    /// series erfinv(p) = (sqrt(pi)/2) (p + (pi/12) p^3 + (7 pi^2/480) p^5 + (127 pi^3/40320) p^7)
    /// (truncation below 1e-21 relative there); otherwise GSL's `gsl_cdf_ugaussian_Qinv((1-p)/2)/sqrt 2`
    /// as a start; in both cases two Newton steps on erf(x) - p with GSL's `gsl_sf_erf_e`
    /// (or `gsl_sf_erfc_e` near 1) polish the result to a few ulps.
    public static func inverseErf(_ p: Double) throws -> Double {
        guard p >= 0, p < 1 else {
            throw BoundsError.invalidParameter(.probability, value: "\(p)", allowed: "a probability in [0, 1)")
        }
        if p == 0 { return 0 }
        var x: Double
        if p < 1e-3 {
            let p2 = p * p
            x = (Double.pi.squareRoot() / 2) * p
                * (1 + p2 * (Double.pi / 12 + p2 * (7 * Double.pi * Double.pi / 480 + p2 * 127 * pow(Double.pi, 3) / 40320)))
        } else {
            GSL.ensureErrorHandlerOff()
            x = gsl_cdf_ugaussian_Qinv((1 - p) / 2) / 2.0.squareRoot()
            guard x.isFinite else {
                throw BoundsError.numerical(function: "gsl_cdf_ugaussian_Qinv", status: Int(GSL_EDOM), message: "no finite inverse for p = \(p)")
            }
        }
        for _ in 0..<2 {
            let derivative = 2 / Double.pi.squareRoot() * exp(-x * x)
            let residual: Double
            if p > 0.5 {
                // erf(x) - p = (1 - p) - erfc(x), computed without cancellation near 1.
                residual = (1 - p) - (try GSL.evaluate("gsl_sf_erfc_e") { gsl_sf_erfc_e(x, $0) })
            } else {
                residual = (try GSL.evaluate("gsl_sf_erf_e") { gsl_sf_erf_e(x, $0) }) - p
            }
            x -= residual / derivative
        }
        return x
    }

    /// The error function erf(x) (GSL `gsl_sf_erf_e`).
    public static func erf(_ x: Double) throws -> Double {
        try GSL.evaluate("gsl_sf_erf_e") { gsl_sf_erf_e(x, $0) }
    }

    /// The upper quantile of the chi-square distribution: the q2 with P(chi2_nu >= q2) = tail.
    ///
    /// Solved as a root of log Q(nu/2, q2/2) - log(tail), with Q the regularised upper
    /// incomplete gamma function (GSL `gsl_sf_gamma_inc_Q_e`), by GSL's Brent solver on a
    /// bracket grown from GSL's own `gsl_cdf_chisq_Qinv` estimate; the log form keeps tails
    /// down to 1e-300 accurate. Relative tolerance 1e-13.
    public static func chiSquareUpperQuantile(degreesOfFreedom nu: Int, tailProbability tail: Double) throws -> Double {
        guard nu >= 1 else {
            throw BoundsError.invalidParameter(.dimension, value: "\(nu)", allowed: "an integer d >= 1")
        }
        guard tail > 0, tail < 1 else {
            throw BoundsError.invalidParameter(.tailProbability, value: "\(tail)", allowed: "a number in (0, 1)")
        }
        GSL.ensureErrorHandlerOff()
        let halfNu = Double(nu) / 2
        let logTail = log(tail)
        // log Q, clamped below at log of the smallest subnormal so the solver sees finite values.
        func logUpperTail(_ q2: Double) throws -> Double {
            let q = try GSL.evaluate("gsl_sf_gamma_inc_Q_e") { gsl_sf_gamma_inc_Q_e(halfNu, q2 / 2, $0) }
            return q > 0 ? log(q) : log(Double.leastNonzeroMagnitude)
        }
        var guess = gsl_cdf_chisq_Qinv(tail, Double(nu))
        if !guess.isFinite || guess <= 0 { guess = Double(nu) }
        // Grow a bracket [lo, hi] with logQ(lo) > logTail > logQ(hi); Q decreases in q2.
        var lo = guess / 2, hi = guess * 2
        while try logUpperTail(lo) <= logTail { lo /= 2; if lo < 1e-300 { break } }
        while try logUpperTail(hi) > logTail { hi *= 1.25; if hi > 1e300 { break } }
        return try RootFinder.brent(lower: lo, upper: hi, relativeTolerance: 1e-13, name: "chi-square quantile") {
            try logUpperTail($0) - logTail
        }
    }

    /// The lower real branch W_{-1}(x) of the Lambert W function, for x in [-1/e, 0)
    /// (GSL `gsl_sf_lambert_Wm1_e`): the solution w <= -1 of w e^w = x.
    public static func lambertWMinus1(_ x: Double) throws -> Double {
        guard x >= -exp(-1.0) - 1e-15, x < 0 else {
            throw BoundsError.invalidParameter(.lambertArgument, value: "\(x)", allowed: "a number in [-1/e, 0)")
        }
        return try GSL.evaluate("gsl_sf_lambert_Wm1_e") { gsl_sf_lambert_Wm1_e(x, $0) }
    }
}
