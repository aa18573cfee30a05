import Engine

/// The verdict summary of the rewinding grid, printed before its table: per rewind point t,
/// down to which density the IMP subnetwork matches the dense network (its mean test accuracy
/// at or above the matching threshold, dense mean - k sd; `IMPSummaryRow.isMatching`), and the
/// greedy pre-training threshold t_hat (or why there is none).
extension RewindingGrid {
    public var verdictSummary: [String] {
        var rewinds: [Int] = []
        for row in impRows where !rewinds.contains(row.rewindIteration) { rewinds.append(row.rewindIteration) }
        let sparse = impRows.filter { $0.level > 0 }
        let matching = sparse.filter(\.isMatching).count
        var lines = ["Verdict summary: \(matching) of \(sparse.count) IMP subnetworks (rewind point t, density < 1) match the dense network (mean test accuracy >= dense mean - k sd)"]
        for t in rewinds {
            let levels = sparse.filter { $0.rewindIteration == t }.sorted { $0.level < $1.level }
            guard !levels.isEmpty else { continue }
            // Matching down to the last level before the first non-matching one.
            let prefix = levels.prefix { $0.isMatching }
            var line = "  t = \(t): "
            if let last = prefix.last {
                line += "matching down to density \(NumberFormat.short(last.density))"
                if prefix.count < levels.count { line += ", not at \(NumberFormat.short(levels[prefix.count].density))" }
            } else {
                line += "not matching at density \(NumberFormat.short(levels[0].density))"
            }
            let later = levels.dropFirst(prefix.count).filter(\.isMatching)
            if !later.isEmpty { line += " (matching again at " + later.map { NumberFormat.short($0.density) }.joined(separator: ", ") + ")" }
            lines.append(line)
        }
        if let greedy = greedyThreshold {
            let value = greedy.value.map { "t_hat = \($0)" } ?? "no t_hat: " + (greedy.reason ?? "never reached")
            lines.append("  greedy threshold (k = \(greedy.subnetworkSize), eps = \(NumberFormat.short(greedy.epsilon))): \(value)")
        }
        return lines
    }
}
