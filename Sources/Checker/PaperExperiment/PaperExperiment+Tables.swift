extension PaperExperimentResult {
    /// The tables, in this order: `paper_plateau_fit` (the answer), `paper_plateau`
    /// (t_plateau per k, m, seed), `paper_pruned` (per m, t, k, seed means).
    public var tables: [Table] { [plateauFitTable, plateauTable, prunedTable] }

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
        return rule + "; \">= T\" marks a curve that reached it only at T (censored, left out of the fits)."
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
        return Table(name: "paper_plateau", title: "Plateau iteration of the test accuracy",
                     caption: "Per subnetwork size k, training-set size m and seed. " + plateauSentence,
                     columns: columns, rows: rows, footnotes: [])
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
                     columns: columns, rows: rows, footnotes: [setupSentence])
    }
}
