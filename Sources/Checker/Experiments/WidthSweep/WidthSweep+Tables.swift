import Bounds
import Foundation

extension WidthSweep {
    /// Where a property starts to hold across the sweep's widths.
    public enum EmpiricalWidth: Sendable, Equatable {
        /// It holds for every seed at this width and every larger width of the sweep, and fails at the next smaller one.
        case from(Int)
        /// It holds already at the smallest width (the true threshold may be lower): censored.
        case atMost(Int)
        /// It fails for some seed at the largest width: censored.
        case beyond(Int)

        public var text: String {
            switch self {
            case let .from(n): return "\(n)"
            case let .atMost(n): return "<= \(n) (censored)"
            case let .beyond(n): return "> \(n) (censored)"
            }
        }

        /// The smallest N_i of the sorted `widths` with `holds(N_j)` for every j >= i.
        public static func of(widths: [Int], holds: (Int) -> Bool) -> EmpiricalWidth {
            var first = widths.count
            for index in widths.indices.reversed() {
                if holds(widths[index]) { first = index } else { break }
            }
            if first == widths.count { return .beyond(widths[widths.count - 1]) }
            return first == 0 ? .atMost(widths[0]) : .from(widths[first])
        }
    }

    /// log delta(T) = a + b log N over every (N, seed) with delta(T) > 0, and its 95% interval.
    public func deviationSlope() throws -> (slope: Double, low: Double, high: Double, points: Int) {
        var x: [Double] = [], y: [Double] = []
        for run in runs {
            guard let d = run.kernelRow.relativeDeviation, d > 0 else { continue }
            x.append(log(Double(run.width)))
            y.append(log(d))
        }
        let fit = try LinearRegression(x: x, y: y, name: "log delta(T) against log N")
        let half = try fit.quantile(level: 0.95) * fit.slopeStandardError
        return (fit.slope, fit.slope - half, fit.slope + half, x.count)
    }

    /// N_lin(tau): the empirical width from which delta(T) <= tau for every seed.
    public var linearizationWidth: EmpiricalWidth {
        EmpiricalWidth.of(widths: configuration.sortedWidths) { n in
            runs(width: n).allSatisfy { ($0.kernelRow.relativeDeviation ?? .infinity) <= configuration.tau }
        }
    }

    /// The kernel agreement verdict (THEORY.md section 9): **agrees** when delta(T) <= tau for every
    /// seed at the largest width and the slope's 95% interval contains -1/2; otherwise **disagrees**
    /// (with the reason).
    public func kernelVerdict() -> (word: String, reason: String) {
        let largest = configuration.sortedWidths.last!
        let within = runs(width: largest).allSatisfy { ($0.kernelRow.relativeDeviation ?? .infinity) <= configuration.tau }
        guard let fit = try? deviationSlope() else {
            return ("disagrees", "the slope cannot be fitted (fewer than 3 runs with delta(T) > 0)")
        }
        let contains = fit.low <= -0.5 && -0.5 <= fit.high
        var reasons: [String] = []
        if !within { reasons.append("delta(T) > tau = \(NumberFormat.short(configuration.tau)) at N = \(largest)") }
        if !contains { reasons.append("the slope interval [\(NumberFormat.short(fit.low)), \(NumberFormat.short(fit.high))] excludes -1/2") }
        return reasons.isEmpty ? ("agrees", "delta(T) <= tau at N = \(largest) and the slope interval contains -1/2")
                               : ("disagrees", reasons.joined(separator: "; "))
    }

    /// All tables of the sweep: kernel agreement, pruned-network comparators, hypothesis ledger.
    public func tables() -> [Table] { [kernelTable(), prunedTable(), ledgerTable()] }

    private var m: Double { Double(samples) }

    private static func range(_ values: [Double]) -> Table.Cell {
        guard let lo = values.min(), let hi = values.max() else { return .missing }
        return .text(lo == hi ? NumberFormat.short(lo) : "\(NumberFormat.short(lo))-\(NumberFormat.short(hi))")
    }

