import LinearAlgebra

/// Greedy forward selection of neurons (Ye, Gong, Nie, Zhu, Liu 2020; THEORY.md section 3).
///
/// Given the neuron features phi_1..phi_N (m x C each, `NeuronFeatures`: phi_r =
/// featureScale * a_r (outer) b_r, dense output c + (1/N) sum_r phi_r) and targets y (m x C),
/// the selection fits ybar = y - c (the output bias c stays outside the selection):
///     v_k = (1/k) sum_{j <= k} phi_{r_j},
///     r_j = argmin_r 1/2 || ((j - 1) v_{j-1} + phi_r)/j - ybar ||^2      (1/k averaging, v_0 = 0).
/// Variants:
/// - `analyzed`: the algorithm of Theorem B. With replacement (a neuron may be picked again;
///   the result is a multiset), every one of the N neurons scored exactly on the full training
///   set at every step; ties go to the lowest neuron index. How the scores are obtained is
///   `exactScoring`: incremental projections by default (`IncrementalScorer`: after step 1, one
///   Gram column per step from a 16-bit copy of the activations, none for a neuron picked again),
///   or one fresh pass over the float32 activations per step (`ExactScorer`); both certify their
///   float32 scores with a rigorous error bound and rescore near-ties in float64, so both give
///   the picks of an exact float64 search.
/// - `withoutReplacement`: the same, but each neuron is selected at most once (k <= N).
///   Theorem B's bound is proved for the `analyzed` variant only.
/// - `sampled`: Ye et al.'s practice, see `SampledScoring`.
/// The run stops after `size` steps, or earlier at the first step whose loss meets `lossTarget`.
/// Losses are reported in the sum convention l = 1/2 ||c + v_j - y||^2 and as l / m.
public struct GreedyForwardSelection: Sendable {
    /// Which candidates are scored and on which samples.
    public enum Variant: Sendable, Equatable, CustomStringConvertible {
        /// With replacement, exact scoring of all N neurons on all m samples (Theorem B).
        case analyzed
        /// Exact scoring of the not-yet-selected neurons on all m samples; no repeats.
        case withoutReplacement
        /// Random candidates scored on a random minibatch per step (seeded).
        case sampled(SampledScoring)

        /// A variant's name (`lth prune greedy --variant`, the pruned network's folder name).
        public enum Name: String, Sendable, CaseIterable {
            case analyzed, withoutReplacement = "without-replacement", sampled
        }

        /// This variant's name.
        public var name: Name {
            switch self {
            case .analyzed: return .analyzed
            case .withoutReplacement: return .withoutReplacement
            case .sampled: return .sampled
            }
        }

        public var description: String {
            switch self {
            case .analyzed:
                return "analyzed (exact scoring of all neurons on all samples, with replacement, ties to the lowest index)"
            case .withoutReplacement:
                return "without replacement (exact scoring of the not-yet-selected neurons on all samples, ties to the lowest index)"
            case let .sampled(options):
                return options.description
            }
        }
    }

    /// How the exact variants (`analyzed`, `withoutReplacement`) obtain the scores of step j; the
    /// picks are the same either way (exact float64 search, ties to the lowest index).
    public enum ExactScoring: Sendable, Equatable, CustomStringConvertible {
        /// Step 1 by a fresh pass over the float32 activations, every later step by the update
        /// G_{j+1} = G_j + s g_p b_p^T - A^T ybar with the Gram column g_p = A^T a_p of the pick,
        /// computed from a 16-bit copy of the activations over the rows where a_p != 0 and cached
        /// for repeats; fresh passes again only when the accumulated error bound leaves too many
        /// near-ties (`IncrementalScorer`). Extra memory: 2 m N bytes (the copy) plus at most 256 MiB
        /// of cached Gram columns (8 N bytes each).
        case incremental
        /// One fresh pass over the float32 activations per step (`ExactScorer`).
        case fullPassPerStep

        public var description: String {
            switch self {
            case .incremental: return "incremental (Gram columns from a 16-bit copy, fresh passes when needed)"
            case .fullPassPerStep: return "one pass over the float32 activations per step"
            }
        }
    }

