#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An axis range with ticks, shared by the SVG writer (which maps data to pixels with it).
/// Linear: ticks at multiples of 1, 2 or 5 times a power of ten (about 5 of them), the range
/// widened to the outer ticks. Log: over more than 2 decades the range widened to whole decades, a tick
/// per decade (every n-th past 8 decades); over at most 2 decades ticks at 1, 2 and 5 times the
/// powers of ten, the range the nearest such ticks around the data.
struct Axis: Equatable {
    struct Tick: Equatable {
        let value: Double
        /// For a decade tick on a log axis, the exponent (labelled 10^e); nil otherwise.
        let decade: Int?
    }

    let scale: Figure.Scale
    /// The range in axis coordinates (log10 of the data on a log axis).
    let lower: Double
    let upper: Double
    let ticks: [Tick]

    /// The axis for data values (non-positive ones ignored on a log axis); [0, 1] or [1, 10] when empty.
    init(values: [Double], scale: Figure.Scale) {
        self.scale = scale
        let usable = values.filter { $0.isFinite && (scale == .linear || $0 > 0) }
        switch scale {
        case .linear:
            var lo = usable.min() ?? 0, hi = usable.max() ?? 1
            if lo == hi { let pad = lo == 0 ? 1 : abs(lo) / 10; lo -= pad; hi += pad }
            let step = Axis.niceStep((hi - lo) / 5)
            let first = (lo / step).rounded(.down), last = (hi / step).rounded(.up)
            lower = first * step
            upper = last * step
            ticks = stride(from: first, through: last, by: 1).map { Tick(value: $0 * step, decade: nil) }
        case .log:
            let lo = (usable.min().map(log10) ?? 0).rounded(.down)
            var hi = (usable.max().map(log10) ?? 1).rounded(.up)
            if lo == hi { hi += 1 }
            let decades = Int(hi - lo)
            if decades <= 2 {
                // Ticks at 1, 2, 5 times each power of ten; the range shrinks to the ticks around the data.
                var candidates: [Tick] = []
                for e in Int(lo)...Int(hi) {
                    candidates.append(Tick(value: pow(10, Double(e)), decade: e))
                    if e < Int(hi) {
                        candidates.append(Tick(value: 2 * pow(10, Double(e)), decade: nil))
                        candidates.append(Tick(value: 5 * pow(10, Double(e)), decade: nil))
                    }
                }
                let minimum = usable.min() ?? 1, maximum = usable.max() ?? 10
                let first = candidates.last { $0.value <= minimum * (1 + 1e-12) } ?? candidates[0]
                var last = candidates.first { $0.value >= maximum * (1 - 1e-12) } ?? candidates[candidates.count - 1]
                if last.value <= first.value { last = candidates.first { $0.value > first.value } ?? last }
                lower = log10(first.value)
                upper = log10(last.value)
                ticks = candidates.filter { $0.value >= first.value && $0.value <= last.value }
            } else {
                lower = lo
                upper = hi
                let every = decades <= 8 ? 1 : (decades + 7) / 8
                ticks = stride(from: Int(lo), through: Int(hi), by: every).map { Tick(value: pow(10, Double($0)), decade: $0) }
            }
        }
    }

    /// The position in [0, 1] of a data value along the axis; nil when it cannot be drawn.
    func fraction(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        let v: Double
        if scale == .log { guard value > 0 else { return nil }; v = log10(value) } else { v = value }
        return (v - lower) / (upper - lower)
    }

    /// 1, 2 or 5 times a power of ten, the least such at or above `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let power = pow(10, (log10(raw)).rounded(.down))
        for m in [1.0, 2, 5, 10] where m * power >= raw * (1 - 1e-12) { return m * power }
        return 10 * power
    }

    /// A tick label: 4 significant digits, with the rounding noise of k * step removed.
    static func label(_ value: Double) -> String {
        NumberFormat.short(abs(value) < 1e-12 ? 0 : value)
    }
}
