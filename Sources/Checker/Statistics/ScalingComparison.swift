import Engine

/// Which law of growth in m censored thresholds favour: the three `CensoredRegression` models
/// t = alpha + beta ln m, t = alpha + beta m and t = c m^beta fitted to the same observations,
/// compared by AIC (the same 3 parameters, likelihoods of the same intervals, so differences
/// of AIC are differences of log-likelihood), with
/// - Wald 95% intervals of every slope (the power law's beta is the log-log slope), and
/// - seed-level bootstrap 95% intervals beside them: `bootstrapResamples` resamples of the seeds
///   with replacement (every observation of a drawn seed, once per draw; `SeededGenerator` seeded
///   with `bootstrapSeed`), each refitted, percentile interval of beta; none when fewer than 3
///   seeds, or when more than 10% of the resamples cannot be fitted (the count is reported).
///
/// The verdict names the favoured law when its AIC is at least 2 below every other fitted law
/// and, for ln m and m, whether its slope's interval lies above 0; otherwise it says which laws
/// the data cannot tell apart. Observations at t = 0 (met before training) are left out and counted.
public struct ScalingComparison: Sendable, Equatable {
    /// One model's outcome: a fit, or why there is none.
    public struct ModelFit: Sendable, Equatable {
        public let model: CensoredRegression.Model
        public let fit: CensoredRegression?
        /// Wald interval of beta.
        public let slopeInterval: (Double, Double)?
        /// Seed-bootstrap percentile interval of beta.
        public let bootstrapInterval: (Double, Double)?
        /// Why there is no fit, or no bootstrap interval.
        public let note: String?

        public static func == (a: ModelFit, b: ModelFit) -> Bool {
            a.model == b.model && a.fit == b.fit && a.note == b.note
                && a.slopeInterval.map { [$0.0, $0.1] } == b.slopeInterval.map { [$0.0, $0.1] }
                && a.bootstrapInterval.map { [$0.0, $0.1] } == b.bootstrapInterval.map { [$0.0, $0.1] }
        }
    }

    /// What is fitted, e.g. "t_hat vs m (k = 32, eps = 5)".
    public let title: String
    /// The response's name in formulas, e.g. "t_hat".
    public let response: String
    public let observations: [CensoredObservation]
    /// Observations left out because they were met at t = 0.
    public let atStart: Int
    public let fits: [ModelFit]
    /// The theory's prediction, in words.
    public let prediction: String

    public static let bootstrapResamples = 200
    public static let bootstrapSeed: UInt64 = 15

    public init(title: String, response: String, observations: [CensoredObservation], atStart: Int, prediction: String,
                bootstrap: Bool = true) {
        self.title = title
        self.response = response
        self.observations = observations
        self.atStart = atStart
        self.prediction = prediction
        let groups = Array(Set(observations.map(\.group))).sorted()
        fits = CensoredRegression.Model.allCases.map { model in
            let name = "\(model.formula(response, "m")) (\(title))"
            let fit: CensoredRegression
            do { fit = try CensoredRegression(observations, model: model, name: name) } catch {
                let reason: String
                if case let CheckerError.insufficientData(_, why) = error { reason = why } else { reason = "\(error)" }
                return ModelFit(model: model, fit: nil, slopeInterval: nil, bootstrapInterval: nil, note: reason)
            }
            let wald = try? fit.slopeInterval()
            guard bootstrap else { return ModelFit(model: model, fit: fit, slopeInterval: wald, bootstrapInterval: nil, note: nil) }
            guard groups.count >= 3 else {
                return ModelFit(model: model, fit: fit, slopeInterval: wald, bootstrapInterval: nil,
                                note: "no bootstrap interval: \(groups.count) seed\(groups.count == 1 ? "" : "s"), at least 3 needed")
            }
            var generator = SeededGenerator(seed: ScalingComparison.bootstrapSeed)
            var slopes: [Double] = []
            let byGroup = Dictionary(grouping: observations, by: \.group)
            for _ in 0..<ScalingComparison.bootstrapResamples {
                var sample: [CensoredObservation] = []
                for _ in groups { sample += byGroup[groups[generator.nextIndex(below: groups.count)]]! }
                if let refit = try? CensoredRegression(sample, model: model) { slopes.append(refit.slope) }
            }
            let failed = ScalingComparison.bootstrapResamples - slopes.count
            guard failed * 10 <= ScalingComparison.bootstrapResamples else {
                return ModelFit(model: model, fit: fit, slopeInterval: wald, bootstrapInterval: nil,
                                note: "no bootstrap interval: \(failed) of \(ScalingComparison.bootstrapResamples) seed resamples could not be fitted")
            }
            slopes.sort()
            let lo = slopes[Int((0.025 * Double(slopes.count - 1)).rounded())]
            let hi = slopes[Int((0.975 * Double(slopes.count - 1)).rounded())]
            return ModelFit(model: model, fit: fit, slopeInterval: wald, bootstrapInterval: (lo, hi),
                            note: failed > 0 ? "bootstrap: \(failed) of \(ScalingComparison.bootstrapResamples) resamples could not be fitted" : nil)
        }
    }

