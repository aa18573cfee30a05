/// Which loss a number is reported in. The theorems are stated for the sum
/// l(u) = 1/2 ||u - y||^2; the per-sample mean is l/m. A per-sample target eps_bar is the sum
/// target m eps_bar.
public enum LossConvention: String, Sendable, CaseIterable {
    case sum
    case mean

    /// Converts a value in this convention to the sum convention.
    public func toSum(_ value: Double, samples m: Int) -> Double {
        self == .sum ? value : value * Double(m)
    }

    /// Converts a sum-convention value to this convention.
    public func fromSum(_ value: Double, samples m: Int) -> Double {
        self == .sum ? value : value / Double(m)
    }
}
