/// The verdict summary of `lth reproduce`: what it prints before anything else. The claim under
/// test is that the test-accuracy plateau t_plateau of the pruned network grows like ln m
/// (`ReproduceSource.claim`); each fitted curve's verdict is `PlateauFit.verdict` ("grows" when
/// the whole 95% interval of beta is above 0, "shrinks" below, "no evidence" when it contains 0,
/// "--" when no fit could be made, with the reason in the fit table's notes).
extension PaperExperimentResult {
    /// One headline line over the subnetwork curves (pruned and fine-tuned), then one line per
    /// verdict naming its curves, the dense network's curve last.
    public var verdictSummary: [String] {
        let fits = plateauFits
        let subnetworks = fits.filter { $0.curve != .dense }
        func name(_ fit: PlateauFit) -> String { fit.curve.rawValue + (fit.subnetworkSize.map { " k = \($0)" } ?? "") }
        var order: [String] = []
        for fit in subnetworks where !order.contains(fit.verdict) { order.append(fit.verdict) }
        func label(_ verdict: String) -> String { verdict == "--" ? "no fit" : verdict }
        let counts = order.map { verdict in "\(subnetworks.filter { $0.verdict == verdict }.count) \(label(verdict))" }
        var lines = ["Verdict summary: t_plateau against ln m (the claim: it grows), over \(subnetworks.count) subnetwork curves: "
                     + counts.joined(separator: ", ") + " (grows: the whole 95% interval of beta above 0; no fit: see the notes under the fit table)"]
        for verdict in order {
            lines.append("  \(label(verdict)): " + subnetworks.filter { $0.verdict == verdict }.map(name).joined(separator: ", "))
        }
        if let dense = fits.first(where: { $0.curve == .dense }) {
            lines.append("  dense network (for comparison): \(label(dense.verdict))")
        }
        return lines
    }
}