    private static func mean(_ values: [Double]) -> Table.Cell {
        values.isEmpty ? .missing : .number(values.reduce(0, +) / Double(values.count))
    }

    /// One row per width: delta(T) (mean and range over seeds), ||e(T)||^2 / m measured and
    /// predicted, and how many seeds have delta(T) <= tau.
    public func kernelTable() -> Table {
        let columns = [
            Table.Column("width", "N", latex: "$N$"),
            Table.Column("seeds", "seeds"),
            Table.Column("delta_mean", "delta(T) mean", latex: "$\\delta(T)$ mean"),
            Table.Column("delta_range", "delta(T) range", latex: "$\\delta(T)$ range"),
            Table.Column("residual_norm2_per_sample", "||e(T)||^2/m", latex: "$\\|e(T)\\|^2/m$"),
            Table.Column("predicted_residual_norm2_per_sample", "||e_K(T)||^2/m", latex: "$\\|e_K(T)\\|^2/m$"),
            Table.Column("within_tau", "delta(T) <= tau", latex: "$\\delta(T)\\le\\tau$"),
            Table.Column("measured_threshold", "t_hat(eps)", latex: "$\\hat t(\\varepsilon)$"),
            Table.Column("threshold_verdict", "t_K vs t_hat", latex: "$t_K$ vs $\\hat t$"),
        ]
        var rows: [[Table.Cell]] = []
        for n in configuration.sortedWidths {
            let group = runs(width: n)
            let deltas = group.compactMap { $0.kernelRow.relativeDeviation }
            let predicted = group.compactMap { $0.kernelRow.predictedResidualNorm2 }
            rows.append([.integer(n), .integer(group.count), Self.mean(deltas), Self.range(deltas),
                         Self.mean(group.map { $0.kernelRow.residualNorm2 / m }),
                         predicted.count == group.count ? Self.mean(predicted.map { $0 / m }) : .text("diverges"),
                         .fraction(deltas.filter { $0 <= configuration.tau }.count, of: group.count),
                         .text(group.map { $0.measuredThreshold.map(String.init) ?? "never" }.joined(separator: ", ")),
                         Self.verdictCell(group.map { Self.thresholdVerdict(measured: $0.measuredThreshold, predicted: kernelThreshold,
                                                                             checkpoints: $0.checkpointSteps) },
                                          order: ["disagrees", "agrees", "censored", "diverges"])])
        }
        var notes = [
            "e_K(T) = (I - eta H)^T e(0) with H = \(configuration.kernel.symbol), eta = \(NumberFormat.short(eta)) on the sum loss, T = \(configuration.steps), m = \(samples); delta(T) = ||e(T) - e_K(T)|| / ||e(0)||.",
        ]
        if let fit = try? deviationSlope() {
            notes.append("log delta(T) against log N over \(fit.points) runs: slope \(NumberFormat.short(fit.slope)), 95% interval [\(NumberFormat.short(fit.low)), \(NumberFormat.short(fit.high))] (Lee et al. 2019 predict -1/2).")
        } else {
            notes.append("The slope of log delta(T) against log N cannot be fitted: fewer than 3 runs with delta(T) > 0.")
        }
        let tK: String
        switch kernelThreshold {
        case let .step(t): tK = "\(Int(t))"
        case let .never(limit): tK = "never (the null space of Hinf keeps l/m >= \(NumberFormat.short(limit / m)))"
        case .diverges: tK = "none (eta lambda_max(Hinf) >= 2: the prediction diverges)"
        }
        notes.append("t_K(eps) = \(tK): the first t with 1/2 ||e_K(t)||^2 / m <= eps = \(NumberFormat.short(configuration.epsilon)), H = Hinf, a priori e(0) = -y; t_hat(eps) = the first checkpoint with l(u(t))/m <= eps. Censored when either is not reached on the grid, or reached only at the first or last checkpoint; otherwise agrees when within 1 checkpoint of the grid.")
        let verdict = kernelVerdict()
        notes.append("Kernel agreement (tau = \(NumberFormat.short(configuration.tau))): \(verdict.word) (\(verdict.reason)). N_lin(tau) = \(linearizationWidth.text).")
        return Table(name: "width_sweep_kernel", title: "Kernel-regime agreement across widths",
                     caption: "delta(T) of the dense run against its kernel prediction, by width N (squared residuals per sample).",
                     columns: columns, rows: rows, footnotes: notes)
    }

