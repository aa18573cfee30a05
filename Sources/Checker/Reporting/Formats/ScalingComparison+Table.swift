extension ScalingComparison {
    /// One table of several comparisons: three rows (one per law) per comparison, a footnote
    /// with each verdict, the theory's prediction (of the first), the reasons no law could be
    /// fitted, and a one-line verdict summary (how many comparisons favour each law, cannot
    /// tell them apart, or cannot be fitted). `lth check`'s thresholds and `lth reproduce`'s
    /// plateaus both use it.
    static func table(_ comparisons: [ScalingComparison], name: String, title: String, caption: String, verdictName: String) -> Table {
        let columns: [Table.Column] = [
            .init("target", "target", alignment: .left), .init("law", "law", alignment: .left),
            .init("observed", "observed"), .init("right_censored", "never"), .init("at_start", "at t=0"),
            .init("intercept", "alpha or ln c", latex: "$\\alpha$ or $\\ln c$"),
            .init("beta", "beta", latex: "$\\beta$"),
            .init("beta_lower", "95% low", latex: "95\\,\\% low"), .init("beta_upper", "95% high", latex: "95\\,\\% high"),
            .init("beta_bootstrap_lower", "boot low", latex: "boot.\\ low"), .init("beta_bootstrap_upper", "boot high", latex: "boot.\\ high"),
            .init("sigma", "sigma", latex: "$\\sigma$"), .init("aic", "AIC"), .init("delta_aic", "dAIC", latex: "$\\Delta$AIC"),
            .init("note", "note", alignment: .left, human: false),
        ]
        var rows: [[Table.Cell]] = []
        var footnotes: [String] = []
        var favoured: [String: Int] = [:]
        for scaling in comparisons {
            let right = scaling.observations.filter(\.isRightCensored).count
            for f in scaling.fits {
                rows.append([.text(scaling.title), .text(f.model.formula(scaling.response, "m")),
                             .integer(scaling.observations.count - right), .integer(right), .integer(scaling.atStart),
                             .optional(f.fit?.intercept), .optional(f.fit?.slope),
                             .optional(f.slopeInterval?.0), .optional(f.slopeInterval?.1),
                             .optional(f.bootstrapInterval?.0), .optional(f.bootstrapInterval?.1),
                             .optional(f.fit?.sigma), .optional(f.fit?.aic), .optional(scaling.deltaAIC(f)),
                             f.note.map(Table.Cell.text) ?? .missing])
            }
            footnotes.append("\(scaling.response), \(scaling.title): \(scaling.verdict).")
            let key: String
            if let best = scaling.best, scaling.fits.filter({ $0.fit != nil && $0.model != best.model }).allSatisfy({ scaling.deltaAIC($0)! >= 2 }),
               scaling.fits.filter({ $0.fit != nil }).count > 1 {
                key = "favour " + best.model.formula(scaling.response, "m")
            } else if scaling.best == nil {
                key = "no law can be fitted"
            } else {
                key = "cannot tell the laws apart"
            }
            favoured[key, default: 0] += 1
        }
        if let first = comparisons.first {
            footnotes.append(first.prediction + ".")
            let reasons = Set(comparisons.flatMap { $0.fits.compactMap { $0.fit == nil ? $0.note : nil } })
            if !reasons.isEmpty { footnotes.append("no fit: " + reasons.sorted().joined(separator: "; ")) }
        }
        let summary = favoured.keys.sorted().map { "\(favoured[$0]!) \($0)" }.joined(separator: ", ")
        footnotes.append("verdicts (\(verdictName), \(comparisons.count) targets): " + (summary.isEmpty ? "no targets" : summary))
        return Table(name: name, title: title, caption: caption, columns: columns, rows: rows, footnotes: footnotes)
    }
}
