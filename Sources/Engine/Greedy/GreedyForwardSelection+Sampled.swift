extension GreedyForwardSelection {
    /// Options of the `sampled` variant (Ye et al. 2020 in practice): each step scores only
    /// `candidateCount` neurons on a minibatch of `batchSize` training samples.
    ///
    /// Sampling rule, per step and independent across steps, from one
    /// `SeededGenerator(seed: seed)` (candidates drawn first, then the batch):
    /// - candidates: `candidateCount` distinct neurons drawn uniformly without replacement
    ///   (within the step) from the eligible neurons: all N neurons when `withReplacement`
    ///   (the selection is then a multiset, as in the analysed algorithm), the not-yet-selected
    ///   ones otherwise (fewer when fewer remain);
    /// - batch: `batchSize` distinct samples drawn uniformly without replacement (within the
    ///   step) from the m training samples.
    /// Both draws use Floyd's algorithm with `SeededGenerator.nextIndex(below:)`. The batch loss
    ///     1/2 sum_{i in batch} || ((j - 1) v_{j-1,i} + phi_r,i)/j - ybar_i ||^2
    /// is minimised exactly in float64 over the candidates (ties: lowest neuron index). The
    /// reported loss after every step is still the full-data loss. With `candidateCount = N`,
    /// `batchSize = m` and `withReplacement` this is the `analyzed` variant.
    public struct SampledScoring: Sendable, Equatable, CustomStringConvertible {
        /// Number of candidate neurons scored per step (1...N).
        public var candidateCount: Int
        /// Number of training samples the candidates are scored on per step (1...m).
        public var batchSize: Int
        /// Seed of the step-wise draws.
        public var seed: UInt64
        /// Whether a neuron may be selected again (multiset selection).
        public var withReplacement: Bool

        public init(candidateCount: Int, batchSize: Int, seed: UInt64, withReplacement: Bool = true) {
            self.candidateCount = candidateCount
            self.batchSize = batchSize
            self.seed = seed
            self.withReplacement = withReplacement
        }

        public var description: String {
            "sampled (\(candidateCount) candidates drawn without replacement per step from "
                + (withReplacement ? "all neurons" : "the not-yet-selected neurons")
                + ", minibatch of \(batchSize) samples, seed \(seed), selection "
                + (withReplacement ? "with" : "without") + " replacement)"
        }
    }

    /// The per-step sampled scorer of the `sampled` variant.
    struct SampledScorer {
        let options: SampledScoring
        private var generator: SeededGenerator

        init(options: SampledScoring) {
            self.options = options
            generator = SeededGenerator(seed: options.seed)
        }

        /// The step-j pick: candidates from the pool, scored on a fresh minibatch.
        mutating func pick(step j: Int, state: GreedyRunningSum, pool: CandidatePool) -> (neuron: Int, scored: Int) {
            let candidatePositions = SampledScorer.floydSample(
                count: min(options.candidateCount, pool.eligibleCount), from: pool.eligibleCount, using: &generator)
            let candidates = candidatePositions.map { pool.eligible[$0] }.sorted()
            let rows = SampledScorer.floydSample(
                count: min(options.batchSize, state.features.sampleCount), from: state.features.sampleCount,
                using: &generator
            ).sorted()
            let residual = state.residual(step: j)
            let scores = state.scoresInFloat64(candidates: candidates, rows: rows, residual: residual)
            return (GreedyForwardSelection.lowestIndexMinimiser(candidates: candidates, scores: scores), candidates.count)
        }

        /// `count` distinct integers drawn uniformly from 0..<n (Floyd's algorithm: for
        /// t = n - count ..< n draw x uniform in 0...t and insert x, or t when x is taken), in
        /// insertion order.
        static func floydSample(count: Int, from n: Int, using generator: inout SeededGenerator) -> [Int] {
            precondition(count >= 0 && count <= n)
            if count == n { return Array(0..<n) }
            var chosen = Set<Int>(minimumCapacity: count)
            var order: [Int] = []
            order.reserveCapacity(count)
            for t in (n - count)..<n {
                let x = generator.nextIndex(below: t + 1)
                let value = chosen.contains(x) ? t : x
                chosen.insert(value)
                order.append(value)
            }
            return order
        }
    }
}