    /// A loss at or below which the selection stops early.
    public enum LossTarget: Sendable, Equatable, CustomStringConvertible {
        /// Stop when 1/2 ||c + v_j - y||^2 <= value.
        case sum(Double)
        /// Stop when 1/2 ||c + v_j - y||^2 / m <= value.
        case mean(Double)

        /// Whether the sum-convention loss `sumLoss` over `sampleCount` samples meets the target.
        public func isMet(sumLoss: Double, sampleCount: Int) -> Bool {
            switch self {
            case let .sum(value): return sumLoss <= value
            case let .mean(value): return sumLoss / Double(sampleCount) <= value
            }
        }

        public var description: String {
            switch self {
            case let .sum(value): return "sum loss <= \(value)"
            case let .mean(value): return "mean loss <= \(value)"
            }
        }
    }

    /// The variant (default `analyzed`).
    public var variant: Variant
    /// The largest size k (number of picks, counted with multiplicity), k >= 1.
    public var size: Int
    /// Optional early stop: the first step whose full-data loss meets it is the last.
    public var lossTarget: LossTarget?
    /// Rows per float32 block of the exact scorer's activation pass (block sums are added in
    /// float64); smaller blocks tighten the float32 error bound and cost more BLAS calls.
    /// (The Gram-column passes of the incremental scorer use blocks of min(this, 64) rows.)
    public var accumulationBlockRows: Int
    /// How the exact variants obtain their scores (default `incremental`); ignored by `sampled`.
    public var exactScoring: ExactScoring
    /// The incremental scorer's refresh budget (excess possible minimisers before a fresh pass);
    /// nil: min(64, max(1, N/16)). Set by tests to force (1) or forbid (Int.max) refreshes.
    var incrementalRefreshBudget: Int?

    public init(variant: Variant = .analyzed, size: Int, lossTarget: LossTarget? = nil,
                accumulationBlockRows: Int = 512, exactScoring: ExactScoring = .incremental) {
        self.variant = variant
        self.size = size
        self.lossTarget = lossTarget
        self.accumulationBlockRows = accumulationBlockRows
        self.exactScoring = exactScoring
    }

    /// Runs the selection on `features` against `targets` (m x C, the raw labels y; the
    /// selection fits y - c). Throws `GreedySelectionError` for an invalid option or shape.
    public func run(features: NeuronFeatures, targets: Matrix<Float>) throws -> GreedySelection {
        try validate(features: features, targets: targets)
        let clock = ContinuousClock()
        let setupStart = clock.now
        var state = GreedyRunningSum(features: features, targets: targets)
        var pool = CandidatePool(neuronCount: features.neuronCount, withReplacement: allowsRepeats)
        var fullPass: ExactScorer?
        var incremental: IncrementalScorer?
        var sampled: SampledScorer?
        switch variant {
        case .analyzed, .withoutReplacement:
            // The incremental scorer needs finite activations; otherwise the full-pass scorer runs.
            let statistics = features.activationColumnStatistics()
            if exactScoring == .incremental && statistics.isFinite {
                incremental = IncrementalScorer(features: features, blockRows: accumulationBlockRows,
                                                statistics: statistics, withReplacement: allowsRepeats,
                                                refreshBudget: incrementalRefreshBudget)
            } else {
                fullPass = ExactScorer(features: features, blockRows: accumulationBlockRows, columnNorm2: statistics.norm2)
            }
        case let .sampled(options):
            sampled = SampledScorer(options: options)
        }
        var picks: [Int] = []
        var losses: [Double] = []
        var float64Counts: [Int] = []
        var metTarget = false
        let setupSeconds = GreedyForwardSelection.seconds(clock.now - setupStart)
        var stepSeconds: [Double] = []
        for j in 1...size {
            let stepStart = clock.now
            let (r, scoredInFloat64): (Int, Int)
            if incremental != nil {
                (r, scoredInFloat64) = try incremental!.pick(step: j, state: state, pool: pool)
            } else if fullPass != nil {
                (r, scoredInFloat64) = try fullPass!.pick(step: j, state: state, pool: pool)
            } else {
                (r, scoredInFloat64) = sampled!.pick(step: j, state: state, pool: pool)
            }
            let column: [Float]
            if incremental != nil {
                column = incremental!.column(afterPicking: r, isLast: j == size)
            } else {
                column = features.activationColumn(r)
                fullPass?.record(pick: r)
            }
            state.add(neuron: r, column: column)
            pool.markSelected(r)
            let loss = state.loss(size: j)
            picks.append(r)
            losses.append(loss)
            float64Counts.append(scoredInFloat64)
            stepSeconds.append(GreedyForwardSelection.seconds(clock.now - stepStart))
            if let lossTarget, lossTarget.isMet(sumLoss: loss, sampleCount: features.sampleCount) {
                metTarget = true
                break
            }
        }
        return GreedySelection(variant: variant, picks: picks, sumLosses: losses, sampleCount: features.sampleCount,
                               stoppedAtTarget: metTarget, float64ScoredCounts: float64Counts,
                               setupSeconds: setupSeconds, stepSeconds: stepSeconds, features: features,
                               scoringWork: incremental?.finalWork ?? fullPass?.work ?? GreedySelection.ScoringWork())
    }

