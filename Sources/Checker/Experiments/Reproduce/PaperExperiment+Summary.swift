/// The verdict summary of `lth reproduce`: what it prints before anything else. The claim under
/// test is that the plateau t_plateau grows like ln m (`ReproduceSource.claim`). The headline is
/// the censored comparison of the laws ln m, m and c m^beta (`plateauScalings`, the same
/// `ScalingComparison` as `lth check`), one line per curve with its verdict; the least-squares
/// fit on ln m over the uncensored plateaus (`PlateauFit.verdict`: "grows" when the whole 95%
/// interval of beta is above 0, "no evidence" when it contains 0), which the figure draws,
/// follows as a secondary line.
extension PaperExperimentResult {
    /// The headline over the curves of the law comparison, one line per curve, then the
    /// least-squares line.
    public var verdictSummary: [String] {
        let comparisons = plateauScalings
        func kind(_ verdict: String) -> String {
            if verdict.hasPrefix("the data favour") || verdict.hasPrefix("only") { return "a law favoured" }
            if verdict.hasPrefix("the data cannot tell") { return "laws not told apart" }
            return "no law fitted"
        }
        var order: [String] = []
        for c in comparisons where !order.contains(kind(c.verdict)) { order.append(kind(c.verdict)) }
        let counts = order.map { k in "\(comparisons.filter { kind($0.verdict) == k }.count) \(k)" }
        var lines = ["Verdict summary: which law t_plateau follows in m (censored maximum likelihood of ln m, m and c m^beta; the claim: it grows like ln m), over \(comparisons.count) curves: "
                     + counts.joined(separator: ", ")]
        for c in comparisons { lines.append("  \(c.title): \(c.verdict)") }
        let fits = plateauFits.filter { $0.curve != .dense }
        var fitOrder: [String] = []
        for fit in fits where !fitOrder.contains(fit.verdict) { fitOrder.append(fit.verdict) }
        let fitCounts = fitOrder.map { v in "\(fits.filter { $0.verdict == v }.count) \(v == "--" ? "no fit" : v)" }
        lines.append("  least squares on ln m over the uncensored plateaus (the figure's lines), \(fits.count) subnetwork curves: " + fitCounts.joined(separator: ", "))
        return lines
    }
}
