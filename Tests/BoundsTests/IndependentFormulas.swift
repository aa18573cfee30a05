import Foundation

/// Formulas recomputed in the tests along a different code path from the Bounds module:
/// no GSL, glibc's `erf`, bisection instead of series/Newton, plain sums instead of digamma.
enum Independent {
    /// erfinv(p) by 200 bisection steps on glibc's erf over [0, 6], in relative terms.
    static func inverseErf(_ p: Double) -> Double {
        var lo = 0.0, hi = 6.0
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if erf(mid) < p { lo = mid } else { hi = mid }
            if hi - lo <= 1e-17 * hi { break }
        }
        return (lo + hi) / 2
    }

    /// H_k as a plain float64 sum from the smallest term up.
    static func harmonic(_ k: Int) -> Double {
        var sum = 0.0
        var j = k
        while j >= 1 { sum += 1 / Double(j); j -= 1 }
        return sum
    }

    struct TheoremAValues {
        var p, r, b, nHoeffding, nMovement, nRequired, etaMax, rate: Double
    }

    /// THEORY.md section 2 written out again.
    static func theoremA(m: Double, n: Double, lambda0: Double, eta: Double?, delta: Double, kappa: Double, y2: Double) -> TheoremAValues {
        let d1 = delta / 4, d2 = delta / 4, d3 = delta / 4
        let p = d2 * lambda0 / (16 * m * m.squareRoot())
        let r = kappa * 2.0.squareRoot() * inverseErf(p)
        let b = (y2 + m * kappa * kappa / 2) / d3
        let nh = 8 * m * m * log(2 * m * m / d1) / (lambda0 * lambda0)
        let nm = 16 * m * b / (lambda0 * lambda0 * r * r)
        let etaMax = lambda0 / (2 * m * m)
        let rate = 1 - (eta ?? etaMax) * lambda0 / 2
        return TheoremAValues(p: p, r: r, b: b, nHoeffding: nh, nMovement: nm, nRequired: max(nh, nm), etaMax: etaMax, rate: rate)
    }

    static func close(_ a: Double, _ b: Double, relative: Double) -> Bool {
        abs(a - b) <= relative * max(abs(a), abs(b))
    }
}