    static func seconds(_ duration: Duration) -> Double {
        duration.inSeconds
    }

    /// Whether a neuron may be selected more than once.
    public var allowsRepeats: Bool {
        switch variant {
        case .analyzed: return true
        case .withoutReplacement: return false
        case let .sampled(options): return options.withReplacement
        }
    }

    private func validate(features: NeuronFeatures, targets: Matrix<Float>) throws {
        let n = features.neuronCount
        let m = features.sampleCount
        guard n >= 1, m >= 1 else {
            throw GreedySelectionError.shapeMismatch(what: "neuron features", found: "\(m) samples x \(n) neurons",
                                                     expected: "at least 1 sample and 1 neuron")
        }
        guard targets.rows == m, targets.columns == features.outputCount else {
            throw GreedySelectionError.shapeMismatch(what: "targets", found: "\(targets.rows) x \(targets.columns)",
                                                     expected: "\(m) x \(features.outputCount)")
        }
        // The scores are finite for every neuron with finite activations only when the targets
        // and output weights are finite (a NaN there would make every score NaN).
        guard targets.storage.allSatisfy({ $0.isFinite }) else { throw GreedySelectionError.nonFinite(what: "targets") }
        guard features.outputWeights.storage.allSatisfy({ $0.isFinite }), features.featureScale.isFinite else {
            throw GreedySelectionError.nonFinite(what: "output weights")
        }
        let largest = allowsRepeats ? Int.max : n
        guard size >= 1, size <= largest else {
            throw GreedySelectionError.invalidOption(.subnetworkSize, value: "\(size)",
                allowed: allowsRepeats ? "an integer >= 1" : "an integer in 1...\(n) (without replacement k <= N)")
        }
        if let lossTarget {
            let value: Double
            switch lossTarget {
            case let .sum(v): value = v
            case let .mean(v): value = v
            }
            guard value.isFinite, value >= 0 else {
                throw GreedySelectionError.invalidOption(.lossTarget, value: "\(value)",
                                                         allowed: "a finite number >= 0")
            }
        }
        guard accumulationBlockRows >= 1, accumulationBlockRows <= 1 << 20 else {
            throw GreedySelectionError.invalidOption(.accumulationBlockRows, value: "\(accumulationBlockRows)",
                                                     allowed: "an integer in 1...1048576")
        }
        if case let .sampled(options) = variant {
            guard options.candidateCount >= 1, options.candidateCount <= n else {
                throw GreedySelectionError.invalidOption(.candidateCount, value: "\(options.candidateCount)",
                                                         allowed: "an integer in 1...\(n) (the number of neurons)")
            }
            guard options.batchSize >= 1, options.batchSize <= m else {
                throw GreedySelectionError.invalidOption(.batchSize, value: "\(options.batchSize)",
                                                         allowed: "an integer in 1...\(m) (the number of samples)")
            }
        }
    }
}
