/// Theorem B (THEORY.md section 3, `Proofs/TheoremB.tex`): greedy forward selection with
/// replacement over any finite set of neuron outputs phi_1..phi_N satisfies, for every k >= 1,
///
///     1/2 ||v_k - y||^2 <= l_star + D^2 H_k / (2k),
///
/// with l_star the least loss over the convex hull of the phi_r, D their diameter and
/// H_k = 1 + 1/2 + ... + 1/k = psi(k + 1) + gamma_E. The statement is deterministic.
/// The algorithm itself is `GreedyForwardSelection` in the Engine.
public enum TheoremB {
    /// The greedy term D^2 H_k / (2k) (sum-loss convention 1/2 ||v - y||^2).
    public static func greedyTerm(diameter: Double, subnetworkSize k: Int) throws -> Double {
        guard diameter.isFinite, diameter >= 0 else {
            throw BoundsError.invalidParameter(.diameter, value: "\(diameter)", allowed: "a number >= 0")
        }
        guard k >= 1 else {
            throw BoundsError.invalidParameter(.subnetworkSize, value: "\(k)", allowed: "an integer k >= 1")
        }
        let harmonic = try SpecialFunctions.harmonicNumber(Double(k))
        return diameter * diameter * harmonic / (2 * Double(k))
    }

    /// The right-hand side l_star + D^2 H_k/(2k), for any upper bound `hullLoss` on l_star
    /// (for a network, the dense loss l(u) is one: u is the average of the phi_r).
    public static func bound(hullLoss: Double, diameter: Double, subnetworkSize k: Int) throws -> Double {
        hullLoss + (try greedyTerm(diameter: diameter, subnetworkSize: k))
    }
}
