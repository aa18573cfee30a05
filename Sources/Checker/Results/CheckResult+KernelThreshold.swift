import Bounds

/// The kernel-predicted threshold t_K beside the measured dense threshold t_dense
/// (`KernelThresholdRow`, THEORY.md sections 7 and 9).
extension CheckResult {
    /// t_dense against the prediction t_K (a threshold pair, THEORY.md section 7): out of scope
    /// when the kernel prediction diverges (some eta lambda_i of Hinf is not in (0, 2));
    /// censored when t_K lies beyond the last checkpoint, or either side is never reached on the
    /// grid, reached only at its last checkpoint, or at t = 0; otherwise t_K is moved to the first
    /// checkpoint at or after it and the pair agrees or disagrees by `Agreement.check(.threshold(...))`.
    public func kernelVerdict(_ row: KernelThresholdRow) -> Verdict {
        let names = (measured: "t_dense", predicted: "t_K")
        switch row.kernelThreshold {
        case .diverges:
            return .outOfScope([HypothesisFailure(ratio: "eta lambda_max(Hinf) beyond the stable range: the kernel prediction diverges", factor: nil)])
        case .never:
            return agreement.verdict(measured: row.denseThreshold, predicted: nil, checkpoints: checkpoints, names: names)
        case let .step(t):
            if let last = checkpoints.last, t > Double(last) { return .censored(Censoring(names.predicted, .beyondGrid(t))) }
            return agreement.verdict(measured: row.denseThreshold, predicted: Self.kernelGridStep(t, checkpoints: checkpoints),
                                     checkpoints: checkpoints, names: names)
        }
    }

    /// The first checkpoint at or after t (nil beyond the grid).
    static func kernelGridStep(_ t: Double, checkpoints: [Int]) -> Int? {
        checkpoints.first { Double($0) >= t }
    }

    /// Per eps (ascending): t_dense against m (censored on the grid) and t_K against m (exact;
    /// never reached: right-censored at the last checkpoint; t_K = 0: left out; a diverging
    /// prediction: left out), both fitted to the three laws of `ScalingComparison`, the law of t_K
    /// being the kernel theory's prediction of the law of t_dense.
    static func kernelThresholdScalings(_ rows: [KernelThresholdRow], grid: [Int]) -> [ScalingComparison] {
        let prediction = "kernel regime (THEORY.md section 9): t_K(eps, m) = first t with 1/2 ||(I - eta Hinf)^t y||^2 <= eps (sum), from Hinf's spectrum and y's projections, per run"
        let sorted = rows.sorted { ($0.samples, $0.seed) < ($1.samples, $1.seed) }
        return Array(Set(rows.map(\.epsilon))).sorted().flatMap { epsilon -> [ScalingComparison] in
            let target = sorted.filter { $0.epsilon == epsilon }
            let title = "dense, eps = \(NumberFormat.short(epsilon))"
            let dense = ScalingComparison(title: title, response: "t_dense",
                                          thresholds: target.map { ($0.samples, $0.seed, $0.denseThreshold) }, grid: grid,
                                          prediction: prediction)
            var observations: [CensoredObservation] = []
            var atStart = 0
            for row in target {
                let x = Double(row.samples)
                switch row.kernelThreshold {
                case let .step(t) where t > 0: observations.append(CensoredObservation(x: x, lower: t, upper: t, group: row.seed))
                case .step: atStart += 1
                case .never: observations.append(CensoredObservation(x: x, lower: Double(grid.last ?? 0), upper: .infinity, group: row.seed))
                case .diverges: break
                }
            }
            let kernel = ScalingComparison(title: title, response: "t_K", observations: observations, atStart: atStart,
                                           prediction: prediction)
            return [dense, kernel]
        }
    }

    /// One sentence per eps: whether the law fitted to t_K (the kernel theory's prediction) is the
    /// law the measured t_dense favour, and whether t_K's log-log slope lies in t_dense's 95%
    /// interval (Wald) of the power law.
    var kernelLawComparisons: [String] {
        let dense = kernelThresholdScalings.filter { $0.response == "t_dense" }
        let kernel = kernelThresholdScalings.filter { $0.response == "t_K" }
        return zip(dense, kernel).map { d, k in
            var text = "\(d.title): t_dense favours \(d.best.map { $0.model.formula("t", "m") } ?? "no law"), t_K favours \(k.best.map { $0.model.formula("t", "m") } ?? "no law")"
            let densePower = d.fits.first { $0.model == .power }, kernelPower = k.fits.first { $0.model == .power }
            if let slope = kernelPower?.fit?.slope, let (lo, hi) = densePower?.slopeInterval {
                let inside = lo <= slope && slope <= hi
                text += "; log-log slope of t_K \(NumberFormat.short(slope)) \(inside ? "inside" : "outside") t_dense's 95% interval [\(NumberFormat.short(lo)), \(NumberFormat.short(hi))]"
                text += inside ? ": the kernel theory predicts the measured growth in m" : ": the kernel theory does not predict the measured growth in m"
            } else {
                text += "; no power-law slope to compare (\(densePower?.note ?? kernelPower?.note ?? "no interval"))"
            }
            return text
        }
    }
}
