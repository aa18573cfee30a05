import Foundation

/// Theorem C (THEORY.md section 4, `Proofs/TheoremC.tex`): the pre-training threshold.
///
/// Under Theorem A's hypotheses, with probability >= 1 - delta, for every t and k the greedy
/// subnetwork of size k taken at iteration t satisfies
///
///     l_k(t) <= 1/2 (1 - eta lambda_0/2)^t ||u(0) - y||^2 + D^2 H_k / (2k),
///
/// so for a sum-loss target eps above the greedy term g_k = D^2 H_k/(2k),
///
///     t_star(eps, k) = ceil( log( B0 / (2 (eps - g_k)) ) / ( -log1p(-eta lambda_0/2) ) ),
///
/// and t_star = 0 when B0 <= 2 (eps - g_k). B0 bounds ||u(0) - y||^2: Theorem A's B a priori,
/// or the measured value a posteriori; D bounds every D_t (the a priori diameter, or a
/// measured one). All losses here are sums 1/2 ||.||^2; a per-sample target eps_bar is the
/// sum target m eps_bar (then the log m growth of t_star cancels).
public struct TheoremC: Sendable {
    /// How the diameter bound was obtained.
    public enum DiameterSource: String, Sendable { case aPriori = "a priori", measured = "measured" }

    /// The outcome of asking for t_star(eps, k).
    public enum Threshold: Sendable, Equatable {
        /// Every iteration t >= `iterations` suffices.
        case iterations(Double)
        /// The theorem implies no threshold; `reason` is a plain sentence saying why and by how much.
        case none(reason: String)

        public var iterations: Double? {
            if case let .iterations(t) = self { return t }
            return nil
        }
    }

    /// The smallest k with a threshold: the Lambert-W estimate and the integer itself.
    public struct SmallestSubnetworkSize: Sendable, Equatable {
        /// The real root of ln k + gamma_E = a k on the branch where H_k/k decreases:
        /// -W_{-1}(-a e^(-gamma_E)) / a with a = 2 eps / D^2 (`nil` when a e^(-gamma_E) > 1/e,
        /// where the branch does not exist and k is small). For a below the smallest normal
        /// double it is found in logarithms (see `smallestSubnetworkSize`); +inf when the root
        /// exceeds the largest double.
        public let estimate: Double?
        /// The least integer k >= 1 with D^2 H_k / (2k) < eps when it is at most 2^53; beyond,
        /// the real root `estimate` rounded up (every double above 2^53 is an integer, but
        /// not every integer is a double, so this is the real value, not an exact integer).
        public let exact: Double
        /// Whether k_min exceeds 2^53, the end of float64's exact integers (then `exact` is
        /// the real value; the report says so in its notes).
        public let exceedsIntegerPrecision: Bool

        public init(estimate: Double?, exact: Double, exceedsIntegerPrecision: Bool = false) {
            self.estimate = estimate
            self.exact = exact
            self.exceedsIntegerPrecision = exceedsIntegerPrecision
        }
    }

    /// 2^53: every integer up to it is a double; beyond it doubles skip integers.
    public static let largestExactInteger: Double = 9_007_199_254_740_992

    public let theoremA: TheoremA
    /// The bound D on every D_t.
    public let diameter: Double
    public let diameterSource: DiameterSource
    /// The bound B0 on ||u(0) - y||^2 used in t_star.
    public let initialResidualBound: Double

    /// - Parameters:
    ///   - diameter: a bound on every D_t (`APrioriDiameter(...).diameter`, or a measured one).
    ///   - initialResidualBound: a bound on ||u(0) - y||^2; `nil` uses Theorem A's B.
    public init(_ theoremA: TheoremA, diameter: Double, diameterSource: DiameterSource,
                initialResidualBound: Double? = nil) throws {
        guard diameter.isFinite, diameter > 0 else {
            throw BoundsError.invalidParameter(.diameter, value: "\(diameter)", allowed: "a number > 0")
        }
        self.theoremA = theoremA
        self.diameter = diameter
        self.diameterSource = diameterSource
        self.initialResidualBound = initialResidualBound ?? theoremA.initialLossBoundB
    }

