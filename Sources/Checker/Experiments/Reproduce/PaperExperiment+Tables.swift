extension PaperExperimentResult {
    /// The tables, in this order: `paper_plateau_scaling` (the answer: which law the plateaus
    /// favour, censoring in the likelihood), `paper_plateau_fit` (least squares on ln m over the
    /// uncensored plateaus, drawn in the figure), `paper_plateau` (t_plateau per k, m, seed),
    /// `paper_greedy_monotonicity` (does the greedy training loss fall in t),
    /// `paper_pruned` (per m, t, k, seed means).
    public var tables: [Table] { [plateauScalingTable, plateauFitTable, plateauTable, greedyMonotonicityTable, prunedTable] }

    /// Which law the plateaus favour against m.
    public var plateauScalingTable: Table {
        ScalingComparison.table(plateauScalings, name: "paper_plateau_scaling", title: "Plateau iteration against m: which law the data favour",
                                caption: "Maximum-likelihood fits of t_plateau = alpha + beta ln m, alpha + beta m and c m^beta on the censored plateaus (a plateau at checkpoint t_j lies in (t_{j-1}, t_j]; at the last checkpoint: beyond t_{J-1}; at t = 0: left out), normal errors (log-normal for c m^beta); 95% Wald intervals (Student t, n - 3) and seed-bootstrap percentile intervals of beta; dAIC: AIC minus the smallest (>= 2: disfavoured). Curves: the greedy subnetwork's training loss (stays within the tolerance, relative, of its value at T) and the test accuracies. " + plateauSentence,
                                verdictName: "plateau scaling")
    }

    /// Whether the greedy training loss falls in t, per k over the (m, seed) runs.
    public var greedyMonotonicityTable: Table {
        let columns = [
            Table.Column("k", "k", latex: "$k$"),
            Table.Column("runs", "runs"),
            Table.Column("rising_runs", "runs with a rise"),
            Table.Column("largest_rise", "largest rise"),
            Table.Column("largest_rise_m", "at m", latex: "at $m$"),
            Table.Column("largest_rise_seed", "seed"),
        ]
        let rows = plateaus
        var rising = 0
        let table: [[Table.Cell]] = configuration.subnetworkSizes.sorted().map { k in
            let runs = rows.filter { $0.subnetworkSize == k }
            let up = runs.filter { $0.greedyLossRise > 0 }
            rising += up.count
            let worst = runs.max { $0.greedyLossRise < $1.greedyLossRise }
            return [.integer(k), .integer(runs.count), .fraction(up.count, of: runs.count), .number(worst?.greedyLossRise ?? 0),
                    worst.map { $0.greedyLossRise > 0 ? .integer($0.samples) : .missing } ?? .missing,
                    worst.map { $0.greedyLossRise > 0 ? .text(String($0.seed)) : .missing } ?? .missing]
        }
        return Table(name: "paper_greedy_monotonicity", title: "Is the greedy training loss monotone in t?",
                     caption: "The greedy objective l_k(t) (squared loss on the training labels) at consecutive checkpoints: runs (m, seed) where it rises by more than 1e-9 relative, and the largest rise relative to the earlier value. Where it rises, a first passage below a target is not 'for every later t'.",
                     columns: columns, rows: table,
                     footnotes: ["verdicts (greedy monotonicity): \(rising) of \(rows.count) runs have a rise of the greedy training loss between consecutive checkpoints"])
    }

    /// One sentence on the configuration, for captions and headers.
    public var setupSentence: String {
        let c = configuration
        return "Two-layer MLP, N = \(c.width), SGD (learning rate \(NumberFormat.short(c.learningRate)), momentum \(NumberFormat.short(c.momentum)), batch \(c.batchSize)) on the mean \(c.objective == "squared" ? "squared loss (one-hot targets)" : "cross-entropy") for T = \(c.iterations) iterations; greedy forward selection (analyzed: with replacement, 1/k averaging, exact scoring, ties to the lowest index) fitting \(c.greedyTarget == "labels" ? "the one-hot labels" : "the dense network's outputs") by the squared loss; fine-tune: \(c.fineTuneSteps == 0 ? "none" : "\(c.fineTuneSteps) SGD iterations on both layers of the pruned network (learning rate \(NumberFormat.short(c.fineTuneLearningRate)), momentum \(NumberFormat.short(c.fineTuneMomentum)), batch \(c.fineTuneBatchSize))"); seeds \(c.seeds.map(String.init).joined(separator: ", "))."
    }

    /// The plateau rule in one sentence.
    public var plateauSentence: String {
        let tau = NumberFormat.short(100 * configuration.plateauTolerance)
        let rule = configuration.plateauRuleValue == .peak
            ? "t_plateau is the first checkpoint whose test accuracy is within \(tau) percentage points of the curve's best"
            : "t_plateau is the first checkpoint after which the test accuracy stays within \(tau) percentage points of its value at T = \(configuration.iterations)"
        return rule + "; \">= T\" marks a curve that reached it only at T (censored: right-censored in the law comparison, left out of the least-squares fit)."
    }

    /// The fits t_plateau = alpha + beta ln m.
    public var plateauFitTable: Table {
        let columns = [
            Table.Column("curve", "curve", alignment: .left),
            Table.Column("k", "k", latex: "$k$"),
            Table.Column("points", "points"),
            Table.Column("censored", "censored"),
            Table.Column("alpha", "alpha", latex: "$\\alpha$"),
            Table.Column("alpha_lower", "alpha 95% low", latex: "$\\alpha$ low"),
            Table.Column("alpha_upper", "alpha 95% high", latex: "$\\alpha$ high"),
            Table.Column("beta", "beta", latex: "$\\beta$"),
            Table.Column("beta_lower", "beta 95% low", latex: "$\\beta$ low"),
            Table.Column("beta_upper", "beta 95% high", latex: "$\\beta$ high"),
            Table.Column("r_squared", "R^2", latex: "$R^2$"),
            Table.Column("plateau_vs_m", "t_plateau vs m", alignment: .left),
            Table.Column("note", "note", alignment: .left, human: false),
        ]
        let rows: [[Table.Cell]] = plateauFits.map { fit in
            [.text(fit.curve.rawValue), .optional(fit.subnetworkSize), .integer(fit.count), .integer(fit.excluded),
             .optional(fit.alpha?.value), .optional(fit.alpha?.lower), .optional(fit.alpha?.upper),
             .optional(fit.beta?.value), .optional(fit.beta?.lower), .optional(fit.beta?.upper),
             .optional(fit.rSquared), .text(fit.verdict), fit.note.map(Table.Cell.text) ?? .missing]
        }
        var footnotes = ["Least squares over the uncensored (m, seed) plateaus of each curve; intervals are estimate -+ t(0.975, n - 2) standard errors. \"grows\": the whole 95% interval of beta is > 0; \"no evidence\": it contains 0."]
        for fit in plateauFits where fit.note != nil {
            footnotes.append("\(fit.curve.rawValue)\(fit.subnetworkSize.map { " k = \($0)" } ?? ""): no fit, \(fit.note!).")
        }
        var verdicts: [String] = []
        for fit in plateauFits where !verdicts.contains(fit.verdict) { verdicts.append(fit.verdict) }
        footnotes.append("verdicts (plateau fit, least squares on ln m, \(plateauFits.count) curves): "
                         + verdicts.map { v in "\(plateauFits.filter { $0.verdict == v }.count) \(v == "--" ? "no fit" : v)" }.joined(separator: ", ")
                         + "; the censored comparison (paper_plateau_scaling) is the verdict on the law")
        return Table(name: "paper_plateau_fit", title: "Plateau iteration against ln m",
                     caption: "Fits t_plateau = alpha + beta ln m of the test-accuracy plateau of the pruned, fine-tuned and dense networks. " + plateauSentence,
                     columns: columns, rows: rows, footnotes: footnotes)
    }

    /// t_plateau per (k, m, seed).
    public var plateauTable: Table {
        let tuned = configuration.fineTuneSteps > 0
        var columns = [
            Table.Column("k", "k", latex: "$k$"),
            Table.Column("m", "m", latex: "$m$"),
            Table.Column("seed", "seed"),
            Table.Column("pruned_plateau", "pruned t_plateau", latex: "pruned $t_{\\mathrm{plateau}}$"),
            Table.Column("pruned_censored", "pruned censored", human: false),
            Table.Column("pruned_final_test_accuracy", "pruned test acc at T"),
            Table.Column("pruned_peak_test_accuracy", "pruned best test acc"),
        ]
        if tuned {
            columns += [
                Table.Column("fine_tuned_plateau", "fine-tuned t_plateau", latex: "fine-tuned $t_{\\mathrm{plateau}}$"),
                Table.Column("fine_tuned_censored", "fine-tuned censored", human: false),
                Table.Column("fine_tuned_final_test_accuracy", "fine-tuned test acc at T"),
            ]
        }
        columns += [
            Table.Column("dense_plateau", "dense t_plateau", latex: "dense $t_{\\mathrm{plateau}}$"),
            Table.Column("dense_censored", "dense censored", human: false),
            Table.Column("dense_final_test_accuracy", "dense test acc at T"),
        ]
        func plateau(_ e: PlateauEstimate) -> Table.Cell { e.isCensored ? .text(">= \(e.iteration)") : .integer(e.iteration) }
        let rows: [[Table.Cell]] = plateaus.map { row in
            var cells: [Table.Cell] = [.integer(row.subnetworkSize), .integer(row.samples), .text(String(row.seed)),
                                       plateau(row.pruned), .verdict(row.pruned.isCensored), .number(row.pruned.finalAccuracy),
                                       .number(row.pruned.peakAccuracy)]
            if tuned {
                if let f = row.fineTuned {
                    cells += [plateau(f), .verdict(f.isCensored), .number(f.finalAccuracy)]
                } else {
                    cells += [.missing, .missing, .missing]
                }
            }
            cells += [plateau(row.dense), .verdict(row.dense.isCensored), .number(row.dense.finalAccuracy)]
            return cells
        }
        func censoring(_ name: String, _ estimates: [PlateauEstimate]) -> String {
            "\(name) \(estimates.filter { !$0.isCensored }.count) observed, \(estimates.filter(\.isCensored).count) censored (settled only at T)"
        }
        var parts = [censoring("pruned", plateaus.map(\.pruned))]
        if tuned { parts.append(censoring("fine-tuned", plateaus.compactMap(\.fineTuned))) }
        parts.append(censoring("dense", plateaus.map(\.dense)))
        let verdict = "verdicts (plateaus, \(plateaus.count) (k, m, seed) rows): " + parts.joined(separator: "; ")
        return Table(name: "paper_plateau", title: "Plateau iteration of the test accuracy",
                     caption: "Per subnetwork size k, training-set size m and seed. " + plateauSentence,
                     columns: columns, rows: rows, footnotes: [verdict])
    }

    /// Seed means per (m, t, k).
    public var prunedTable: Table {
        var columns = [
            Table.Column("m", "m", latex: "$m$"),
            Table.Column("t", "t", latex: "$t$"),
            Table.Column("k", "k", latex: "$k$"),
            Table.Column("seeds", "seeds", human: false),
            Table.Column("distinct_neurons", "distinct neurons", human: false),
            Table.Column("dense_train_accuracy", "dense train acc", human: false),
            Table.Column("dense_test_accuracy", "dense test acc"),
            Table.Column("dense_train_cross_entropy", "dense train CE", human: false),
            Table.Column("dense_test_cross_entropy", "dense test CE", human: false),
            Table.Column("greedy_objective", "greedy sq loss", latex: "greedy $\\ell/m$"),
            Table.Column("pruned_train_accuracy", "pruned train acc"),
            Table.Column("pruned_test_accuracy", "pruned test acc"),
            Table.Column("pruned_train_cross_entropy", "pruned train CE", human: false),
            Table.Column("pruned_test_cross_entropy", "pruned test CE"),
            Table.Column("pruned_train_squared_loss", "pruned train sq", human: false),
            Table.Column("pruned_test_squared_loss", "pruned test sq"),
        ]
        let tuned = configuration.fineTuneSteps > 0
        if tuned {
            columns += [
                Table.Column("fine_tuned_train_accuracy", "tuned train acc", human: false),
                Table.Column("fine_tuned_test_accuracy", "tuned test acc"),
                Table.Column("fine_tuned_train_cross_entropy", "tuned train CE", human: false),
                Table.Column("fine_tuned_test_cross_entropy", "tuned test CE"),
                Table.Column("fine_tuned_train_squared_loss", "tuned train sq", human: false),
                Table.Column("fine_tuned_test_squared_loss", "tuned test sq", human: false),
            ]
        }
        let rows: [[Table.Cell]] = meanRows.map { r in
            var cells: [Table.Cell] = [
                .integer(r.samples), .integer(r.iteration), .integer(r.subnetworkSize), .integer(r.seeds),
                .number(r.meanDistinctNeurons), .number(r.dense.trainAccuracy), .number(r.dense.testAccuracy),
                .number(r.dense.trainCrossEntropy), .number(r.dense.testCrossEntropy), .number(r.greedyObjective),
                .number(r.pruned.trainAccuracy), .number(r.pruned.testAccuracy), .number(r.pruned.trainCrossEntropy),
                .number(r.pruned.testCrossEntropy), .number(r.pruned.trainSquaredLoss), .number(r.pruned.testSquaredLoss),
            ]
            if tuned {
                if let f = r.fineTuned {
                    cells += [.number(f.trainAccuracy), .number(f.testAccuracy), .number(f.trainCrossEntropy),
                              .number(f.testCrossEntropy), .number(f.trainSquaredLoss), .number(f.testSquaredLoss)]
                } else {
                    cells += Array(repeating: .missing, count: 6)
                }
            }
            return cells
        }
        return Table(name: "paper_pruned", title: "Pruned network against pre-training iterations",
                     caption: "Means over seeds at every training-set size m, checkpoint t and subnetwork size k. Accuracies are fractions; CE is the mean cross-entropy; sq is the mean squared loss 1/2 ||u - e_y||^2 against the one-hot labels; greedy sq loss is the objective greedy minimised (per sample) on the training set.",
                     columns: columns, rows: rows,
                     footnotes: [setupSentence, "verdicts (pruned): none in this table: it holds the measurements (seed means per m, t, k) that paper_plateau and paper_plateau_scaling judge"])
    }
}