    /// The verdict of one loss bound b on a measured loss x (THEORY.md section 7; always in scope):
    /// vacuous when b >= 1/2 ||y||^2, else holds when x <= b (relative tolerance 1e-9), else VIOLATED.
    static func boundVerdict(measured x: Double, bound b: Double, trivial: Double) -> String {
        if b >= trivial { return "vacuous" }
        return x <= b * (1 + 1e-9) ? "holds" : "VIOLATED"
    }

    /// The verdict of t_K against t_hat on one run's checkpoint grid (THEORY.md section 7):
    /// "diverges" when there is no prediction; "censored" when either side is never reached on the
    /// grid or is reached only at the first or the last checkpoint (t_K is first moved to the first
    /// checkpoint at or after it); otherwise "agrees" within 1 grid step (`Agreement.standard`),
    /// else "disagrees".
    public static func thresholdVerdict(measured: Int?, predicted: KernelPrediction.ReachTime, checkpoints: [Int]) -> String {
        let grid = Array(Set(checkpoints)).sorted()
        guard let first = grid.first, let last = grid.last else { return "censored" }
        let predictedStep: Int?
        switch predicted {
        case .diverges: return "diverges"
        case .never: predictedStep = nil
        case let .step(t): predictedStep = grid.first { Double($0) >= t }
        }
        guard let measured, let predictedStep,
              measured != first, measured != last, predictedStep != first, predictedStep != last else { return "censored" }
        return Agreement.standard.check(.threshold(measured: measured, predicted: predictedStep, checkpoints: grid)) ? "agrees" : "disagrees"
    }

    private static func verdictCell(_ words: [String], order: [String] = ["VIOLATED", "holds", "vacuous"]) -> Table.Cell {
        let parts = order.compactMap { word -> String? in
            let count = words.filter { $0 == word }.count
            return count == 0 ? nil : (count == words.count ? word : "\(word) \(count)/\(words.count)")
        }
        return .text(parts.joined(separator: ", "))
    }

