#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One number format per LaTeX column, so that a right-aligned column lines its decimal points up
/// without siunitx:
///
/// - `.fixed(d)`: every number with the same `d` decimals (`%.<d>f`), chosen when every nonzero
///   magnitude lies in [0.01, 10^5) and their ratio is below 10^4; `d` gives the smallest
///   magnitude 4 significant digits, at most 4 decimals (integers: 0).
/// - `.scientific(exponentDigits, negativeExponents)`: a 4-significant-digit mantissa with 3
///   decimals times a power of ten, `$1.235\times10^{-5}$`; exponents are padded with
///   `\phantom` to the column's widest exponent (and a phantom minus when other exponents are
///   negative), so the mantissas line up.
///
/// NaN prints as "NaN", infinities as `$\infty$`; both are ignored when choosing the format.
enum LaTeXColumnFormat: Equatable {
    case fixed(decimals: Int)
    case scientific(exponentDigits: Int, negativeExponents: Bool)

    /// The format for the finite values of one column.
    init(values: [Double]) {
        let magnitudes = values.filter { $0.isFinite && $0 != 0 }.map { abs($0) }
        guard let smallest = magnitudes.min(), let largest = magnitudes.max() else {
            self = .fixed(decimals: 0)
            return
        }
        if values.allSatisfy({ !$0.isFinite || $0 == $0.rounded() }), largest < 1e5 {
            self = .fixed(decimals: 0)
        } else if smallest >= 0.01, largest < 1e5, largest / smallest < 1e4 {
            let decimals = 3 - Int(log10(smallest).rounded(.down))
            self = .fixed(decimals: min(4, max(0, decimals)))
        } else {
            let exponents = magnitudes.map { LaTeXColumnFormat.exponent($0) }
            let digits = exponents.map { String(abs($0)).count }.max() ?? 1
            self = .scientific(exponentDigits: digits, negativeExponents: exponents.contains { $0 < 0 })
        }
    }

    /// The cell text (LaTeX).
    func render(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "$\\infty$" : "$-\\infty$" }
        switch self {
        case let .fixed(decimals):
            let s = String(format: "%.\(decimals)f", x)
            return "$" + (s.hasPrefix("-") && Double(s) == 0 ? String(s.dropFirst()) : s) + "$"
        case let .scientific(digits, negative):
            if x == 0 { return "$0$" }
            var e = LaTeXColumnFormat.exponent(abs(x))
            var mantissa = x / pow(10, Double(e))
            if abs((mantissa * 1000).rounded()) >= 10_000 { e += 1; mantissa = x / pow(10, Double(e)) }
            let exponentText = String(abs(e))
            var padding = String(repeating: "0", count: max(0, digits - exponentText.count))
            if negative && e >= 0 { padding = "-" + padding }
            let phantom = padding.isEmpty ? "" : "\\phantom{\(padding)}"
            return "$" + String(format: "%.3f", mantissa) + "\\times10^{" + (e < 0 ? "-" : "") + exponentText + phantom + "}$"
        }
    }

    /// floor(log10(x)) for x > 0.
    static func exponent(_ x: Double) -> Int { Int(log10(x).rounded(.down)) }
}