    /// Thresholds t_hat of rows (m, seed, t_hat or nil) on a checkpoint grid.
    public init(title: String, response: String, thresholds: [(m: Int, seed: Int, t: Int?)], grid: [Int], prediction: String,
                bootstrap: Bool = true) {
        let sorted = Array(Set(grid)).sorted()
        var observations: [CensoredObservation] = []
        var atStart = 0
        for row in thresholds {
            if let o = CensoredObservation.threshold(row.t, x: Double(row.m), grid: sorted, group: row.seed) {
                observations.append(o)
            } else {
                atStart += 1
            }
        }
        self.init(title: title, response: response, observations: observations, atStart: atStart, prediction: prediction,
                  bootstrap: bootstrap)
    }

    /// The model with the smallest AIC, nil when none could be fitted.
    public var best: ModelFit? {
        fits.filter { $0.fit != nil }.min { $0.fit!.aic < $1.fit!.aic }
    }

    /// AIC of `fit` minus the smallest AIC (0 for the best), nil without a fit.
    public func deltaAIC(_ fit: ModelFit) -> Double? {
        guard let aic = fit.fit?.aic, let best = best?.fit?.aic else { return nil }
        return aic - best
    }

    /// Counts of the observations: observed in an interval, right-censored, left out at t = 0.
    public var censoringSentence: String {
        let right = observations.filter(\.isRightCensored).count
        return "\(observations.count - right) crossings observed between checkpoints (interval-censored), \(right) never reached (right-censored at the last checkpoint), \(atStart) met at t = 0 (left out)"
    }

    /// The verdict in one sentence.
    public var verdict: String {
        let fitted = fits.filter { $0.fit != nil }
        guard let best, let bestFit = best.fit else {
            let start = atStart > 0 ? "; \(atStart) met at t = 0, left out (possibly met before training)" : ""
            return "no law can be fitted: " + (fits.first?.note ?? "no observations") + start
        }
        let name = best.model.formula(response, "m")
        let others = fitted.filter { $0.model != best.model }
        let close = others.filter { deltaAIC($0)! < 2 }
        var text: String
        if fitted.count == 1 {
            text = "only \(name) could be fitted"
        } else if close.isEmpty {
            let gap = others.map { deltaAIC($0)! }.min()!
            text = "the data favour \(name) (AIC \(NumberFormat.short(gap)) below the next law)"
        } else {
            text = "the data cannot tell \(([best] + close).map { $0.model.formula(response, "m") }.joined(separator: " from ")) (AIC within 2)"
        }
        if let (lo, hi) = best.slopeInterval {
            let what = best.model == .power ? "log-log slope beta" : "beta"
            let sign = lo > 0 ? "> 0" : hi < 0 ? "< 0" : "interval contains 0"
            text += "; \(what) = \(NumberFormat.short(bestFit.slope)) [\(NumberFormat.short(lo)), \(NumberFormat.short(hi))], \(sign)"
        }
        return text
    }
}
