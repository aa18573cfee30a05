#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An axis range with ticks, shared by the SVG and pgfplots writers, so both draw the same
/// range and the same ticks. Positions are in axis coordinates: the value itself on a linear
/// axis, log10 of it on a log axis (pgfplots gets the positions on a linear axis, with the
/// labels written out).
///
/// - Linear: ticks at multiples of 1, 2 or 5 times a power of ten (about 5 of them), the range
///   widened to the outer ticks.
/// - Log: the range is the data's, widened by 4% of its span on each side (never to the next
///   decade); ticks at the powers of ten inside it (every n-th past 8 decades), and at 2 and 5
///   times them when fewer than 3 powers fall inside.
/// - Zero on a log axis (t = 0 of a geometric grid): drawn at a separate position left of the
///   smallest positive value, one tick labelled "0", a break between it and the log part
///   (`zeroPosition`); never dropped.
///
/// Labels use one style per axis: plain numbers (1, 10, 100, 1000; 0.01) when every tick lies in
/// [10^-3, 10^5], else powers of ten (10^e, mantissa x 10^e off the decades) for all; with
/// `percent`, values as percentages (100%, 10%, 1%).
struct Axis: Equatable {
    struct Tick: Equatable {
        let value: Double
        /// The position in axis coordinates.
        let position: Double
        /// The label as plain text and as LaTeX.
        let label: String
        let latexLabel: String
    }

    let scale: Figure.Scale
    /// The range in axis coordinates.
    let lower: Double
    let upper: Double
    let ticks: [Tick]
    /// Where 0 sits on a log axis that has a zero value (nil otherwise).
    let zeroPosition: Double?
    /// Where the break between 0 and the log part is drawn (axis coordinates).
    var breakPosition: Double? { zeroPosition.map { ($0 + logLower) / 2 } }
    private let logLower: Double

    /// The axis for data values (negative ones ignored on a log axis); [0, 1] or [1, 10] when empty.
    init(values: [Double], scale: Figure.Scale, percent: Bool = false) {
        self.scale = scale
        let finite = values.filter(\.isFinite)
        switch scale {
        case .linear:
            let largest = Double.greatestFiniteMagnitude
            var lo = finite.min() ?? 0, hi = finite.max() ?? 1
            if lo == hi { let pad = lo == 0 ? 1 : abs(lo) / 10; lo = max(lo - pad, -largest); hi = min(hi + pad, largest) }
            // hi / 5 - lo / 5 rather than (hi - lo) / 5: finite for any finite data, so about
            // five steps span it; the outer ticks are kept where they are finite numbers.
            let step = Axis.niceStep(hi / 5 - lo / 5)
            let first = (lo / step).rounded(.down), last = (hi / step).rounded(.up)
            let values = stride(from: first, through: last, by: 1).map { abs($0 * step) < 1e-12 * step ? 0 : $0 * step }.filter(\.isFinite)
            lower = (first * step).isFinite ? first * step : min(values.first ?? lo, lo)
            upper = (last * step).isFinite ? last * step : max(values.last ?? hi, hi)
            ticks = Axis.labelled(values, positions: values, percent: percent)
            zeroPosition = nil
            logLower = lower
        case .log:
            let positive = finite.filter { $0 > 0 }
            var lo = positive.min().map(log10) ?? 0, hi = positive.max().map(log10) ?? 1
            if lo == hi { lo -= 0.5; hi += 0.5 }
            let pad = 0.04 * (hi - lo)
            lo -= pad
            hi += pad
            var decades = Array(Int(lo.rounded(.up))...max(Int(lo.rounded(.up)), Int(hi.rounded(.down))))
            decades = decades.filter { Double($0) >= lo - 1e-9 && Double($0) <= hi + 1e-9 }
            if decades.count > 8 {
                let every = (decades.count + 7) / 8
                decades = decades.filter { ($0 - decades[0]) % every == 0 }
            }
            var values = decades.map { pow(10, Double($0)) }
            if values.count < 3 {
                var dense: [Double] = []
                for e in Int(lo.rounded(.down))...Int(hi.rounded(.up)) {
                    for m in [1.0, 2, 5] {
                        let v = m * pow(10, Double(e))
                        if log10(v) >= lo - 1e-9 && log10(v) <= hi + 1e-9 { dense.append(v) }
                    }
                }
                values = dense
            }
            logLower = lo
            if finite.contains(0) {
                let gap = max(0.35, 0.1 * (hi - lo))
                let zero = lo - gap
                zeroPosition = zero
                lower = zero - 0.35 * gap
                ticks = [Tick(value: 0, position: zero, label: "0", latexLabel: "$0$")]
                    + Axis.labelled(values, positions: values.map(log10), percent: percent)
            } else {
                zeroPosition = nil
                lower = lo
                ticks = Axis.labelled(values, positions: values.map(log10), percent: percent)
            }
            upper = hi
        }
    }

    /// Ticks with labels in one style for the axis.
    static func labelled(_ values: [Double], positions: [Double], percent: Bool) -> [Tick] {
        let plain = percent || values.allSatisfy { $0 == 0 || (abs($0) >= 1e-3 * (1 - 1e-9) && abs($0) <= 1e5 * (1 + 1e-9)) }
        return zip(values, positions).map { value, position in
            if percent {
                let text = NumberFormat.short(100 * value) + "%"
                return Tick(value: value, position: position, label: text, latexLabel: text.replacingOccurrences(of: "%", with: "\\%"))
            }
            // Zero (a linear axis from 0 to beyond 1e5) has no exponent; a non-finite value
            // none either (never a tick of a finite range, but never a trap).
            if plain || value == 0 || !value.isFinite {
                let text = value.isFinite ? label(value) : String(value)
                return Tick(value: value, position: position, label: text, latexLabel: "$" + text + "$")
            }
            let e = Int(log10(abs(value)).rounded(.down))
            let mantissa = value / pow(10, Double(e))
            let m = NumberFormat.short(mantissa)
            let plainText = (m == "1" ? "" : m + "x") + "10^\(e)"
            let latex = "$" + (m == "1" ? "" : m + "\\cdot") + "10^{\(e)}$"
            return Tick(value: value, position: position, label: plainText, latexLabel: latex)
        }
    }

    /// The position in axis coordinates of a data value; nil when it cannot be drawn (not
    /// finite, or negative on a log axis, or zero on a log axis without a zero position).
    func position(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        guard scale == .log else { return value }
        if value == 0 { return zeroPosition }
        return value > 0 ? log10(value) : nil
    }

    /// The position in [0, 1] of a data value along the axis; nil when it cannot be drawn.
    func fraction(_ value: Double) -> Double? {
        position(value).map { ($0 - lower) / (upper - lower) }
    }

    /// 1, 2 or 5 times a power of ten, the least such at or above `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let power = pow(10, (log10(raw)).rounded(.down))
        for m in [1.0, 2, 5, 10] where m * power >= raw * (1 - 1e-12) { return m * power }
        return 10 * power
    }

    /// A plain tick label: 4 significant digits, with the rounding noise of k * step removed,
    /// never in exponent form inside [10^-3, 10^5].
    static func label(_ value: Double) -> String {
        if abs(value) < 1e-12 { return "0" }
        let short = NumberFormat.short(value)
        guard short.contains("e") else { return short }
        var text = String(format: "%.6f", value)
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
