/// The tables every text format renders, built once from the result.
extension CheckResult {
    /// The provenance and convention sentences every human format prints above its tables.
    public var headerLines: [String] {
        [
            "lth \(provenance.toolkitVersion), config \(provenance.configHash)",
            "data: \(provenance.dataDescription)",
            provenance.lossConventionSentence,
            "checkpoints t: " + checkpoints.map(String.init).joined(separator: ", "),
            agreementSentence,
        ]
    }

    /// How "holds" and "agrees" were decided, in one sentence.
    public var agreementSentence: String {
        "A bound holds when measured <= bound (1 + \(NumberFormat.short(agreement.relativeTolerance))) + \(NumberFormat.short(agreement.absoluteTolerance)); "
            + "a predicted threshold agrees when within \(agreement.gridSteps) checkpoint\(agreement.gridSteps == 1 ? "" : "s") of the measured one."
    }

    /// The tables in reading order. `detail == false` (the human default): Theorem A per
    /// checkpoint, Theorem B and C aggregated over seeds, the law fits. `detail == true` adds
    /// the per-seed rows of Theorems B and C (the CSV and JSON always carry them).
    public func tables(detail: Bool = false) -> [Table] {
        detail
            ? [theoremATable, theoremBTable, theoremBSummaryTable, theoremCTable, theoremCSummaryTable, lawFitTable]
            : [theoremATable, theoremBSummaryTable, theoremCSummaryTable, lawFitTable]
    }

    var theoremATable: Table {
        let columns: [Table.Column] = [
            .init("m", "m", latex: "$m$"), .init("seed", "seed"), .init("t", "t", latex: "$t$"),
            .init("residual", "||u-y||^2", latex: "$\\|u(t)-y\\|^2$"),
            .init("predicted_residual", "predicted", latex: "$(1-\\eta\\lambda_0/2)^t\\|u(0)-y\\|^2$"),
            .init("holds", "holds"),
            .init("measured_rate", "rate", latex: "rate"),
            .init("predicted_rate", "rate pred.", latex: "$1-\\eta\\lambda_0/2$"),
            .init("rate_holds", "rate holds"),
            .init("width", "N", latex: "$N$"),
            .init("width_required", "N_req", latex: "$N_{\\mathrm{req}}$", human: false),
            .init("width_factor", "N_req/N", latex: "$N_{\\mathrm{req}}/N$"),
            .init("eta", "eta", latex: "$\\eta$", human: false),
            .init("eta_max", "eta_max", latex: "$\\eta_{\\max}$", human: false),
            .init("eta_factor", "eta/eta_max", latex: "$\\eta/\\eta_{\\max}$"),
            .init("lambda0_estimate", "lambda0", latex: "$\\hat\\lambda_0$"),
            .init("lambda0_certified", "lambda0 cert.", latex: "$\\lambda_0$ cert."),
        ]
        let rows = theoremA.sorted { ($0.samples, $0.seed, $0.iteration) < ($1.samples, $1.seed, $1.iteration) }.map { r -> [Table.Cell] in
            [.integer(r.samples), .integer(r.seed), .integer(r.iteration), .number(r.residual), .number(r.predictedResidual),
             .verdict(holds(r)), .optional(r.measuredRate), .number(r.predictedRate), .optional(rateHolds(r)),
             .integer(r.width), .number(r.widthRequired), .number(r.widthFactor), .number(r.eta), .number(r.etaMax),
             .number(r.etaFactor), .number(r.lambda0Estimate), .number(r.lambda0)]
        }
        return Table(name: "theorem_a", title: "Theorem A: dense convergence",
                     caption: "Measured ||u(t)-y||^2 against (1 - eta lambda0/2)^t ||u(0)-y||^2 per run and checkpoint; rate: measured per-step contraction since the previous checkpoint (geometric mean) against 1 - eta lambda0/2. The bound is a theorem only when N_req/N <= 1 and eta/eta_max <= 1.",
                     columns: columns, rows: rows, footnotes: [])
    }

    var theoremBTable: Table {
        let columns: [Table.Column] = [
            .init("m", "m", latex: "$m$"), .init("seed", "seed"), .init("t", "t", latex: "$t$"), .init("k", "k", latex: "$k$"),
            .init("pruned_loss", "l_k(t)", latex: "$\\ell_k(t)$"), .init("dense_loss", "l(t)", latex: "$\\ell(t)$"),
            .init("diameter", "D_t", latex: "$D_t$"), .init("greedy_term", "D^2 H_k/2k", latex: "$D_t^2H_k/(2k)$"),
            .init("bound", "bound"), .init("holds", "holds"), .init("slack", "slack", latex: "bound$/\\ell_k$"),
        ]
        let rows = theoremB.sorted { ($0.samples, $0.seed, $0.iteration, $0.subnetworkSize) < ($1.samples, $1.seed, $1.iteration, $1.subnetworkSize) }
            .map { r -> [Table.Cell] in
                [.integer(r.samples), .integer(r.seed), .integer(r.iteration), .integer(r.subnetworkSize), .number(r.prunedLoss),
                 .number(r.denseLoss), .number(r.diameter), .number(r.greedyTerm), .number(r.bound), .verdict(holds(r)), .number(r.slack)]
            }
        return Table(name: "theorem_b", title: "Theorem B: greedy subnetworks, per seed",
                     caption: "Pruned loss l_k(t) against l(t) + D_t^2 H_k/(2k), D_t = 2 max_r ||phi_r - u(t)||; slack = bound / l_k(t).",
                     columns: columns, rows: rows, footnotes: [])
    }

