/// The verdicts of every row, each one `agreement.check(...)` of one claim.
extension CheckResult {
    /// Theorem A: measured ||u(t) - y||^2 <= (1 - eta lambda_0/2)^t ||u(0) - y||^2 (a bound claim).
    public func holds(_ row: TheoremARow) -> Bool {
        agreement.check(.bound(measured: row.residual, bound: row.predictedResidual))
    }

    /// Theorem A, per step: the measured contraction since the previous checkpoint is at most
    /// the predicted rate (a bound claim); nil at the first checkpoint.
    public func rateHolds(_ row: TheoremARow) -> Bool? {
        row.measuredRate.map { agreement.check(.bound(measured: $0, bound: row.predictedRate)) }
    }

    /// Theorem B: l_k(t) <= l(t) + D_t^2 H_k/(2k) (a bound claim).
    public func holds(_ row: TheoremBRow) -> Bool {
        agreement.check(.bound(measured: row.prunedLoss, bound: row.bound))
    }

    /// Theorem C: t_hat and the a posteriori prediction are within the grid tolerance (a threshold claim).
    public func agrees(_ row: TheoremCRow) -> Bool {
        agreement.check(.threshold(measured: row.empiricalThreshold, predicted: row.aPosterioriThreshold, checkpoints: checkpoints))
    }

    /// Theorem C a priori: t_hat comes no later than the first checkpoint at or after t_star
    /// (a threshold-bound claim); nil when the theorem gives no t_star.
    public func aPrioriHolds(_ row: TheoremCRow) -> Bool? {
        row.aPriori.iterations.map {
            agreement.check(.thresholdBound(measured: row.empiricalThreshold, bound: $0, checkpoints: checkpoints))
        }
    }
}
