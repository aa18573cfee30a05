/// The exact expected loss of a uniformly random subnetwork drawn with replacement (THEORY.md
/// section 8, `Proofs/KernelAndComparators.tex`): for k indices r_1..r_k drawn independently and
/// uniformly from 1..N and v = (1/k) sum_j phi_{r_j},
///
///     E l(v) = l(u) + sigma^2 / (2k),
///
/// since E v = u and E ||v - u||^2 = sigma^2 / k (independent draws, each of variance sigma^2),
/// and l(v) = l(u) + <u - y, v - u> + 1/2 ||v - u||^2 exactly. The baseline greedy must beat.
public enum RandomSubnetworkExpectation {
    /// l(u) + sigma^2 / (2k).
    /// - Throws: `BoundsError.invalidParameter` for a variance that is not a finite number >= 0 or k < 1.
    public static func expectedLoss(denseLoss: Double, variance: Double, subnetworkSize k: Int) throws -> Double {
        guard variance.isFinite, variance >= 0 else {
            throw BoundsError.invalidParameter(.featureVariance, value: "\(variance)", allowed: "a finite number >= 0")
        }
        guard k >= 1 else { throw BoundsError.invalidParameter(.subnetworkSize, value: "\(k)", allowed: "an integer k >= 1") }
        return denseLoss + variance / (2 * Double(k))
    }
}
