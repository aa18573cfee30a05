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

    /// How the verdicts were decided, in one sentence (THEORY.md section 7, `Verdict`).
    public var agreementSentence: String {
        "Verdicts: a bound is out of scope when its theorem's hypotheses fail (Theorem A and the a priori t_star need N >= N_req and eta <= eta_max), "
            + "vacuous when it is not below the trivial value (1/2 ||y||^2 for a loss, ||y||^2 for ||u - y||^2), "
            + "else it holds when measured <= bound (1 + \(NumberFormat.short(agreement.relativeTolerance))) + \(NumberFormat.short(agreement.absoluteTolerance)) and is VIOLATED otherwise; "
            + "t_hat <= t_post and t_hat <= t_star are one-sided checks (consistent / inconsistent), exact where a crossing step between checkpoints was located, else on the checkpoint grid (within one checkpoint), "
            + "censored when the bound is never reached or lies beyond the grid, or t_hat is at t = 0."
    }

    /// The tables in reading order. `detail == false` (the human default): one compact table per
    /// theorem (Theorem A per m, Theorem B per (m, k), Theorem C per (m, k, eps), all over seeds
    /// and checkpoints, each with its verdicts), the threshold scaling and the law fits.
    /// `detail == true` adds the per-checkpoint and per-seed rows (the CSV and JSON always carry them).
    public func tables(detail: Bool = false) -> [Table] {
        let kernel = kernelThresholds.isEmpty ? [] : [kernelThresholdSummaryTable] + (detail ? [kernelThresholdTable] : [])
            + [kernelThresholdScalingTable]
        return detail
            ? [theoremACompactTable, theoremATable, theoremBCompactTable, theoremBSummaryTable, theoremBTable,
               theoremCSummaryTable, theoremCTable] + kernel + [thresholdScalingTable, lawFitTable]
            : [theoremACompactTable, theoremBCompactTable, theoremCSummaryTable] + kernel + [thresholdScalingTable, lawFitTable]
    }

    /// eta lambda0 of the run (m, seed) (eta on the sum loss, lambda0 the computed lambda_min(Hinf)):
    /// t eta lambda0 is t in units of 1/(eta lambda0), the theory's time scale.
    func timeScale(samples m: Int, seed: Int) -> Double? {
        theoremA.first { $0.samples == m && $0.seed == seed }.map { $0.eta * $0.lambda0Estimate }
    }

    /// The footnote that ends every table: "verdicts: ..." over its rows.
    static func verdictLine(_ name: String, _ tally: VerdictTally) -> String {
        "verdicts (\(name)): \(tally.summary)"
    }

    var theoremATable: Table {
        let columns: [Table.Column] = [
            .init("m", "m", latex: "$m$"), .init("seed", "seed"), .init("t", "t", latex: "$t$"),
            .init("t_eta_lambda0", "t eta lambda0", latex: "$t\\eta\\lambda_0$"),
            .init("residual", "||u-y||^2", latex: "$\\|u(t)-y\\|^2$"),
            .init("bound", "bound", latex: "$(1-\\eta\\lambda_0/2)^t\\|u(0)-y\\|^2$"),
            .init("extrapolation", "extrapolated (out of scope)", latex: "extrapolated (out of scope)"),
            .init("trivial", "||y||^2", latex: "$\\|y\\|^2$"),
            .init("verdict", "verdict", alignment: .left),
            .init("reason", "why", alignment: .left, human: false),
            .init("measured_rate", "rate", latex: "rate"),
            .init("predicted_rate", "rate bound", latex: "$1-\\eta\\lambda_0/2$"),
            .init("rate_verdict", "rate verdict", alignment: .left),
            .init("width", "N", latex: "$N$"),
            .init("width_required", "N_req", latex: "$N_{\\mathrm{req}}$", human: false),
            .init("width_factor", "N_req/N", latex: "$N_{\\mathrm{req}}/N$"),
            .init("eta", "eta", latex: "$\\eta$", human: false),
            .init("eta_max", "eta_max", latex: "$\\eta_{\\max}$", human: false),
            .init("eta_factor", "eta/eta_max", latex: "$\\eta/\\eta_{\\max}$"),
            .init("lambda0_estimate", "lambda0", latex: "$\\hat\\lambda_0$"),
            .init("lambda0_certified", "lambda0 cert.", latex: "$\\lambda_0$ cert.", human: false),
        ]
        var tally = VerdictTally()
        let rows = theoremA.sorted { ($0.samples, $0.seed, $0.iteration) < ($1.samples, $1.seed, $1.iteration) }.map { r -> [Table.Cell] in
            let v = verdict(r)
            tally.add(v)
            let inScope = r.hypothesesHold
            return [.integer(r.samples), .integer(r.seed), .integer(r.iteration), .number(Double(r.iteration) * r.eta * r.lambda0Estimate),
                    .number(r.residual), inScope ? .number(r.predictedResidual) : .missing, inScope ? .missing : .number(r.predictedResidual),
                    .number(r.trivialResidual.value), .outcome(v), v.reason.map(Table.Cell.text) ?? .missing,
                    .optional(r.measuredRate), .number(r.predictedRate), rateVerdict(r).map(Table.Cell.outcome) ?? .missing,
                    .integer(r.width), .number(r.widthRequired), .number(r.widthFactor), .number(r.eta), .number(r.etaMax),
                    .number(r.etaFactor), .number(r.lambda0Estimate), .number(r.lambda0)]
        }
        return Table(name: "theorem_a", title: "Theorem A: dense convergence, per run and checkpoint",
                     caption: "Measured ||u(t)-y||^2 against (1 - eta lambda0/2)^t ||u(0)-y||^2. The bound is a theorem only when N_req/N <= 1 and eta/eta_max <= 1; otherwise its formula is shown as an extrapolation and the row is out of scope. At t = 0 the bound is the measured value itself (vacuous). rate: measured per-step contraction since the previous checkpoint (geometric mean).",
                     columns: columns, rows: rows, footnotes: [CheckResult.verdictLine("Theorem A", tally)])
    }

    /// Theorem A per m, over seeds and checkpoints.
    var theoremACompactTable: Table {
        let columns: [Table.Column] = [
            .init("m", "m", latex: "$m$"), .init("seeds", "seeds"), .init("rows", "rows"),
            .init("width_factor_max", "N_req/N", latex: "$N_{\\mathrm{req}}/N$"),
            .init("eta_factor_max", "eta/eta_max", latex: "$\\eta/\\eta_{\\max}$"),
            .init("lambda0_mean", "lambda0", latex: "$\\hat\\lambda_0$"),
            .init("eta_lambda0_T", "T eta lambda0", latex: "$T\\eta\\lambda_0$"),
            .init("residual_ratio_T", "||u(T)-y||^2/||y||^2", latex: "$\\|u(T)-y\\|^2/\\|y\\|^2$"),
            .init("verdicts", "verdicts", alignment: .left),
        ]
        var total = VerdictTally()
        let last = checkpoints.last ?? 0
        let rows = Set(theoremA.map(\.samples)).sorted().map { m -> [Table.Cell] in
            let rows = theoremA.filter { $0.samples == m }
            let tally = VerdictTally(rows.map { verdict($0) })
            for r in rows { total.add(verdict(r)) }
            let atEnd = rows.filter { $0.iteration == last && $0.targetNorm2 > 0 }
            return [.integer(m), .integer(Set(rows.map(\.seed)).count), .integer(rows.count),
                    .number(rows.map(\.widthFactor).max()!), .number(rows.map(\.etaFactor).max()!),
                    .number(rows.map(\.lambda0Estimate).reduce(0, +) / Double(rows.count)),
                    .number(Double(last) * rows.map { $0.eta * $0.lambda0Estimate }.reduce(0, +) / Double(rows.count)),
                    atEnd.isEmpty ? .missing : .number(atEnd.map { $0.residual / $0.targetNorm2 }.reduce(0, +) / Double(atEnd.count)),
                    .text(tally.compact)]
        }
        return Table(name: "theorem_a_by_m", title: "Theorem A: dense convergence, per m",
                     caption: "Over seeds and checkpoints: the largest factors by which Theorem A's hypotheses fail (N_req/N, eta/eta_max; <= 1 means in scope), the mean lambda0, the horizon T in units of 1/(eta lambda0), the relative residual at T, and the verdicts of the rows.",
                     columns: columns, rows: rows, footnotes: [CheckResult.verdictLine("Theorem A", total)])
    }

    var theoremBTable: Table {
        let columns: [Table.Column] = [
            .init("m", "m", latex: "$m$"), .init("seed", "seed"), .init("t", "t", latex: "$t$"), .init("k", "k", latex: "$k$"),
            .init("pruned_loss", "l_k(t)", latex: "$\\ell_k(t)$"), .init("dense_loss", "l(t)", latex: "$\\ell(t)$"),
            .init("diameter", "D_t", latex: "$D_t$"), .init("greedy_term", "D^2 H_k/2k", latex: "$D_t^2H_k/(2k)$"),
            .init("bound", "bound"), .init("trivial", "1/2||y||^2", latex: "$\\frac12\\|y\\|^2$"),
            .init("verdict", "verdict", alignment: .left), .init("reason", "why", alignment: .left, human: false),
            .init("slack", "slack", latex: "bound$/\\ell_k$"),
        ]
        var tally = VerdictTally()
        let rows = theoremB.sorted { ($0.samples, $0.seed, $0.iteration, $0.subnetworkSize) < ($1.samples, $1.seed, $1.iteration, $1.subnetworkSize) }
            .map { r -> [Table.Cell] in
                let v = verdict(r)
                tally.add(v)
                return [.integer(r.samples), .integer(r.seed), .integer(r.iteration), .integer(r.subnetworkSize), .number(r.prunedLoss),
                        .number(r.denseLoss), .number(r.diameter), .number(r.greedyTerm), .number(r.bound), .number(r.trivialLoss),
                        .outcome(v), v.reason.map(Table.Cell.text) ?? .missing, .number(r.slack)]
            }
        return Table(name: "theorem_b", title: "Theorem B: greedy subnetworks, per seed",
                     caption: "Pruned loss l_k(t) against l(t) + D_t^2 H_k/(2k), D_t = 2 max_r ||phi_r - u(t)||; vacuous when the bound is not below the zero predictor's loss 1/2 ||y||^2; slack = bound / l_k(t).",
                     columns: columns, rows: rows, footnotes: [CheckResult.verdictLine("Theorem B", tally)])
    }

    var theoremBSummaryTable: Table {
        let columns: [Table.Column] = [
            .init("m", "m", latex: "$m$"), .init("t", "t", latex: "$t$"), .init("k", "k", latex: "$k$"), .init("seeds", "seeds"),
            .init("pruned_loss_mean", "l_k mean", latex: "$\\ell_k$ mean"), .init("pruned_loss_sd", "l_k sd", latex: "$\\ell_k$ sd"),
            .init("pruned_loss_min", "l_k min", latex: "$\\ell_k$ min", human: false), .init("pruned_loss_max", "l_k max", latex: "$\\ell_k$ max", human: false),
            .init("dense_loss_mean", "l(t) mean", latex: "$\\ell(t)$ mean"), .init("greedy_term_mean", "greedy mean", latex: "$D_t^2H_k/(2k)$ mean"),
            .init("bound_mean", "bound mean"), .init("trivial_mean", "1/2||y||^2", latex: "$\\frac12\\|y\\|^2$"),
            .init("slack_min", "slack min"), .init("verdicts", "verdicts", alignment: .left),
        ]
        var total = VerdictTally()
        let rows = theoremBAggregates.map { g -> [Table.Cell] in
            [.integer(g.samples), .integer(g.iteration), .integer(g.subnetworkSize), .integer(g.seeds),
             .number(g.prunedLoss.mean), .optional(g.prunedLoss.standardDeviation), .number(g.prunedLoss.minimum), .number(g.prunedLoss.maximum),
             .number(g.denseLoss.mean), .number(g.greedyTerm.mean), .number(g.bound.mean), .number(g.trivialLoss.mean), .number(g.slack.minimum),
             .text(g.verdicts.compact)]
        }
        for r in theoremB { total.add(verdict(r)) }
        return Table(name: "theorem_b_summary", title: "Theorem B: greedy subnetworks, per (m, t, k) over seeds",
                     caption: "Mean and sample standard deviation over seeds of l_k(t), the bound l(t) + D_t^2 H_k/(2k) and the trivial bound 1/2 ||y||^2; verdicts of the seeds.",
                     columns: columns, rows: rows, footnotes: [CheckResult.verdictLine("Theorem B", total)])
    }

    /// Theorem B per (m, k), over seeds and checkpoints.
    var theoremBCompactTable: Table {
        let columns: [Table.Column] = [
            .init("m", "m", latex: "$m$"), .init("k", "k", latex: "$k$"), .init("rows", "rows"),
            .init("pruned_loss_T", "l_k(T) mean", latex: "$\\ell_k(T)$ mean"),
            .init("bound_T", "bound(T) mean", latex: "bound$(T)$ mean"),
            .init("trivial", "1/2||y||^2", latex: "$\\frac12\\|y\\|^2$"),
            .init("bound_over_trivial_min", "bound/trivial min", latex: "bound$/\\frac12\\|y\\|^2$ min"),
            .init("rising_seeds", "l_k rises", latex: "$\\ell_k$ rises"),
            .init("largest_rise", "largest rise", latex: "largest rise"),
            .init("verdicts", "verdicts", alignment: .left),
        ]
        struct Key: Hashable { let m: Int; let k: Int }
        let groups = Dictionary(grouping: theoremB) { Key(m: $0.samples, k: $0.subnetworkSize) }
        let last = checkpoints.last ?? 0
        var total = VerdictTally()
        let rows = groups.keys.sorted { ($0.m, $0.k) < ($1.m, $1.k) }.map { key -> [Table.Cell] in
            let rows = groups[key]!
            let tally = VerdictTally(rows.map { verdict($0) })
            for r in rows { total.add(verdict(r)) }
            let atEnd = rows.filter { $0.iteration == last }
            func mean(_ xs: [Double]) -> Table.Cell { xs.isEmpty ? .missing : .number(xs.reduce(0, +) / Double(xs.count)) }
            let ratios = rows.filter { $0.trivialLoss > 0 }.map { $0.bound / $0.trivialLoss }
            let rises = Dictionary(grouping: rows, by: \.seed).mapValues { prunedLossRise($0) }
            let rising = rises.values.filter { $0 > 0 }.count
            return [.integer(key.m), .integer(key.k), .integer(rows.count), mean(atEnd.map(\.prunedLoss)), mean(atEnd.map(\.bound)),
                    mean(rows.map(\.trivialLoss)), ratios.min().map(Table.Cell.number) ?? .missing,
                    .fraction(rising, of: rises.count), .number(rises.values.max() ?? 0), .text(tally.compact)]
        }
        return Table(name: "theorem_b_by_m_k", title: "Theorem B: greedy subnetworks, per (m, k)",
                     caption: "Over seeds and checkpoints: the pruned loss and Theorem B's bound l(T) + D_T^2 H_k/(2k) at the last checkpoint T, the zero predictor's loss 1/2 ||y||^2, the smallest ratio of the bound to it (>= 1: vacuous), the seeds whose pruned loss l_k(t) rises between two consecutive checkpoints by more than the agreement tolerance (greedy is re-run at every checkpoint: l_k is not monotone in t, and a first passage below eps is not a 'for every later t'), the largest such rise relative to the earlier value, and the verdicts of the rows.",
                     columns: columns, rows: rows, footnotes: [CheckResult.verdictLine("Theorem B", total)])
    }

    /// The largest rise of one run's pruned loss between consecutive checkpoints, relative to
    /// the earlier value, counting only rises beyond the agreement tolerance (0 when monotone).
    func prunedLossRise(_ run: [TheoremBRow]) -> Double {
        let curve = run.sorted { $0.iteration < $1.iteration }.map(\.prunedLoss)
        var largest = 0.0
        for (earlier, later) in zip(curve, curve.dropFirst())
        where !agreement.check(.bound(measured: later, bound: earlier)) && earlier > 0 {
            largest = max(largest, (later - earlier) / earlier)
        }
        return largest
    }

    var theoremCTable: Table {
        let columns: [Table.Column] = [
            .init("m", "m", latex: "$m$"), .init("seed", "seed"), .init("k", "k", latex: "$k$"), .init("epsilon", "eps", latex: "$\\varepsilon$"),
            .init("t_hat", "t_hat", latex: "$\\hat t$"), .init("t_hat_exact", "t_hat exact", latex: "$\\hat t_c$"),
            .init("t_stay", "t_stay", latex: "$t_{\\mathrm{stay}}$"),
            .init("t_hat_eta_lambda0", "t_hat eta lambda0", latex: "$\\hat t\\eta\\lambda_0$"),
            .init("t_a_posteriori", "t_post", latex: "$t_{\\mathrm{post}}$"),
            .init("t_a_posteriori_exact", "t_post exact", latex: "$t_{\\mathrm{post},c}$"),
            .init("a_posteriori_verdict", "t_hat <= t_post", latex: "$\\hat t\\le t_{\\mathrm{post}}$", alignment: .left),
            .init("a_posteriori_reason", "why (t_post)", alignment: .left, human: false),
            .init("t_star", "t_star", latex: "$t^\\star$"),
            .init("a_priori_verdict", "t_hat <= t_star", latex: "$\\hat t\\le t^\\star$", alignment: .left),
            .init("a_priori_reason", "why (t_star)", alignment: .left, human: false),
            .init("no_t_star_reason", "why no t_star", alignment: .left, human: false),
        ]
        var post = VerdictTally(), prior = VerdictTally()
        let rows = theoremC.sorted { ($0.samples, $0.seed, $0.subnetworkSize, $0.epsilon) < ($1.samples, $1.seed, $1.subnetworkSize, $1.epsilon) }
            .map { r -> [Table.Cell] in
                let a = aPosterioriVerdict(r), b = aPrioriVerdict(r)
                post.add(a)
                prior.add(b)
                let scale = timeScale(samples: r.samples, seed: r.seed)
                var noTStar: Table.Cell = .missing
                if case let .none(text) = r.aPriori { noTStar = .text(text) }
                return [.integer(r.samples), .integer(r.seed), .integer(r.subnetworkSize), .number(r.epsilon),
                        .optional(r.empiricalThreshold), .optional(r.empiricalCrossing), .optional(r.settledThreshold),
                        r.empiricalStep.flatMap { t in scale.map { .number(Double(t) * $0) } } ?? .missing,
                        .optional(r.aPosterioriThreshold), .optional(r.aPosterioriCrossing), .outcome(a), a.reason.map(Table.Cell.text) ?? .missing,
                        CheckResult.iterationCell(r.aPriori.iterations), .outcome(b), b.reason.map(Table.Cell.text) ?? .missing,
                        noTStar]
            }
        return Table(name: "theorem_c", title: "Theorem C: pre-training thresholds, per seed",
                     caption: "t_hat: first checkpoint with l_k(t) <= eps (-- never); t_hat exact: the step t_c <= t_hat found by bisection with l_k(t_c - 1) > eps >= l_k(t_c), in (previous checkpoint, t_hat] unless another bisection found l_k <= eps earlier (-- when t_hat is never reached or at t = 0; a down-crossing, so the first passage is at most t_c); t_stay: first checkpoint from which l_k stays <= eps at every later checkpoint (-- when l_k(T) > eps); t_post: first checkpoint with l(t) + D_t^2 H_k/(2k) <= eps, an upper bound on t_hat by Theorem B, and its exact crossing; t_star: the a priori threshold of Theorem C. Both are one-sided checks t_hat <= bound, at step resolution where an exact crossing exists; t_hat eta lambda0 uses the exact step.",
                     columns: columns, rows: rows,
                     footnotes: CheckResult.reasonFootnotes(theoremC.map { ($0.samples, $0.seed, $0.subnetworkSize, $0.epsilon, $0.aPriori) })
                        + [CheckResult.verdictLine("t_hat <= t_post", post), CheckResult.verdictLine("t_hat <= t_star", prior)])
    }

    var theoremCSummaryTable: Table {
        let columns: [Table.Column] = [
            .init("m", "m", latex: "$m$"), .init("k", "k", latex: "$k$"), .init("epsilon", "eps", latex: "$\\varepsilon$"), .init("seeds", "seeds"),
            .init("reached_count", "reached"),
            .init("t_hat_mean", "t_hat mean", latex: "$\\hat t$ mean"), .init("t_hat_sd", "t_hat sd", latex: "$\\hat t$ sd"),
            .init("t_hat_min", "t_hat min", latex: "$\\hat t$ min"), .init("t_hat_max", "t_hat max", latex: "$\\hat t$ max"),
            .init("t_hat_exact_mean", "t_hat exact mean", latex: "$\\hat t_c$ mean"),
            .init("t_stay_mean", "t_stay mean", latex: "$t_{\\mathrm{stay}}$ mean"), .init("stayed_count", "stayed"),
            .init("t_hat_eta_lambda0_mean", "t_hat eta lambda0", latex: "$\\hat t\\eta\\lambda_0$ mean"),
            .init("t_a_posteriori_mean", "t_post mean", latex: "$t_{\\mathrm{post}}$ mean"),
            .init("a_posteriori_verdicts", "t_hat <= t_post", latex: "$\\hat t\\le t_{\\mathrm{post}}$", alignment: .left),
            .init("t_star_mean", "t_star", latex: "$t^\\star$"),
            .init("a_priori_verdicts", "t_hat <= t_star", latex: "$\\hat t\\le t^\\star$", alignment: .left),
            .init("a_priori_reason", "why no t_star", alignment: .left, human: false),
        ]
        var post = VerdictTally(), prior = VerdictTally()
        for r in theoremC {
            post.add(aPosterioriVerdict(r))
            prior.add(aPrioriVerdict(r))
        }
        let rows = theoremCAggregates.map { g -> [Table.Cell] in
            let scaled = theoremC.filter { $0.samples == g.samples && $0.subnetworkSize == g.subnetworkSize && $0.epsilon == g.epsilon }
                .compactMap { r in r.empiricalStep.flatMap { t in timeScale(samples: r.samples, seed: r.seed).map { Double(t) * $0 } } }
            return [.integer(g.samples), .integer(g.subnetworkSize), .number(g.epsilon), .integer(g.seeds), .fraction(g.reachedCount, of: g.seeds),
                    .optional(g.empiricalThreshold?.mean), .optional(g.empiricalThreshold?.standardDeviation),
                    CheckResult.iterationCell(g.empiricalThreshold?.minimum), CheckResult.iterationCell(g.empiricalThreshold?.maximum),
                    .optional(g.empiricalStep?.mean), .optional(g.settledThreshold?.mean), .fraction(g.settledThreshold?.count ?? 0, of: g.seeds),
                    scaled.isEmpty ? .missing : .number(scaled.reduce(0, +) / Double(scaled.count)),
                    .optional(g.aPosterioriThreshold?.mean), .text(g.aPosterioriVerdicts.compact),
                    g.aPrioriThreshold.map { $0.minimum == $0.maximum ? CheckResult.iterationCell($0.mean) : .number($0.mean) } ?? .missing,
                    .text(g.aPrioriVerdicts.compact), g.aPrioriReason.map(Table.Cell.text) ?? .missing]
        }
        return Table(name: "theorem_c_summary", title: "Theorem C: pre-training thresholds, per (m, k, eps) over seeds",
                     caption: "Thresholds over the seeds that have one (reached: seeds whose pruned loss met eps on the grid; stayed: seeds whose pruned loss stays <= eps from t_stay to T); t_hat exact: the bisection's crossing step between checkpoints where located; t_hat eta lambda0 is that step in units of 1/(eta lambda0); verdicts of the one-sided checks t_hat <= t_post (a posteriori, Theorem B) and t_hat <= t_star (a priori, Theorem C).",
                     columns: columns, rows: rows,
                     footnotes: CheckResult.reasonFootnotes(theoremC.map { ($0.samples, $0.seed, $0.subnetworkSize, $0.epsilon, $0.aPriori) })
                        + [CheckResult.verdictLine("t_hat <= t_post", post), CheckResult.verdictLine("t_hat <= t_star", prior)])
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
                             .optional(fit.rSquared), .integer(fit.count), .integer(fit.excluded), .text(fit.prediction)])
            }
        }
        var notes = lawFits.map { "\($0.title), \($0.formula): \($0.prediction)." }
        notes += self.notes
        notes.append("verdicts (law fits): \(lawFits.count) fitted" + (self.notes.isEmpty ? "" : "; \(self.notes.count) could not be fitted (see the notes)"))
        return Table(name: "law_fits", title: "Fitted laws",
                     caption: "Least-squares fits of ln l_k on ln k with 95% confidence intervals (Student t, n - 2 degrees of freedom); no fit with fewer than 3 distinct k or an exact line; R^2 -- when all values are equal.",
                     columns: columns, rows: rows, footnotes: notes)
    }

    /// t_hat and t_stay against m for every (k, eps): three laws compared on the censored thresholds.
    var thresholdScalingTable: Table {
        ScalingComparison.table(thresholdScalings, name: "threshold_scaling", title: "Thresholds t_hat and t_stay against m: which law the data favour",
                                caption: "Maximum-likelihood fits on the censored thresholds, first passage t_hat and t_stay (from then on below eps) (t_hat with an exact crossing t_c between checkpoints: the exact observation t_c; otherwise seen at checkpoint t_j: in (t_{j-1}, t_j]; never: beyond the last checkpoint), normal errors (log-normal for c m^beta), 3 parameters each; 95% Wald intervals (Student t, n - 3) and seed-bootstrap percentile intervals of beta; dAIC: AIC minus the smallest (>= 2: disfavoured).",
                                verdictName: "threshold scaling")
    }

    /// An iteration count: an integer cell when integral, else a number.
    static func iterationCell(_ t: Double?) -> Table.Cell {
        guard let t else { return .missing }
        if t == t.rounded(), abs(t) < 9.0e15 { return .integer(Int(t)) }
        return .number(t)
    }

    /// Why there is no a priori t_star, one sentence per kind of reason: reasons that differ only
    /// in their numbers (the same failed hypothesis at other m, k, eps or seeds) are one kind; each
    /// kind is shown with its first (m, seed, k, eps) and how many more rows share it (all are in the
    /// CSV and JSON).
    static func reasonFootnotes(_ items: [(Int, Int, Int, Double, TheoremCRow.APriori)]) -> [String] {
        var order: [String] = []
        var first: [String: String] = [:]
        var counts: [String: Int] = [:]
        for (m, seed, k, eps, aPriori) in items.sorted(by: { ($0.0, $0.2, $0.3, $0.1) < ($1.0, $1.2, $1.3, $1.1) }) {
            guard case let .none(reason) = aPriori else { continue }
            // One note per kind of reason: the sentence with every number (1.2e+23, 128, 0.5) as "#".
            let kind = reason.replacing(/[0-9][0-9.]*(e[+-]?[0-9]+)?/, with: "#")
            if first[kind] == nil {
                order.append(kind)
                // The seed is named: N_req and the other numbers of the reason depend on it.
                first[kind] = "m = \(m), seed \(seed), k = \(k), eps = \(NumberFormat.short(eps)): \(reason)"
            }
            counts[kind, default: 0] += 1
        }
        return order.map { kind in
            let more = counts[kind]! - 1
            return first[kind]! + (more > 0 ? " (and \(more) more \(more == 1 ? "row" : "rows") for the same reason; see theorem_c.csv)" : "")
        }
    }
}