    /// One row per width (means over seeds, losses per sample l/m): the dense loss, greedy at k,
    /// the variance bound, Theorem B's a posteriori bound with D <= 2 rho, the exact random
    /// expectation and its Monte-Carlo estimate, l_star (lower end of its certified bracket).
    public func prunedTable() -> Table {
        let k = configuration.subnetSize
        let columns = [
            Table.Column("width", "N", latex: "$N$"),
            Table.Column("dense_loss", "l(u)/m", latex: "$l(u)/m$"),
            Table.Column("greedy_loss", "greedy l_k/m", latex: "greedy $l_k/m$"),
            Table.Column("variance_bound", "variance bound/m", latex: "$l(u)+\\sigma^2H_k/(2k)$, $/m$"),
            Table.Column("variance_verdict", "verdict", alignment: .left),
            Table.Column("diameter_bound", "(2 rho) bound/m", latex: "$l(u)+(2\\rho)^2H_k/(2k)$, $/m$"),
            Table.Column("random_expectation", "E random/m", latex: "$\\mathrm{E}\\,l_k^{\\mathrm{rand}}/m$"),
            Table.Column("random_monte_carlo", "MC random/m", latex: "Monte Carlo $/m$", alignment: .left),
            Table.Column("hull_loss", "l*/m", latex: "$l^*/m$"),
            Table.Column("exact_diameter", "D", latex: "$D$"),
            Table.Column("rate_exponent", "greedy rate p", latex: "greedy rate $p$"),
            Table.Column("greedy_beats_random", "greedy < E random", latex: "greedy $<\\mathrm{E}$ random"),
        ]
        var rows: [[Table.Cell]] = []
        for n in configuration.sortedWidths {
            let group = runs(width: n)
            let verdicts = group.map { Self.boundVerdict(measured: $0.greedyLoss, bound: $0.varianceBound, trivial: $0.trivialLoss) }
            let mc = group.map { $0.randomMean / m }, hw = group.map { $0.randomHalfWidth / m }
            let mcText = NumberFormat.short(mc.reduce(0, +) / Double(mc.count)) + " +- " + NumberFormat.short(hw.max() ?? 0)
            let hulls = group.compactMap(\.hull)
            let hullCell: Table.Cell
            if hulls.count < group.count {
                hullCell = .missing
            } else if hulls.allSatisfy(\.converged) {
                hullCell = Self.mean(hulls.map { $0.lowerBound / m })
            } else {
                let low = hulls.map { $0.lowerBound / m }.reduce(0, +) / Double(hulls.count)
                let high = hulls.map { $0.upperBound / m }.reduce(0, +) / Double(hulls.count)
                hullCell = .text("[\(NumberFormat.short(low)), \(NumberFormat.short(high))]")
            }
            let diameters = group.compactMap(\.exactDiameter)
            rows.append([.integer(n), Self.mean(group.map { $0.denseLoss / m }), Self.mean(group.map { $0.greedyLoss / m }),
                         Self.mean(group.map { $0.varianceBound / m }), Self.verdictCell(verdicts),
                         Self.mean(group.map { $0.diameterBound / m }), Self.mean(group.map { $0.randomExpectation / m }),
                         .text(mcText), hullCell,
                         diameters.count == group.count ? Self.mean(diameters) : .missing,
                         Self.rateCell(group.compactMap(\.rateFit), of: group.count),
                         .fraction(group.filter { $0.greedyLoss < $0.randomExpectation }.count, of: group.count)])
        }
        let trivial = (runs.first?.trivialLoss ?? 0) / m
        let notes = [
            "Losses per sample (l/m, l = 1/2 ||v - y||^2), means over \(configuration.seeds.count) seed(s), at T = \(configuration.steps), k = \(k); trivial value 1/2 ||y||^2 / m = \(NumberFormat.short(trivial)) (a bound not below it is vacuous).",
            "Variance bound: l_k <= l(u) + sigma^2 H_k/(2k), sigma^2 = mean_r ||phi_r - u||^2; random: E l_k^rand = l(u) + sigma^2/(2k) exactly, Monte Carlo over \(configuration.randomDraws) draws with the largest 95% half-width.",
            "l* = min over the convex hull of the phi_r by pairwise Frank-Wolfe: one number when the duality gap met its tolerance (1e-6 * 1/2 ||y||^2), else the certified bracket [lower, upper] after 5000 iterations; l* and the exact D only for N <= \(configuration.exactLimit) (cost iterations * N m and N^2 m), -- above.",
            "Greedy rate p: l_j - l* ~ j^(-p) fitted over j = ceil(k/4)..k (l* = lower end of its bracket), mean p over seeds and the union of the 95% intervals, with the rates the interval contains: 1 (Theorem B, up to H_k) and 2 (Ye et al. 2020, target inside the hull with a margin). Target in the hull (l* <= 1e-6 * 1/2 ||y||^2, the necessary part of their interior condition; the margin is not measured): \(Self.hullCount(runs)).",
            "phi_r = sqrt(N) a_r relu(X w_r): ||phi_r||^2 grows like N, so sigma^2/(2k) per sample grows like N kappa^2/(4k) at fixed k.",
        ]
        return Table(name: "width_sweep_pruned", title: "Pruned network at fixed k across widths",
                     caption: "Greedy forward selection beside the variance bound, Theorem B with D <= 2 rho and the random with-replacement baseline (per sample).",
                     columns: columns, rows: rows, footnotes: notes)
    }