    /// The greedy term D^2 H_k / (2k).
    public func greedyTerm(subnetworkSize k: Int) throws -> Double {
        try TheoremB.greedyTerm(diameter: diameter, subnetworkSize: k)
    }

    /// t_star(eps, k) for a sum-loss target eps, or the sentence saying why none exists:
    /// eps not above the greedy term, or (a priori) Theorem A's hypotheses failing.
    public func threshold(epsilon: Double, subnetworkSize k: Int) throws -> Threshold {
        guard epsilon.isFinite, epsilon > 0 else {
            throw BoundsError.invalidParameter(.epsilon, value: "\(epsilon)", allowed: "a number > 0")
        }
        let a = theoremA
        if !a.widthOK {
            return .none(reason: "no threshold: the width N = \(Int(a.parameters.width)) is below N_req = \(format(a.widthRequired)) "
                + "(short by a factor \(format(a.widthRequired / Double(a.parameters.width)))), so Theorem A does not apply")
        }
        if !a.etaOK {
            return .none(reason: "no threshold: the step size eta = \(format(a.eta)) exceeds eta_max = \(format(a.etaMax)) "
                + "(by a factor \(format(a.eta / a.etaMax))), so Theorem A does not apply")
        }
        return try closedFormThreshold(epsilon: epsilon, subnetworkSize: k)
    }

    /// The closed form alone, without checking Theorem A's hypotheses (the caller does):
    /// `.none` only when eps does not exceed the greedy term.
    func closedFormThreshold(epsilon: Double, subnetworkSize k: Int) throws -> Threshold {
        let g = try greedyTerm(subnetworkSize: k)
        guard epsilon > g else {
            let smallest = try smallestSubnetworkSize(epsilon: epsilon)
            return .none(reason: "no threshold: eps = \(format(epsilon)) does not exceed the greedy term \(format(g)) "
                + "for k = \(k); the smallest k with a threshold is \(format(smallest.exact))")
        }
        let ratio = initialResidualBound / (2 * (epsilon - g))
        guard ratio > 1 else { return .iterations(0) }
        // A closed form, no loop: t is finite whenever eta lambda0 / 2 does not underflow; above
        // 2^53 it is the real value rounded up (the report notes that it exceeds integer precision).
        let contraction = -log1p(-theoremA.eta * theoremA.parameters.lambda0 / 2)
        let t = (log(ratio) / contraction).rounded(.up)
        guard t.isFinite else {
            return .none(reason: "no finite threshold: the per-step contraction 1 - eta lambda0/2 = 1 - \(format(theoremA.eta * theoremA.parameters.lambda0 / 2)) "
                + "is 1 in float64, so t_star exceeds every representable number")
        }
        return .iterations(t)
    }

