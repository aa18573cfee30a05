/// The verdict summary: what `lth check` prints before anything else, and the JSON's
/// "verdictSummary". Counts are over informative rows only (THEORY.md section 7); the excluded
/// rows are counted by reason.
extension CheckResult {
    /// The statements checked, with the verdicts of their rows.
    public var verdictTallies: [(statement: String, tally: VerdictTally)] {
        [
            ("Theorem A, ||u(t)-y||^2 <= (1 - eta lambda0/2)^t ||u(0)-y||^2", VerdictTally(theoremA.map { verdict($0) })),
            ("Theorem A, per-step rate <= 1 - eta lambda0/2", VerdictTally(theoremA.compactMap { rateVerdict($0) })),
            ("Theorem B, l_k(t) <= l(t) + D_t^2 H_k/(2k)", VerdictTally(theoremB.map { verdict($0) })),
            ("Theorem C a posteriori, t_hat <= t_post", VerdictTally(theoremC.map { aPosterioriVerdict($0) })),
            ("Theorem C a priori, t_hat <= t_star", VerdictTally(theoremC.map { aPrioriVerdict($0) })),
        ] + (kernelThresholds.isEmpty ? [] : [
            ("Kernel prediction, t_dense against t_K", VerdictTally(kernelThresholds.map { kernelVerdict($0) })),
        ])
    }

    /// One headline line over every statement, one line per statement, one line per threshold
    /// law comparison.
    public var verdictSummary: [String] {
        let tallies = verdictTallies
        var labels: [String: Int] = [:]
        var order: [String] = []
        for (_, t) in tallies {
            for (label, count) in t.labels {
                if labels[label] == nil { order.append(label) }
                labels[label, default: 0] += count
            }
        }
        let total = tallies.reduce(0) { $0 + $1.tally.total }
        let informative = tallies.reduce(0) { $0 + $1.tally.informativeCount }
        let informativeLabels = ["holds", "VIOLATED", "agrees", "disagrees", "consistent", "inconsistent"]
        let counted = order.filter { informativeLabels.contains($0) }.map { "\(labels[$0]!) \($0)" }
        let excluded = order.filter { !informativeLabels.contains($0) }.map { "\(labels[$0]!) \($0)" }
        var headline = "Verdict summary: \(informative) of \(total) checked rows are informative"
        if !counted.isEmpty { headline += " (" + counted.joined(separator: ", ") + ")" }
        if !excluded.isEmpty { headline += "; excluded: " + excluded.joined(separator: ", ") }
        var lines = [headline]
        lines += tallies.map { "  \($0.statement): \($0.tally.summary)" }
        lines += (thresholdScalings + kernelThresholdScalings).map { "  \($0.response) against m (\($0.title)): \($0.verdict)" }
        return lines
    }
}
