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
        let notes = [kernelDefinitionNote, "The laws of t_dense and t_K against m: table kernel_threshold_scaling.",
                     CheckResult.verdictLine("kernel threshold", tally)]
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

    /// The compact view: one row per (m, eps) over seeds: how many runs reached eps on the grid
    /// (t_dense) and in the prediction (t_K), the means over those, and the verdicts' counts.
    var kernelThresholdSummaryTable: Table {
        let columns: [Table.Column] = [
            .init("m", "m", latex: "$m$"), .init("epsilon", "eps", latex: "$\\varepsilon$"), .init("seeds", "seeds"),
            .init("dense_reached", "t_dense reached"),
            .init("t_dense_mean", "t_dense mean", latex: "$\\hat t_{\\mathrm{dense}}$ mean"),
            .init("kernel_reached", "t_K reached"),
            .init("t_kernel_mean", "t_K mean", latex: "$t_K$ mean"),
            .init("verdicts", "verdicts", alignment: .left),
        ]
        var total = VerdictTally()
        let keys = Set(kernelThresholds.map { KernelKey(m: $0.samples, eps: $0.epsilon) }).sorted()
        let rows = keys.map { key -> [Table.Cell] in
            let group = kernelThresholds.filter { $0.samples == key.m && $0.epsilon == key.eps }
            let tally = VerdictTally(group.map { kernelVerdict($0) })
            for r in group { total.add(kernelVerdict(r)) }
            let dense = group.compactMap(\.denseThreshold).map(Double.init)
            let kernel = group.compactMap(\.kernelSteps)
            func mean(_ x: [Double]) -> Table.Cell { x.isEmpty ? .missing : .number(x.reduce(0, +) / Double(x.count)) }
            return [.integer(key.m), .number(key.eps), .integer(group.count), .text("\(dense.count)/\(group.count)"), mean(dense),
                    .text("\(kernel.count)/\(group.count)"), mean(kernel), .text(tally.compact)]
        }
        return Table(name: "kernel_threshold_summary", title: "Dense threshold against the kernel prediction t_K, per (m, eps) over seeds",
                     caption: "The measured dense threshold t_dense beside the kernel-regime prediction t_K (THEORY.md section 9), means over the runs that reach eps; the per-run rows and verdicts are in kernel_threshold.",
                     columns: columns, rows: rows,
                     footnotes: [kernelDefinitionNote, "The laws of t_dense and t_K against m: table kernel_threshold_scaling.",
                                 CheckResult.verdictLine("kernel threshold", total)])
    }

    /// How t_dense and t_K are defined, one footnote.
    var kernelDefinitionNote: String {
        "t_dense: first checkpoint with the dense loss l(u(t)) <= eps; t_K: first t with 1/2 ||(I - eta Hinf)^t y||^2 <= eps (a priori e(0) = -y, eta on the sum loss, Hinf of the run's training set, eps in the sum convention), exact; t_K on grid: the first checkpoint at or after it."
    }

    private struct KernelKey: Hashable, Comparable {
        let m: Int
        let eps: Double
        static func < (a: KernelKey, b: KernelKey) -> Bool { (a.m, a.eps) < (b.m, b.eps) }
    }
}