    var theoremBSummaryTable: Table {
        let columns: [Table.Column] = [
            .init("m", "m", latex: "$m$"), .init("t", "t", latex: "$t$"), .init("k", "k", latex: "$k$"), .init("seeds", "seeds"),
            .init("pruned_loss_mean", "l_k mean", latex: "$\\ell_k$ mean"), .init("pruned_loss_sd", "l_k sd", latex: "$\\ell_k$ sd"),
            .init("pruned_loss_min", "l_k min", latex: "$\\ell_k$ min", human: false), .init("pruned_loss_max", "l_k max", latex: "$\\ell_k$ max", human: false),
            .init("dense_loss_mean", "l(t) mean", latex: "$\\ell(t)$ mean"), .init("greedy_term_mean", "greedy mean", latex: "$D_t^2H_k/(2k)$ mean"),
            .init("bound_mean", "bound mean"), .init("slack_min", "slack min"), .init("holds_count", "holds"),
        ]
        let rows = theoremBAggregates.map { g -> [Table.Cell] in
            [.integer(g.samples), .integer(g.iteration), .integer(g.subnetworkSize), .integer(g.seeds),
             .number(g.prunedLoss.mean), .optional(g.prunedLoss.standardDeviation), .number(g.prunedLoss.minimum), .number(g.prunedLoss.maximum),
             .number(g.denseLoss.mean), .number(g.greedyTerm.mean), .number(g.bound.mean), .number(g.slack.minimum),
             .fraction(g.holdsCount, of: g.seeds)]
        }
        return Table(name: "theorem_b_summary", title: "Theorem B: greedy subnetworks, over seeds",
                     caption: "Mean and sample standard deviation over seeds of l_k(t); holds counts the seeds with l_k(t) <= l(t) + D_t^2 H_k/(2k).",
                     columns: columns, rows: rows, footnotes: [])
    }

    var theoremCTable: Table {
        let columns: [Table.Column] = [
            .init("m", "m", latex: "$m$"), .init("seed", "seed"), .init("k", "k", latex: "$k$"), .init("epsilon", "eps", latex: "$\\varepsilon$"),
            .init("t_hat", "t_hat", latex: "$\\hat t$"), .init("t_a_posteriori", "t pred.", latex: "$t$ a post."), .init("agrees", "agrees"),
            .init("t_star", "t_star", latex: "$t^\\star$"), .init("a_priori_holds", "t_star holds", latex: "$t^\\star$ holds"),
            .init("a_priori_reason", "why no t_star", alignment: .left, human: false),
        ]
        let rows = theoremC.sorted { ($0.samples, $0.seed, $0.subnetworkSize, $0.epsilon) < ($1.samples, $1.seed, $1.subnetworkSize, $1.epsilon) }
            .map { r -> [Table.Cell] in
                var reason: Table.Cell = .missing
                if case let .none(text) = r.aPriori { reason = .text(text) }
                return [.integer(r.samples), .integer(r.seed), .integer(r.subnetworkSize), .number(r.epsilon),
                        .optional(r.empiricalThreshold), .optional(r.aPosterioriThreshold), .verdict(agrees(r)),
                        CheckResult.iterationCell(r.aPriori.iterations), .optional(aPrioriHolds(r)), reason]
            }
        return Table(name: "theorem_c", title: "Theorem C: pre-training thresholds, per seed",
                     caption: "t_hat: first checkpoint with l_k(t) <= eps; t pred.: first checkpoint with l(t) + D_t^2 H_k/(2k) <= eps; t_star: the a priori threshold of Theorem C.",
                     columns: columns, rows: rows, footnotes: CheckResult.reasonFootnotes(theoremC.map { ($0.samples, $0.subnetworkSize, $0.epsilon, $0.aPriori) }))
    }