    /// The smallest k >= 1 whose greedy term D^2 H_k/(2k) is below eps.
    ///
    /// With a = 2 eps / D^2 the condition is H_k / k < a. H_k/k strictly decreases in k, so the
    /// set of such k is a ray [k_min, inf). Replacing H_k by ln k + gamma_E, the equality
    /// ln k + gamma_E = a k is solved by k_e = -W_{-1}(-a e^(-gamma_E)) / a (the branch W_{-1}
    /// gives the larger root, where H_k/k decreases). Since H_k > ln k + gamma_E, k_min > k_e,
    /// and H_k - ln k - gamma_E < 1/(2k) puts k_min within 1 of k_e for k_e >= 10.
    ///
    /// Below 2^53 the exact integer is found by a galloping search and a bisection on the
    /// monotone predicate, started at k_e: every step doubles or halves an interval inside
    /// [0, 2^53], so at most about 3 x 54 predicate evaluations. When k_e exceeds 2^53 (or no
    /// k <= 2^53 meets eps), `exact` is k_e rounded up and `exceedsIntegerPrecision` is set:
    /// there 1/(2k) is below float64's resolution of H_k, so k_e is the real value. For a
    /// below the smallest normal double (D^2 overflowing, or eps/D^2 tiny) u = ln k_e solves
    /// u = -ln a + ln(u + gamma_E), iterated from u = -ln a (a contraction with factor
    /// 1/(u + gamma_E) < 1/700), with ln a = ln 2 + ln eps - 2 ln D.
    public func smallestSubnetworkSize(epsilon: Double) throws -> SmallestSubnetworkSize {
        guard epsilon.isFinite, epsilon > 0 else {
            throw BoundsError.invalidParameter(.epsilon, value: "\(epsilon)", allowed: "a number > 0")
        }
        let limit = Self.largestExactInteger
        let logA = log(2) + log(epsilon) - 2 * log(diameter)
        let a = 2 * epsilon / (diameter * diameter)
        // u = ln k_e, from W_{-1} or (a not a normal double) by the fixed-point iteration.
        var logEstimate: Double? = nil
        if a.isFinite, a >= Double.leastNormalMagnitude {
            let argument = -a * exp(-SpecialFunctions.eulerGamma)
            if argument >= -exp(-1.0) {
                logEstimate = log(-(try SpecialFunctions.lambertWMinus1(argument)) / a)
            }
        } else if !(a >= Double.leastNormalMagnitude) {
            var u = -logA
            for _ in 0..<8 { u = -logA + log(u + SpecialFunctions.eulerGamma) }
            logEstimate = u
        }
        // Two Newton steps on F(u) = ln(u + gamma_E) - ln a - u polish the root to float64
        // accuracy (GSL's W_{-1} near 0^- is accurate to about 1e-11 only); exp(u) may be +inf.
        if var u = logEstimate, u > 0 {
            for _ in 0..<2 {
                let f = log(u + SpecialFunctions.eulerGamma) - logA - u
                let derivative = 1 / (u + SpecialFunctions.eulerGamma) - 1
                if derivative < 0 { u -= f / derivative }
            }
            logEstimate = u
        }
        let estimate = logEstimate.map { exp($0) }
        func beyondIntegers() -> SmallestSubnetworkSize {
            SmallestSubnetworkSize(estimate: estimate, exact: max(limit, (estimate ?? limit).rounded(.up)),
                                   exceedsIntegerPrecision: true)
        }
        if let estimate, !(estimate < limit) { return beyondIntegers() }
        // The greedy term itself, unless D^2 overflows: then H_k/k < a in logarithms.
        let squareOverflows = !(diameter * diameter).isFinite
        func meets(_ k: Double) throws -> Bool {
            if squareOverflows { return log(try SpecialFunctions.harmonicNumber(k)) - log(k) < logA }
            return try TheoremB.greedyTerm(diameter: diameter, subnetworkSize: Int(k)) < epsilon
        }
        // Galloping search for a bracket [lo, hi] inside [0, 2^53] with !meets(lo) (or lo = 0)
        // and meets(hi); each loop doubles its step, so each ends within 54 iterations.
        var lo = 0.0
        var hi = max(1, (estimate ?? 1).rounded(.down))
        if try meets(hi) {
            var step = 1.0
            while true {
                let candidate = hi - step
                if candidate < 1 { lo = 0; break }
                if try meets(candidate) { hi = candidate; step *= 2 } else { lo = candidate; break }
            }
        } else {
            lo = hi
            var step = 1.0
            while true {
                let candidate = min(lo + step, limit)
                if try meets(candidate) { hi = candidate; break }
                if candidate == limit { return beyondIntegers() }
                lo = candidate
                step *= 2
            }
        }
        // lo and hi are integers below 2^53, so hi - lo and its half are exact and mid lies
        // strictly between them: at most 54 halvings.
        while hi - lo > 1 {
            let mid = lo + ((hi - lo) / 2).rounded(.down)
            if try meets(mid) { hi = mid } else { lo = mid }
        }
        return SmallestSubnetworkSize(estimate: estimate, exact: hi)
    }
}

/// Numbers in sentences: 6 significant digits, integers without a fraction.
func format(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x > 0 ? "inf" : "-inf" }
    if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
    return String(format: "%.6g", x)
}
