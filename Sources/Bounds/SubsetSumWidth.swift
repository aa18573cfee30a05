import Foundation

/// The SubsetSum route to strong lottery tickets (THEORY.md section 5,
/// `Proofs/SubsetSumWidth.tex`).
///
/// Lueker (1998): if X_1..X_n are uniform on [-1, 1] and n >= C log(2/eps), then with
/// probability >= 1 - eps every z in [-1, 1] is within eps of some subset sum.
/// Pensia et al. (2020): a depth-l target with widths d_0..d_l and spectral norms <= 1 is
/// eps-approximated, with probability >= 1 - delta, by pruning a random depth-2l network
/// whose i-th pair of layers is wider by the factor C log(d_{i-1} d_i l / min(eps, delta)).
/// The papers leave the constant C open; the toolkit measures it and evaluates these
/// formulas for a given C. Logarithms are natural.
public enum SubsetSumWidth {
    /// Lueker's sample count n = ceil(C log(2/eps)) for eps in (0, 1) and C > 0.
    /// - Throws: `BoundsError.invalidParameter` when n exceeds 2^53 (no exact integer count).
    public static func luekerSampleCount(epsilon: Double, constant: Double) throws -> Int {
        try validate(epsilon: epsilon, delta: 0.5, constant: constant)
        let count = (constant * log(2 / epsilon)).rounded(.up)
        guard count <= TheoremC.largestExactInteger else {
            throw BoundsError.invalidParameter(.subsetSumConstant, value: "\(constant)",
                                               allowed: "a number with C log(2/eps) at most 2^53 (the sample count is \(format(count)))")
        }
        return Int(count)
    }

    /// The per-layer-pair width factors C log(d_{i-1} d_i l / min(eps, delta)), i = 1..l,
    /// for the target widths d_0..d_l (l = widths.count - 1 >= 1).
    public static func pensiaWidthFactors(widths: [Int], epsilon: Double, delta: Double, constant: Double) throws -> [Double] {
        guard widths.count >= 2, widths.allSatisfy({ $0 >= 1 }) else {
            throw BoundsError.invalidParameter(.widths, value: widths.map(String.init).joined(separator: ","),
                                               allowed: "at least two positive integers d_0,...,d_l")
        }
        try validate(epsilon: epsilon, delta: delta, constant: constant)
        let depth = Double(widths.count - 1)
        let floor = min(epsilon, delta)
        return (1..<widths.count).map { i in
            constant * log(Double(widths[i - 1]) * Double(widths[i]) * depth / floor)
        }
    }

    /// The Pensia width factors evaluated with a *measured* Lueker constant: an ESTIMATE of the
    /// order of magnitude of the width that suffices, not a certified width.
    ///
    /// Same formula as `pensiaWidthFactors` (natural logarithms), with `measuredLuekerConstant`
    /// the Monte Carlo slope per ln(1/eps) (Engine's `LuekerFit.naturalLogConstant`, which is
    /// the log2 slope divided by ln 2). It is not the constant of Pensia et al.'s theorem:
    /// that is (at most) 3 C_w, where C_w is the constant of the single-weight block (sums of
    /// products of two uniforms, not of uniforms), and neither is known
    /// (`Proofs/SubsetSumWidth.tex`, remarks "The constant is measured" and "Caveat: which
    /// constant enters the width").
    public static func pensiaWidthFactorEstimates(widths: [Int], epsilon: Double, delta: Double,
                                                  measuredLuekerConstant: Double) throws -> [Double] {
        try pensiaWidthFactors(widths: widths, epsilon: epsilon, delta: delta, constant: measuredLuekerConstant)
    }

    /// The hidden width n_i d_{i-1} of the i-th random layer pair for a Pensia width factor
    /// n_i (rounded up): a real number (a double), exact as an integer up to 2^53 and the real
    /// value beyond, so no factor however large traps.
    public static func pensiaHiddenWidth(factor: Double, inputWidth: Int) -> Double {
        factor.rounded(.up) * Double(inputWidth)
    }

    /// Malach et al.'s (2020) polynomial width factor, evaluated as its ORDER with constant 1:
    /// d^4 l^2, with d = max(d_0, ..., d_l) the target's width (input dimension included) and
    /// l = widths.count - 1 its depth.
    ///
    /// Source: Malach, Yehudai, Shalev-Shwartz, Shamir, "Proving the Lottery Ticket Hypothesis:
    /// Pruning is All You Need" (ICML 2020), Theorem 2.1: a ReLU target of depth l (input
    /// dimension d, width n, weight matrices of spectral norm <= 1 and entries <= 1/sqrt(fan-in))
    /// is eps-approximated with probability >= 1 - delta by a weight-subnetwork of a random
    /// network of depth 2l (entries uniform on [-1, 1]) whose width is
    /// poly(d, n, l, 1/eps, log(1/delta)). The theorem states the width only as such a
    /// polynomial; Pensia et al. (2020) summarise it as a network "a factor O(d^4 l^2) wider"
    /// than a target of width d and depth l. The explicit polynomial and its constant (and the
    /// exact powers of 1/eps and log(1/delta)) could not be recovered from the sources available
    /// to this toolkit, so this function returns d^4 l^2 with constant 1 and WITHOUT the eps
    /// and delta terms: it shows the polynomial order against Pensia's logarithmic factor, it
    /// is not a width that the theorem certifies. The factor is the same for every layer pair.
    /// - Throws: `BoundsError.invalidParameter` (`.widths`) unless there are at least two
    ///   positive widths.
    public static func malachWidthFactor(widths: [Int]) throws -> Double {
        guard widths.count >= 2, widths.allSatisfy({ $0 >= 1 }) else {
            throw BoundsError.invalidParameter(.widths, value: widths.map(String.init).joined(separator: ","),
                                               allowed: "at least two positive integers d_0,...,d_l")
        }
        let d = Double(widths.max()!)
        let l = Double(widths.count - 1)
        return d * d * d * d * l * l
    }

    private static func validate(epsilon: Double, delta: Double, constant: Double) throws {
        guard epsilon.isFinite, epsilon > 0, epsilon < 1 else {
            throw BoundsError.invalidParameter(.epsilon, value: "\(epsilon)", allowed: "a number in (0, 1)")
        }
        guard delta.isFinite, delta > 0, delta < 1 else {
            throw BoundsError.invalidParameter(.delta, value: "\(delta)", allowed: "a number in (0, 1)")
        }
        guard constant.isFinite, constant > 0 else {
            throw BoundsError.invalidParameter(.subsetSumConstant, value: "\(constant)", allowed: "a number > 0")
        }
    }
}