    var theoremCSummaryTable: Table {
        let columns: [Table.Column] = [
            .init("m", "m", latex: "$m$"), .init("k", "k", latex: "$k$"), .init("epsilon", "eps", latex: "$\\varepsilon$"), .init("seeds", "seeds"),
            .init("reached_count", "reached"),
            .init("t_hat_mean", "t_hat mean", latex: "$\\hat t$ mean"), .init("t_hat_sd", "t_hat sd", latex: "$\\hat t$ sd"),
            .init("t_hat_min", "t_hat min", latex: "$\\hat t$ min"), .init("t_hat_max", "t_hat max", latex: "$\\hat t$ max"),
            .init("t_a_posteriori_mean", "t pred. mean", latex: "$t$ a post.\\ mean"), .init("agrees_count", "agrees"),
            .init("t_star_mean", "t_star", latex: "$t^\\star$"), .init("a_priori_holds_count", "t_star holds", latex: "$t^\\star$ holds"),
            .init("a_priori_reason", "why no t_star", alignment: .left, human: false),
        ]
        let rows = theoremCAggregates.map { g -> [Table.Cell] in
            [.integer(g.samples), .integer(g.subnetworkSize), .number(g.epsilon), .integer(g.seeds), .fraction(g.reachedCount, of: g.seeds),
             .optional(g.empiricalThreshold?.mean), .optional(g.empiricalThreshold?.standardDeviation),
             CheckResult.iterationCell(g.empiricalThreshold?.minimum), CheckResult.iterationCell(g.empiricalThreshold?.maximum),
             .optional(g.aPosterioriThreshold?.mean), .fraction(g.agreesCount, of: g.seeds),
             g.aPrioriThreshold.map { $0.minimum == $0.maximum ? CheckResult.iterationCell($0.mean) : .number($0.mean) } ?? .missing,
             g.aPrioriThreshold == nil ? .missing : .fraction(g.aPrioriHoldsCount, of: g.seeds),
             g.aPrioriReason.map(Table.Cell.text) ?? .missing]
        }
        return Table(name: "theorem_c_summary", title: "Theorem C: pre-training thresholds, over seeds",
                     caption: "Thresholds over the seeds that have one; reached counts the seeds whose pruned loss met eps on the grid; agrees counts the seeds whose t_hat is within the grid tolerance of the a posteriori prediction.",
                     columns: columns, rows: rows, footnotes: CheckResult.reasonFootnotes(theoremC.map { ($0.samples, $0.subnetworkSize, $0.epsilon, $0.aPriori) }))
    }

    var lawFitTable: Table {
        let columns: [Table.Column] = [
            .init("law", "law", alignment: .left), .init("formula", "formula", alignment: .left, human: false),
            .init("parameter", "parameter", alignment: .left), .init("estimate", "estimate"),
            .init("ci_lower", "95% CI low", latex: "95\\,\\% CI low"), .init("ci_upper", "95% CI high", latex: "95\\,\\% CI high"),
            .init("r_squared", "R^2", latex: "$R^2$"), .init("n", "n", latex: "$n$"), .init("excluded", "excluded"),
            .init("prediction", "theory", alignment: .left, human: false),
        ]
        var rows: [[Table.Cell]] = []
        for fit in lawFits {
            for e in fit.estimates {
                rows.append([.text(fit.title), .text(fit.formula), .text(e.name), .number(e.value), .number(e.lower), .number(e.upper),
                             .number(fit.rSquared), .integer(fit.count), .integer(fit.excluded), .text(fit.prediction)])
            }
        }
        var notes = lawFits.map { "\($0.title), \($0.formula): \($0.prediction)." }
        notes += self.notes
        return Table(name: "law_fits", title: "Fitted laws",
                     caption: "Least-squares fits with 95% confidence intervals (Student t, n - 2 degrees of freedom); the theory's prediction is under the table.",
                     columns: columns, rows: rows, footnotes: notes)
    }

    /// An iteration count: an integer cell when integral, else a number.
    static func iterationCell(_ t: Double?) -> Table.Cell {
        guard let t else { return .missing }
        if t == t.rounded(), abs(t) < 9.0e15 { return .integer(Int(t)) }
        return .number(t)
    }

    /// Why there is no a priori t_star, one sentence per kind of reason: reasons that differ only
    /// in their numbers (the same failed hypothesis at other m, k, eps or seeds) are one kind; each
    /// kind is shown with its first (m, k, eps) and how many more rows share it (all are in the
    /// CSV and JSON).
    static func reasonFootnotes(_ items: [(Int, Int, Double, TheoremCRow.APriori)]) -> [String] {
        var order: [String] = []
        var first: [String: String] = [:]
        var counts: [String: Int] = [:]
        for (m, k, eps, aPriori) in items.sorted(by: { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }) {
            guard case let .none(reason) = aPriori else { continue }
            let kind = String(reason.map { $0.isNumber || $0 == "." || $0 == "+" || $0 == "e" ? "#" : $0 })
            if first[kind] == nil {
                order.append(kind)
                first[kind] = "m = \(m), k = \(k), eps = \(NumberFormat.short(eps)): \(reason)"
            }
            counts[kind, default: 0] += 1
        }
        return order.map { kind in
            let more = counts[kind]! - 1
            return first[kind]! + (more > 0 ? " (and \(more) more \(more == 1 ? "row" : "rows") for the same reason; see theorem_c.csv)" : "")
        }
    }
}
