/// The verdicts of every row (THEORY.md section 7, `Verdict`), each made by one of the
/// `Agreement.verdict(...)` functions with this result's tolerances and checkpoint grid.
extension CheckResult {
    /// Theorem A: measured ||u(t) - y||^2 against (1 - eta lambda_0/2)^t ||u(0) - y||^2; out of
    /// scope unless N >= N_req and eta <= eta_max; vacuous when the bound is not below ||y||^2
    /// (at t = 0 it is the measured value itself).
    public func verdict(_ row: TheoremARow) -> Verdict {
        agreement.verdict(measured: row.residual, bound: row.predictedResidual, trivial: row.trivialResidual,
                          failures: row.hypothesisFailures)
    }

    /// Theorem A, per step: the measured contraction since the previous checkpoint against the
    /// rate 1 - eta lambda_0/2 (trivial value 1, no contraction); nil at the first checkpoint.
    public func rateVerdict(_ row: TheoremARow) -> Verdict? {
        row.measuredRate.map {
            agreement.verdict(measured: $0, bound: row.predictedRate, trivial: (1, "1 (no contraction)"),
                              failures: row.hypothesisFailures)
        }
    }

    /// Theorem B (always in scope): l_k(t) against l(t) + D_t^2 H_k/(2k); vacuous when the bound
    /// is not below the zero predictor's loss 1/2 ||y||^2.
    public func verdict(_ row: TheoremBRow) -> Verdict {
        agreement.verdict(measured: row.prunedLoss, bound: row.bound, trivial: (row.trivialLoss, "1/2 ||y||^2"))
    }

    /// Theorem C a posteriori (always in scope): t_hat <= t_post, one-sided; at step resolution
    /// (exact crossings, no grid tolerance) when either side has an exact crossing, on the grid otherwise.
    public func aPosterioriVerdict(_ row: TheoremCRow) -> Verdict {
        if row.empiricalCrossing != nil || row.aPosterioriCrossing != nil {
            return agreement.verdict(measuredStep: row.empiricalStep, upperBound: row.aPosterioriStep.map(Double.init),
                                     checkpoints: checkpoints, names: ("t_hat", "t_post"))
        }
        return agreement.verdict(measured: row.empiricalThreshold, upperBound: row.aPosterioriThreshold.map(Double.init),
                                 checkpoints: checkpoints, names: ("t_hat", "t_post"))
    }

    /// Theorem C a priori: t_hat <= t_star, one-sided (at step resolution where t_hat's exact
    /// crossing exists, an upper bound on the first passage, so "consistent" is sound); out of scope when Theorem A's hypotheses
    /// fail for the run (its factors) or the theorem gives no t_star (its sentence).
    public func aPrioriVerdict(_ row: TheoremCRow) -> Verdict {
        var failures = theoremAFailures(samples: row.samples, seed: row.seed)
        if failures.isEmpty, case let .none(reason) = row.aPriori {
            failures = [HypothesisFailure(ratio: reason, factor: nil)]
        }
        if row.empiricalCrossing != nil {
            return agreement.verdict(measuredStep: row.empiricalStep, upperBound: row.aPriori.iterations,
                                     checkpoints: checkpoints, names: ("t_hat", "t_star"), failures: failures)
        }
        return agreement.verdict(measured: row.empiricalThreshold, upperBound: row.aPriori.iterations,
                                 checkpoints: checkpoints, names: ("t_hat", "t_star"), failures: failures)
    }

    /// Theorem A's failing hypotheses for the run (m, seed), from its rows (empty when it has none).
    func theoremAFailures(samples m: Int, seed: Int) -> [HypothesisFailure] {
        theoremA.first { $0.samples == m && $0.seed == seed }?.hypothesisFailures ?? []
    }

    /// Whether Theorem B's bound is VIOLATED on a row (a bug: the theorem is deterministic).
    public func isViolated(_ row: TheoremBRow) -> Bool { verdict(row) == .violated }
}