    /// Mean exponent over the fitted seeds, the union of their intervals, and which of 1 and 2
    /// it contains ("--" when no seed could be fitted).
    private static func rateCell(_ fits: [GreedyRateFit], of count: Int) -> Table.Cell {
        guard !fits.isEmpty else { return .missing }
        let mean = fits.map(\.exponent).reduce(0, +) / Double(fits.count)
        let low = fits.map(\.low).min()!, high = fits.map(\.high).max()!
        let contained = [1.0, 2.0].filter { low <= $0 && $0 <= high }.map { String(Int($0)) }
        var text = "\(NumberFormat.short(mean)) [\(NumberFormat.short(low)), \(NumberFormat.short(high))]"
        text += contained.isEmpty ? ", neither 1 nor 2" : ", contains " + contained.joined(separator: " and ")
        if fits.count < count { text += " (\(fits.count)/\(count) seeds)" }
        return .text(text)
    }

    /// "a/b runs" with the target in the hull, over the runs where l* was computed.
    private static func hullCount(_ runs: [WidthSweepRun]) -> String {
        let checked = runs.compactMap(\.targetInHull)
        return checked.isEmpty ? "not computed" : "\(checked.filter { $0 }.count)/\(checked.count) runs"
    }

    /// One row per event of Theorem A's proof: its bound, the smallest width of the sweep from
    /// which it holds for every seed (censored at the ends), beside Theorem A's N_req.
    public func ledgerTable() -> Table {
        let widths = configuration.sortedWidths
        guard let template = runs.first?.ledger else {
            return Table(name: "width_sweep_ledger", title: "Hypothesis ledger", caption: "No runs.", columns: [], rows: [], footnotes: [])
        }
        var columns = [Table.Column("event", "event", alignment: .left), Table.Column("empirical_width", "holds from N", alignment: .left),
                       Table.Column("width_required", "N_req", latex: "$N_{\\mathrm{req}}$"),
                       Table.Column("measured_largest", "measured at N=\(widths[widths.count - 1])", latex: "measured, $N=\(widths[widths.count - 1])$"),
                       Table.Column("bound_largest", "bound at N=\(widths[widths.count - 1])", latex: "bound, $N=\(widths[widths.count - 1])$")]
        for n in widths { columns.append(Table.Column("holds_n\(n)", "N=\(n)", latex: "$N=\(n)$")) }
        let nreq = runs.map(\.ledger.widthRequired).max() ?? 0
        var rows: [[Table.Cell]] = []
        for (index, event) in template.events.enumerated() {
            let empirical = EmpiricalWidth.of(widths: widths) { n in self.runs(width: n).allSatisfy { $0.ledger.events[index].holds } }
            let largest = runs(width: widths[widths.count - 1])
            var row: [Table.Cell] = [.text(event.statement), .text(empirical.text), .number(nreq),
                                     Self.mean(largest.map { $0.ledger.events[index].measured }),
                                     Self.mean(largest.map { $0.ledger.events[index].bound })]
            for n in widths {
                let group = runs(width: n)
                row.append(.fraction(group.filter { $0.ledger.events[index].holds }.count, of: group.count))
            }
            rows.append(row)
        }
        let notes = [
            "lambda0 = lambda_min(Hinf) = \(NumberFormat.short(template.lambda0)); Theorem A (delta = \(NumberFormat.short(configuration.delta))): N_req = \(NumberFormat.short(nreq)), eta_max = \(NumberFormat.short(template.etaMax)) against eta = \(NumberFormat.short(eta)).",
            "Columns N=...: seeds for which the event holds. 'holds from N' is the smallest width of the sweep from which it holds for every seed; censored when it already holds at the smallest width or fails at the largest.",
            "Maxima and minima over t run over the \(configuration.checkpoints) log-spaced checkpoints of each run; s(t) counts activation switches sign(w_r(t).x_i) != sign(w_r(0).x_i).",
            "rho(t) = 1 - 2 eta lambda_min(H(t)) + 4 eta sqrt(m) s(t) + eta^2 lambda_max(H(t))^2: the proof's one-step factor with the measured spectrum and switches in place of the worst case (measured and bound columns: means over the seeds at the largest width).",
        ]
        return Table(name: "width_sweep_ledger", title: "Hypothesis ledger of Theorem A across widths",
                     caption: "Each event of Theorem A's proof, measured in the runs, with the smallest width from which it holds beside the theorem's N_req.",
                     columns: columns, rows: rows, footnotes: notes)
    }
}
