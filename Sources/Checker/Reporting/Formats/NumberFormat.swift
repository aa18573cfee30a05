import Foundation

/// How numbers are written: 4 significant digits in the human formats (terminal, Markdown,
/// LaTeX), the shortest round-trip form (full float64 precision) in CSV, JSON numbers in JSON.
/// Integers never get decimals; missing values are "--" (human), empty (CSV), null (JSON).
public enum NumberFormat {
    /// 4 significant digits, C's `%.4g` (e.g. 0.0001235 -> "0.0001235", 1.2345e-5 -> "1.234e-05",
    /// 12345.6 -> "1.235e+04"); "inf", "-inf", "nan" for non-finite values.
    public static func short(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        return String(format: "%.4g", x)
    }

    /// The shortest decimal that reads back to the same float64 (Swift's `description`), e.g.
    /// "0.1", "1e-05", "25.0"; "inf", "-inf", "nan" for non-finite values.
    public static func full(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        return x.description
    }

    /// 4 significant digits as LaTeX math: "$0.01235$", "$1.234\times10^{-5}$", "$-3$", "$\infty$".
    public static func latex(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "$\\infty$" : "$-\\infty$" }
        let s = short(x)
        guard let e = s.firstIndex(of: "e") else { return "$" + s + "$" }
        let mantissa = s[..<e]
        let exponent = Int(s[s.index(after: e)...]) ?? 0
        return "$" + mantissa + "\\times10^{\(exponent)}$"
    }
}
