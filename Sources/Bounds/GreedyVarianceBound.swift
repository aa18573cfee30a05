/// The variance bound for greedy forward selection with replacement (THEORY.md section 8,
/// `Proofs/KernelAndComparators.tex`): with u = (1/N) sum_r phi_r, sigma^2 = (1/N) sum_r ||phi_r - u||^2
/// and H_k = 1 + 1/2 + ... + 1/k,
///
///     l(v_k) <= l(u) + sigma^2 H_k / (2k)          (sum loss l(v) = 1/2 ||v - y||^2).
///
/// Deterministic and always in scope. Since sigma <= rho <= D it is never looser than Theorem B's
/// form with l(u) in place of l_star and the diameter bound 2 rho.
public enum GreedyVarianceBound {
    /// The greedy term sigma^2 H_k / (2k).
    /// - Throws: `BoundsError.invalidParameter` for a variance that is not a finite number >= 0
    ///   or k < 1.
    public static func greedyTerm(variance: Double, subnetworkSize k: Int) throws -> Double {
        guard variance.isFinite, variance >= 0 else {
            throw BoundsError.invalidParameter(.featureVariance, value: "\(variance)", allowed: "a finite number >= 0")
        }
        guard k >= 1 else { throw BoundsError.invalidParameter(.subnetworkSize, value: "\(k)", allowed: "an integer k >= 1") }
        return variance * (try SpecialFunctions.harmonicNumber(Double(k))) / (2 * Double(k))
    }

    /// The right-hand side l(u) + sigma^2 H_k / (2k).
    public static func bound(denseLoss: Double, variance: Double, subnetworkSize k: Int) throws -> Double {
        denseLoss + (try greedyTerm(variance: variance, subnetworkSize: k))
    }
}
