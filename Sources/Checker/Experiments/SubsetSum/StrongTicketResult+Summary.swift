import Bounds
import Engine
import Foundation

/// The strong ticket as `lth subsetsum ticket` prints it: a plain table and one JSON object.
extension StrongTicketResult {
    /// The widths, kept weights (density = kept / random), the largest per-weight error
    /// |alpha - w|, and per set the sup output error, the two accuracies and their agreement.
    public var summaryTable: String {
        var out = "Strong lottery ticket by SubsetSum (Pensia et al. 2020), \(String(format: "%.1f", seconds)) s\n"
        out += "data: \(dataDescription)\n"
        out += "target MLP widths \(targetWidths.map(String.init).joined(separator: "-")) (biases folded in by a constant input), trained \(experiment.iterations) full-batch steps, lr \(experiment.learningRate)\n"
        out += "random network (depth \(2 * ticket.pairs.count), entries uniform, never trained): widths \(ticket.randomWidths.map(String.init).joined(separator: "-")), width factor n = \(ticket.samplesPerInput)\n"
        out += "kept weights: \(ticket.keptWeightCount) of \(ticket.randomWeightCount) (density \(String(format: "%.3g", Double(ticket.keptWeightCount) / Double(ticket.randomWeightCount)))); target weights incl. biases: \(ticket.targetWeightCount)\n"
        out += "largest per-weight subset-sum error |alpha - w|: \(String(format: "%.3g", ticket.maximumWeightError))\n\n"
        out += "set     samples  sup |u_target - u_ticket|  target acc  ticket acc  agreement\n"
        func row(_ name: String, _ e: StrongTicketEvaluation) -> String {
            func pct(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "-" }
            return name.padding(toLength: 8, withPad: " ", startingAt: 0)
                + String(format: "%7d  %25.3g  ", e.sampleCount, e.supOutputError)
                + pct(e.targetAccuracy).padding(toLength: 12, withPad: " ", startingAt: 0)
                + pct(e.ticketAccuracy).padding(toLength: 12, withPad: " ", startingAt: 0)
                + pct(e.agreement) + "\n"
        }
        out += row("train", train)
        if let test { out += row("test", test) }
        return out
    }

    /// The same as one JSON object.
    public var summaryJSON: JSONValue {
        func evaluation(_ e: StrongTicketEvaluation) -> JSONValue {
            .object([("samples", .integer(e.sampleCount)), ("sup_output_error", .number(e.supOutputError)),
                     ("target_accuracy", .optional(e.targetAccuracy)), ("ticket_accuracy", .optional(e.ticketAccuracy)),
                     ("agreement", .optional(e.agreement))])
        }
        return .object([
            ("data", .string(dataDescription)),
            ("target_widths", .array(targetWidths.map { .integer($0) })),
            ("random_widths", .array(ticket.randomWidths.map { .integer($0) })),
            ("width_factor", .integer(ticket.samplesPerInput)),
            ("kept_weights", .integer(ticket.keptWeightCount)),
            ("random_weights", .integer(ticket.randomWeightCount)),
            ("target_weights", .integer(ticket.targetWeightCount)),
            ("max_weight_error", .number(ticket.maximumWeightError)),
            ("train", evaluation(train)),
            ("test", test.map(evaluation) ?? .null),
            ("seconds", .number(seconds)),
        ])
    }
}
