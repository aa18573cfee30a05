extension CheckResult {
    /// The four figures with their defaults, (a) pruned loss, (b) dense residual, (c) threshold
    /// law, (d) loss law, leaving out those the result has no data for.
    public var figures: [Figure] {
        [Figure.prunedLoss(self), Figure.denseLoss(self), Figure.thresholdLaw(self), Figure.lossLaw(self)].compactMap { $0 }
    }
}
