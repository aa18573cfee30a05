/// The compact tables for a paper: one row per training-set size m (Theorem A) or per (m, k)
/// (Theorems B and C), over seeds and checkpoints, with the verdict, from the same rows and
/// verdicts as the full tables (which go to the appendix, `LaTeXTable.longtable`). Each has at
/// most 7 columns so that its float fits the text block of a one-column article.
extension CheckResult {
    /// The compact tables in reading order: Theorem A per m, Theorem B per (m, k), Theorem C per (m, k).
    public var paperTables: [Table] {
        [theoremAByM, theoremBByMK, theoremCByMK].compactMap { $0 }
    }

    /// A fraction cell "n/total".
    private static func count(_ n: Int, _ total: Int) -> Table.Cell { .fraction(n, of: total) }

    /// Theorem A per m: the hypotheses' factors (largest over seeds), the residual at the last
    /// checkpoint T against the bound (means over seeds), how many (seed, t) meet the bound, and
    /// the verdict: "out of scope" when a seed has N_req/N > 1 or eta/eta_max > 1 (then meeting the
    /// bound proves nothing), else "holds" or "fails".
    var theoremAByM: Table? {
        guard !theoremA.isEmpty else { return nil }
        let sizes = Array(Set(theoremA.map(\.samples))).sorted()
        let last = theoremA.map(\.iteration).max()!
        let rows = sizes.map { m -> [Table.Cell] in
            let ofM = theoremA.filter { $0.samples == m }
            let atT = ofM.filter { $0.iteration == last }
            let seeds = Set(ofM.map(\.seed)).count
            let held = ofM.filter { holds($0) }.count
            let widthFactor = ofM.map(\.widthFactor).max()!
            let etaFactor = ofM.map(\.etaFactor).max()!
            let verdict = ofM.allSatisfy(\.hypothesesHold) ? (held == ofM.count ? "holds" : "fails") : "out of scope"
            return [.integer(m), .integer(seeds), .number(widthFactor), .number(etaFactor),
                    .optional(SampleSummary(atT.map(\.residual))?.mean), .optional(SampleSummary(atT.map(\.predictedResidual))?.mean),
                    CheckResult.count(held, ofM.count), .text(verdict)]
        }
        let columns: [Table.Column] = [
            .init("m", "m", latex: "$m$"), .init("seeds", "seeds"),
            .init("width_factor_max", "N_req/N", latex: "$N_{\\mathrm{req}}/N$"),
            .init("eta_factor_max", "eta/eta_max", latex: "$\\eta/\\eta_{\\max}$"),
            .init("residual_mean", "||u(T)-y||^2", latex: "$\\|u(T)-y\\|^2$"),
            .init("predicted_residual_mean", "bound", latex: "bound"),
            .init("holds_count", "met", latex: "met"),
            .init("verdict", "verdict", alignment: .left),
        ]
        var table = Table(name: "theorem_a_by_m", title: "Theorem A: dense convergence, per m",
                          caption: "Per m over seeds and checkpoints: the largest N_req/N and eta/eta_max over seeds (the theorem's hypotheses need both <= 1), the residual ||u(T)-y||^2 at the last checkpoint T = \(last) against the bound (1 - eta lambda0/2)^T ||u(0)-y||^2 (means over seeds), and how many (seed, t) meet the bound.",
                          columns: columns, rows: rows,
                          footnotes: ["out of scope: a hypothesis fails (factor > 1), so meeting the bound is not evidence for the theorem"])
        table.latexCaption = "Theorem~A (dense convergence) per $m$, over seeds and checkpoints: the largest $N_{\\mathrm{req}}/N$ and $\\eta/\\eta_{\\max}$ over seeds (the theorem needs both $\\le 1$), the residual $\\|u(T)-y\\|^2$ at the last checkpoint $T=\(last)$ against the bound $(1-\\eta\\lambda_0/2)^T\\|u(0)-y\\|^2$ (means over seeds), and how many (seed, $t$) meet the bound."
        return table
    }

