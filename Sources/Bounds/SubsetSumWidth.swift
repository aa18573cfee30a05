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
    public static func luekerSampleCount(epsilon: Double, constant: Double) throws -> Int {
        try validate(epsilon: epsilon, delta: 0.5, constant: constant)
        return Int((constant * log(2 / epsilon)).rounded(.up))
    }

    /// The per-layer-pair width factors C log(d_{i-1} d_i l / min(eps, delta)), i = 1..l,
    /// for the target widths d_0..d_l (l = widths.count - 1 >= 1).
    public static func pensiaWidthFactors(widths: [Int], epsilon: Double, delta: Double, constant: Double) throws -> [Double] {
        guard widths.count >= 2, widths.allSatisfy({ $0 >= 1 }) else {
            throw BoundsError.invalidParameter(flag: "--widths", value: widths.map(String.init).joined(separator: ","),
                                               allowed: "at least two positive integers d_0,...,d_l")
        }
        try validate(epsilon: epsilon, delta: delta, constant: constant)
        let depth = Double(widths.count - 1)
        let floor = min(epsilon, delta)
        return (1..<widths.count).map { i in
            constant * log(Double(widths[i - 1]) * Double(widths[i]) * depth / floor)
        }
    }

    private static func validate(epsilon: Double, delta: Double, constant: Double) throws {
        guard epsilon.isFinite, epsilon > 0, epsilon < 1 else {
            throw BoundsError.invalidParameter(flag: "--epsilon", value: "\(epsilon)", allowed: "a number in (0, 1)")
        }
        guard delta.isFinite, delta > 0, delta < 1 else {
            throw BoundsError.invalidParameter(flag: "--delta", value: "\(delta)", allowed: "a number in (0, 1)")
        }
        guard constant.isFinite, constant > 0 else {
            throw BoundsError.invalidParameter(flag: "--constant", value: "\(constant)", allowed: "a number > 0")
        }
    }
}
