import Bounds

extension CheckResult {
    /// One row per (m, seed, eps): the measured dense threshold t_dense, the kernel-predicted t_K
    /// (exact, and moved to the grid), and their verdict; footnotes: the definitions and the
    /// verdict line.
    var kernelThresholdTable: Table {
        let columns: [Table.Column] = [
            .init("m", "m", latex: "$m$"), .init("seed", "seed"), .init("epsilon", "eps", latex: "$\\varepsilon$"),
            .init("t_dense", "t_dense", latex: "$\\hat t_{\\mathrm{dense}}$"),
            .init("t_kernel", "t_K", latex: "$t_K$"),
            .init("t_kernel_grid", "t_K on grid", latex: "$t_K$ on grid"),
            .init("verdict", "verdict", alignment: .left),
            .init("reason", "why", alignment: .left, human: false),
        ]
        var tally = VerdictTally()
        let sorted = kernelThresholds.sorted { ($0.samples, $0.seed, $0.epsilon) < ($1.samples, $1.seed, $1.epsilon) }
        let rows = sorted.map { r -> [Table.Cell] in
            let v = kernelVerdict(r)
            tally.add(v)
            let kernel: Table.Cell, onGrid: Table.Cell
            switch r.kernelThreshold {
            case let .step(t):
                kernel = CheckResult.iterationCell(t)
                onGrid = CheckResult.kernelGridStep(t, checkpoints: checkpoints).map(Table.Cell.integer) ?? .text("beyond")
            case let .never(limitLoss):
                kernel = .text("never (limit \(NumberFormat.short(limitLoss)))")
                onGrid = .missing
            case .diverges:
                kernel = .text("diverges")
                onGrid = .missing
            }
            return [.integer(r.samples), .integer(r.seed), .number(r.epsilon), r.denseThreshold.map(Table.Cell.integer) ?? .text("never"),
                    kernel, onGrid, .outcome(v), v.reason.map(Table.Cell.text) ?? .missing]
        }
        var notes = [
            "t_dense: first checkpoint with the dense loss l(u(t)) <= eps; t_K: first t with 1/2 ||(I - eta Hinf)^t y||^2 <= eps (a priori e(0) = -y, eta on the sum loss, Hinf of the run's training set, eps in the sum convention), exact; t_K on grid: the first checkpoint at or after it.",
        ]
        notes.append("The laws of t_dense and t_K against m: table kernel_threshold_scaling.")
        notes.append(CheckResult.verdictLine("kernel threshold", tally))
        return Table(name: "kernel_threshold", title: "Dense threshold against the kernel prediction t_K",
                     caption: "The measured dense threshold t_dense beside the kernel-regime prediction t_K (THEORY.md section 9) per run and target; agrees when within the grid tolerance on the checkpoint grid, censored when either side is not observed inside the grid.",
                     columns: columns, rows: rows, footnotes: notes)
    }

    /// t_dense against m beside t_K against m for every eps: the law the kernel theory predicts
    /// next to the law the measured dense thresholds favour, with the comparison sentences.
    var kernelThresholdScalingTable: Table {
        let table = ScalingComparison.table(
            kernelThresholdScalings, name: "kernel_threshold_scaling",
            title: "Dense threshold t_dense and the kernel prediction t_K against m: the measured law beside the predicted one",
            caption: "Maximum-likelihood fits of t_dense (censored on the checkpoint grid) and of t_K (exact; never reached: beyond the last checkpoint) against m, normal errors (log-normal for c m^beta), 3 parameters each; 95% Wald intervals and seed-bootstrap percentile intervals of beta; dAIC: AIC minus the smallest.",
            verdictName: "kernel threshold scaling")
        return Table(name: table.name, title: table.title, caption: table.caption, columns: table.columns, rows: table.rows,
                     footnotes: table.footnotes + kernelLawComparisons)
    }
}