    /// Theorem B per (m, k): the pruned loss and the bound at the last checkpoint T (means over
    /// seeds), the smallest slack bound / l_k over seeds and checkpoints, how many (seed, t) meet
    /// the bound, and the verdict ("holds" when all do, else "violated"; Theorem B has no
    /// hypotheses to fail).
    var theoremBByMK: Table? {
        guard !theoremB.isEmpty else { return nil }
        let last = theoremB.map(\.iteration).max()!
        let keys = Array(Set(theoremB.map { [$0.samples, $0.subnetworkSize] })).sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }
        let rows = keys.map { key -> [Table.Cell] in
            let group = theoremB.filter { $0.samples == key[0] && $0.subnetworkSize == key[1] }
            let atT = group.filter { $0.iteration == last }
            let held = group.filter { holds($0) }.count
            return [.integer(key[0]), .integer(key[1]),
                    .optional(SampleSummary(atT.map(\.prunedLoss))?.mean), .optional(SampleSummary(atT.map(\.bound))?.mean),
                    .number(group.map(\.slack).min()!), CheckResult.count(held, group.count),
                    .text(held == group.count ? "holds" : "violated")]
        }
        let columns: [Table.Column] = [
            .init("m", "m", latex: "$m$"), .init("k", "k", latex: "$k$"),
            .init("pruned_loss_mean", "l_k(T)", latex: "$\\ell_k(T)$"),
            .init("bound_mean", "bound", latex: "bound"),
            .init("slack_min", "min slack", latex: "min slack"),
            .init("holds_count", "met", latex: "met"),
            .init("verdict", "verdict", alignment: .left),
        ]
        var table = Table(name: "theorem_b_by_m_k", title: "Theorem B: greedy subnetworks, per (m, k)",
                          caption: "Per (m, k) over seeds and checkpoints: the pruned loss l_k(T) at the last checkpoint T = \(last) and the bound l(T) + D_T^2 H_k/(2k) (means over seeds), the smallest slack bound / l_k(t), and how many (seed, t) meet the bound.",
                          columns: columns, rows: rows, footnotes: [])
        table.latexCaption = "Theorem~B (greedy subnetworks) per $(m,k)$, over seeds and checkpoints: the pruned loss $\\ell_k(T)$ at the last checkpoint $T=\(last)$ and the bound $\\ell(T)+D_T^2H_k/(2k)$ (means over seeds), the smallest slack $\\mathrm{bound}/\\ell_k(t)$, and how many (seed, $t$) meet the bound."
        return table
    }

    /// Theorem C per (m, k) over seeds and loss targets eps: how many (seed, eps) reached eps on
    /// the grid (t_hat exists; the others are censored), how many agree with the a posteriori
    /// prediction, and how many have an a priori t_star and meet it.
    var theoremCByMK: Table? {
        guard !theoremC.isEmpty else { return nil }
        let keys = Array(Set(theoremC.map { [$0.samples, $0.subnetworkSize] })).sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }
        let rows = keys.map { key -> [Table.Cell] in
            let group = theoremC.filter { $0.samples == key[0] && $0.subnetworkSize == key[1] }
            let reached = group.filter { $0.empiricalThreshold != nil }.count
            let agreeing = group.filter { agrees($0) }.count
            let withStar = group.filter { $0.aPriori.iterations != nil }
            let starHeld = withStar.filter { aPrioriHolds($0) == true }.count
            return [.integer(key[0]), .integer(key[1]), .integer(Set(group.map(\.epsilon)).count),
                    CheckResult.count(reached, group.count), CheckResult.count(agreeing, group.count),
                    CheckResult.count(withStar.count, group.count),
                    withStar.isEmpty ? .missing : CheckResult.count(starHeld, withStar.count)]
        }
        let columns: [Table.Column] = [
            .init("m", "m", latex: "$m$"), .init("k", "k", latex: "$k$"),
            .init("targets", "eps values", latex: "$\\varepsilon$ values"),
            .init("reached_count", "reached"), .init("agrees_count", "agrees"),
            .init("t_star_count", "t_star exists", latex: "$t^\\star$ exists"),
            .init("a_priori_holds_count", "t_star met", latex: "$t^\\star$ met"),
        ]
        var table = Table(name: "theorem_c_by_m_k", title: "Theorem C: pre-training thresholds, per (m, k)",
                          caption: "Per (m, k), counted over (seed, eps): reached: l_k(t) <= eps at some checkpoint (t_hat exists; otherwise censored at the last checkpoint); agrees: t_hat within the grid tolerance of the a posteriori prediction; t_star exists: Theorem C gives an a priori threshold (its hypotheses hold); t_star met: t_hat comes no later than it.",
                          columns: columns, rows: rows, footnotes: [])
        table.latexCaption = "Theorem~C (pre-training thresholds) per $(m,k)$, counted over (seed, $\\varepsilon$): \\emph{reached}: $\\ell_k(t)\\le\\varepsilon$ at some checkpoint ($\\hat t$ exists; otherwise censored at the last checkpoint); \\emph{agrees}: $\\hat t$ within the grid tolerance of the a posteriori prediction; \\emph{$t^\\star$ exists}: Theorem~C gives an a priori threshold (its hypotheses hold); \\emph{$t^\\star$ met}: $\\hat t$ comes no later than it."
        return table
    }
}
