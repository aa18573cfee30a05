import Bounds
import Engine
import Foundation

/// The measured SubsetSum constant as `lth subsetsum measure` prints it: a plain table and one
/// JSON object (the exported tables and figures are `LuekerMeasurement+Report`).
extension LuekerMeasurement {
    /// For eps number `e`, the n printed: from the smallest first sufficient count over the trials
    /// up to n(eps) (or the largest n tried when n(eps) was not reached).
    public func summaryCounts(epsilonIndex e: Int) -> ClosedRange<Int> {
        let smallest = firstCounts[e].compactMap { $0 }.min() ?? experiment.maximumCount
        let last = requiredCounts[e] ?? experiment.maximumCount
        return min(smallest, last)...last
    }

    /// P(every z in [-1, 1] is within eps of a subset sum of X_1..X_n) for each eps and n,
    /// n(eps) = the smallest n with P >= 1 - eps, and the fit n(eps) = C log2(1/eps) + c0 with
    /// its bootstrap interval, also per natural log (C / ln 2); `seconds` is the wall time,
    /// `constantUse` says where the caller takes C per natural log (its command and flag).
    public func summaryTable(seconds: Double, constantUse: String) -> String {
        let x = experiment
        var out = "Lueker's SubsetSum constant by exact Monte Carlo (\(x.trials) trials, seed \(x.seed), n <= \(x.maximumCount), \(String(format: "%.1f", seconds)) s)\n"
        out += "P = fraction of trials in which every z in [-1, 1] is within eps of a subset sum of X_1..X_n, X_i ~ U[-1, 1]\n\n"
        out += "     eps     n        P\n"
        for (e, eps) in x.epsilons.enumerated() {
            for n in summaryCounts(epsilonIndex: e) {
                out += String(format: "%8g  %4d  %7.4f\n", eps, n, successProbability(epsilonIndex: e, count: n))
            }
        }
        out += "\nn(eps) = smallest n with P >= 1 - eps:\n"
        for (e, eps) in x.epsilons.enumerated() {
            let n = requiredCounts[e].map(String.init) ?? "not reached by n = \(x.maximumCount)"
            out += String(format: "  eps = %-8g log2(1/eps) = %6.3f  n(eps) = ", eps, log2(1 / eps)) + n + "\n"
        }
        let ci = slopeInterval, nat = naturalLogConstantInterval
        out += String(format: "\nfit n(eps) = C log2(1/eps) + c0:  C = %.4f  (%.0f%% bootstrap interval [%.4f, %.4f], %d of %d resamples)  c0 = %.4f\n",
                      fit.slope, x.level * 100, ci.lowerBound, ci.upperBound, resamplesUsed, x.bootstrapResamples, fit.intercept)
        out += String(format: "per natural log: C / ln 2 = %.4f  [%.4f, %.4f]  (", fit.naturalLogConstant, nat.lowerBound, nat.upperBound)
            + constantUse + ")\n"
        out += "This is Lueker's constant measured empirically; widths computed from it are estimates, not certified widths."
        return out
    }

    /// The same as one JSON object.
    public func summaryJSON(seconds: Double) -> JSONValue {
        let x = experiment
        var table: [JSONValue] = []
        for (e, eps) in x.epsilons.enumerated() {
            for n in summaryCounts(epsilonIndex: e) {
                table.append(.object([("epsilon", .number(eps)), ("n", .integer(n)),
                                      ("probability", .number(successProbability(epsilonIndex: e, count: n)))]))
            }
        }
        let required: [JSONValue] = x.epsilons.enumerated().map { e, eps in
            .object([("epsilon", .number(eps)), ("n", requiredCounts[e].map { .integer($0) } ?? .null)])
        }
        return .object([
            ("trials", .integer(x.trials)), ("seed", .integer(Int(truncatingIfNeeded: x.seed))),
            ("max_n", .integer(x.maximumCount)), ("seconds", .number(seconds)),
            ("success_probability", .array(table)),
            ("required_n", .array(required)),
            ("fit", .object([
                ("model", .string("n(eps) = C log2(1/eps) + c0")),
                ("C", .number(fit.slope)), ("c0", .number(fit.intercept)),
                ("C_interval", .array([.number(slopeInterval.lowerBound), .number(slopeInterval.upperBound)])),
                ("level", .number(x.level)), ("resamples", .integer(x.bootstrapResamples)),
                ("resamples_used", .integer(resamplesUsed)),
                ("C_natural_log", .number(fit.naturalLogConstant)),
                ("C_natural_log_interval", .array([.number(naturalLogConstantInterval.lowerBound),
                                                   .number(naturalLogConstantInterval.upperBound)])),
            ])),
            ("note", .string("empirical constant of Lueker's theorem; widths computed from it are estimates, not certified widths")),
        ])
    }
}
