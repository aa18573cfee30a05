import Bounds
import Foundation

/// The width factors as `lth bounds strong` prints them: a plain table and one JSON object.
extension StrongTicketWidths {
    /// One row per layer pair: d_in -> d_out, the Pensia factor (with its interval at the ends
    /// of a measured C's interval), the hidden width n_i d_in, and Malach's order; two notes.
    public var summaryTable: String {
        let ds = widths
        var text = "Strong lottery ticket width factors for target widths \(ds.map(String.init).joined(separator: ",")) (depth l = \(ds.count - 1)), eps = \(epsilon), delta = \(delta)\n"
        text += "SubsetSum constant C = \(String(format: "%.4f", constant)) per natural log (\(constantSource))"
        if let constantInterval { text += String(format: ", 95%% interval [%.4f, %.4f]", constantInterval.lowerBound, constantInterval.upperBound) }
        text += "\n\npair  d_in -> d_out   Pensia factor (estimate)   hidden width n_i d_in   Malach factor (order)\n"
        for i in 1..<ds.count {
            var f = String(format: "%.2f", pensiaFactors[i - 1])
            if let pensiaFactorIntervals { f += String(format: " [%.2f, %.2f]", pensiaFactorIntervals[i - 1].lower, pensiaFactorIntervals[i - 1].upper) }
            text += String(format: "%4d  %5d -> %-5d  ", i, ds[i - 1], ds[i]) + f.padding(toLength: 27, withPad: " ", startingAt: 0)
                + JSONValue.number(pensiaHiddenWidth(pair: i)).rendered()
                    .padding(toLength: 24, withPad: " ", startingAt: 0)
                + String(format: "%.3g", malachFactor) + "\n"
        }
        text += "\nPensia factor = C log(d_{i-1} d_i l / min(eps, delta)): an ESTIMATE with this C, not a certified width (the theorem's constant is at most 3 C_w, not Lueker's C).\n"
        text += "Malach factor = d^4 l^2, d = max width: the order of Malach et al.'s polynomial with constant 1, without its eps and delta terms; not a certified width."
        return text
    }

    /// The same as one JSON object.
    public var summaryJSON: JSONValue {
        let ds = widths
        var rows: [JSONValue] = []
        for i in 1..<ds.count {
            var fields: [(String, JSONValue)] = [
                ("pair", .integer(i)), ("d_in", .integer(ds[i - 1])), ("d_out", .integer(ds[i])),
                ("pensia_factor_estimate", .number(pensiaFactors[i - 1])),
                ("pensia_hidden_width_estimate", .number(pensiaHiddenWidth(pair: i))),
            ]
            if let pensiaFactorIntervals {
                fields.append(("pensia_factor_interval", .array([.number(pensiaFactorIntervals[i - 1].lower), .number(pensiaFactorIntervals[i - 1].upper)])))
            }
            fields.append(("malach_factor_order", .number(malachFactor)))
            rows.append(.object(fields))
        }
        return .object([
            ("widths", .array(ds.map { .integer($0) })), ("epsilon", .number(epsilon)), ("delta", .number(delta)),
            ("constant", .number(constant)), ("constant_source", .string(constantSource)),
            ("constant_interval", constantInterval.map { .array([.number($0.lowerBound), .number($0.upperBound)]) } ?? .null),
            ("pairs", .array(rows)),
            ("notes", .array([
                .string("Pensia factor = C log(d_{i-1} d_i l / min(eps, delta)), natural log: an ESTIMATE with the given or measured C, not a certified width (the theorem's constant is at most 3 C_w, not Lueker's C)"),
                .string("Malach factor = d^4 l^2 with d = max width: the order only, constant 1, without its eps and delta terms (not recoverable from the sources); not a certified width"),
            ])),
        ])
    }
}
