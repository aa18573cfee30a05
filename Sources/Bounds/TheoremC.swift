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

    /// The smallest k with a threshold: the Lambert-W estimate and the exact integer.
    public struct SmallestSubnetworkSize: Sendable, Equatable {
        /// -W_{-1}(-a e^(-gamma_E)) / a with a = 2 eps / D^2 (`nil` when a e^(-gamma_E) > 1/e,
        /// where the branch does not exist and k is small).
        public let estimate: Double?
        /// The least integer k >= 1 with D^2 H_k / (2k) < eps.
        public let exact: Double
    }

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
            throw BoundsError.invalidParameter(flag: "--diameter", value: "\(diameter)", allowed: "a number > 0")
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
            throw BoundsError.invalidParameter(flag: "--epsilon", value: "\(epsilon)", allowed: "a number > 0")
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
        let t = (log(ratio) / -log1p(-theoremA.eta * theoremA.parameters.lambda0 / 2)).rounded(.up)
        return .iterations(t)
    }

    /// The smallest k >= 1 whose greedy term D^2 H_k/(2k) is below eps.
    ///
    /// With a = 2 eps / D^2 the condition is H_k / k < a. H_k/k strictly decreases in k, so the
    /// set of such k is a ray [k_min, inf). Replacing H_k by ln k + gamma_E, the equality
    /// ln k + gamma_E = a k is solved by k = -W_{-1}(-a e^(-gamma_E)) / a (the branch W_{-1}
    /// gives the larger root, where H_k/k decreases); the exact integer is then found by a
    /// galloping search and bisection on the monotone predicate, started at the estimate.
    public func smallestSubnetworkSize(epsilon: Double) throws -> SmallestSubnetworkSize {
        guard epsilon.isFinite, epsilon > 0 else {
            throw BoundsError.invalidParameter(flag: "--epsilon", value: "\(epsilon)", allowed: "a number > 0")
        }
        let a = 2 * epsilon / (diameter * diameter)
        let argument = -a * exp(-SpecialFunctions.eulerGamma)
        var estimate: Double? = nil
        if argument >= -exp(-1.0) {
            estimate = -(try SpecialFunctions.lambertWMinus1(argument)) / a
        }
        func meets(_ k: Double) throws -> Bool {
            try SpecialFunctions.harmonicNumber(k) / k < a
        }
        // Galloping search for a bracket [lo, hi] with !meets(lo) (or lo = 0) and meets(hi).
        var lo = 0.0
        var hi = max(1, (estimate ?? 1).rounded(.down))
        if try meets(hi) {
            // Step down: find lo < hi that fails (or reach 0).
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
                let candidate = lo + step
                guard candidate < 9.0e15 else {
                    throw BoundsError.numerical(function: "smallestSubnetworkSize", status: 0,
                                                message: "k_min exceeds 9e15 for eps = \(epsilon), D = \(diameter)")
                }
                if try meets(candidate) { hi = candidate; break } else { lo = candidate; step *= 2 }
            }
        }
        while hi - lo > 1 {
            let mid = (lo + (hi - lo) / 2).rounded(.down)
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
