extension GreedyForwardSelection {
    /// Exact scoring by incremental projections (`ExactScoring.incremental`): the same picks as
    /// `ExactScorer` (one fresh pass per step), reading about a quarter of its bytes per step.
    ///
    /// Identity. With M_j = S_{j-1} - j ybar (see `GreedyRunningSum`) and p the step-j pick,
    ///     M_{j+1} = M_j + phi_p - ybar,   so   G_{j+1} = G_j + s g_p b_p^T - Q,
    /// where G_j = A^T M_j (N x C), Q = A^T ybar and g_p = A^T a_p is the Gram column of p
    /// (g_pr = a_p . a_r). Step 1 computes G_1 = -Q by one fresh pass (`FreshProjection`);
    /// every later step costs one Gram column instead of a pass over the float32 activations:
    /// right after the pick p it is computed from the 16-bit copy (`FixedPointActivations`, made
    /// after the first pick) reading only the rows with a_ip != 0 (`GramColumn`), and kept for
    /// neurons picked again (with replacement, while the cache holds at most 2^28 bytes: 8 N bytes
    /// per distinct pick), which then cost O(N C) and no pass. The last step computes none. The
    /// pick's activation column (for S and the Gram pass) is read once, or taken from the float64
    /// rescoring sweep that chose it.
    ///
    /// Bound. score_r = s G_j,r . b_r + 1/2 s^2 ||a_r||^2 ||b_r||^2 is evaluated from the
    /// computed G~_j. Let j0 be the step of the last fresh pass and Delta = S_{j-1} - S_{j0-1} the
    /// sum of the phi_p applied since. With the copy a_ir = sigma_r q_ir + e_ir, the
    /// representation errors of all those Gram columns add up to
    ///     sum_p s b_pc e_r . a_p = e_r . Delta_c,   |e_r . Delta_c| <= rho_r ||Delta_c||_1
    /// (the picks' cancellations are kept: ||Delta_c||_1 is far below sum_p |s b_pc| ||a_p||_1).
    /// Hence the score's error is at most
    ///     e_r = f_r + (E_r + |s| rho_r sum_c |b_rc| D_c)(1 + 2^-40)
    ///           + 2^-50 (|s| sum_c |G~_rc b_rc| + 1/2 s^2 ||a_r||^2 ||b_r||^2),
    /// - f_r = 1.01 (gamma_n + 3u) |s| ||a_r|| sum_c |b_rc| ||M_{j0},c||: the error of the fresh pass
    ///   (see `ExactScorer`);
    /// - D_c = ||Delta~_c||_1 (1 + gamma'_{m+1}) + 2 gamma'_{2j+2} A_c, Delta~ from the float64 running
    ///   sums, A_c = sum over all picks of |s b_pc| ||a_p||_1 (covering the float64 rounding of S);
    /// - E_r: the sum over the updates since j0 (pick p each) of
    ///     |s| sum_c |b_rc| ( |s b_pc| k_p(r) + 2^-51 (|G~_rc| + |s g~_pr b_pc| + |Q~_rc|) ) + f_r^(1),
    ///   k_p(r) the float arithmetic's part of the Gram entry's bound (`GramColumn`), the 2^-51 terms
    ///   the float64 rounding of the update, f_r^(1) (the step-1 bound, with ||ybar_c||) the error
    ///   of Q~ = -G~_1;
    /// - the 2^-50 term: the float64 evaluation of the score.
    /// (The float64 running sum S differs from the exact sum of the phi_r by relative O(k 2^-53),
    /// far inside these bounds; the float64 rescoring uses the same S.) The rule is then that of
    /// `ExactScorer`: U = min_r (score_r + e_r); all eligible r with score_r - e_r <= U are the
    /// possible minimisers; more than one are rescored in float64 (`scoresInFloat64`, the same
    /// sweep as the full-pass scorer) and the smallest float64 score wins, ties to the lowest
    /// index. Hence the picks are those of `ExactScorer`.
    ///
    /// Refresh. E_r and D_c grow with the updates, so the possible minimisers may grow in number.
    /// When a step has more than one, the scorer estimates how many a fresh pass would leave (the
    /// same scores with f_r computed from ||M_j||); the excess is added to a budget, and when it
    /// reaches `refreshBudget` columns (default min(64, max(1, N/16)), about the cost of one pass in
    /// float64 column sweeps) a fresh pass replaces G~_j (E_r = 0, Delta = 0) before rescoring.
    ///
    /// Extra memory: the 16-bit copy (2 m N' bytes, N' = N rounded up to a multiple of 8; not made
    /// for k = 1), the Gram cache (at most 2^28 bytes) and S at the last fresh pass
    /// (8 m C bytes).
    struct IncrementalScorer {
        let features: NeuronFeatures
        let statistics: NeuronFeatures.ActivationColumnStatistics
        let withReplacement: Bool
        /// Rows per float32 block of the Gram-column passes: min(blockRows, 64).
        let gramBlockRows: Int
        /// Upper bounds on ||a_r||.
        let columnNorm: [Double]
        /// The number of excess possible minimisers that triggers a fresh pass.
        let refreshBudget: Int
        /// The Gram cache holds at most this many bytes.
        static let cacheCapacityBytes = 1 << 28

        private var fresh: FreshProjection
        private var fixedPoint: FixedPointActivations?
        /// G~_j (N x C).
        private var projection: [Double] = []
        /// Q~ = A^T ybar (N x C).
        private var targetProjection: [Double] = []
        /// f_r of the last fresh pass.
        private var freshBound: [Double] = []
        /// f_r^(1): the per-update error contribution of Q~.
        private var targetBound: [Double] = []
        /// E_r since the last fresh pass.
        private var accumulatedBound: [Double] = []
        /// S_{j0-1}: the running sum at the last fresh pass (m x C).
        private var referenceSum: [Double] = []
        /// A_c = sum over all picks of |s b_pc| ||a_p||_1 (upper bound).
        private var pickedMass: [Double]
        /// Picks so far.
        private var pickCount = 0
        /// The previous step's pick and its Gram column, applied at the next `pick`.
        private var pending: (neuron: Int, gram: GramColumn)?
        private var cache: [Int: GramColumn] = [:]
        private var cacheBytes = 0
        /// The pick's activation column when the float64 rescoring sweep read it (else read again).
        private var sweptColumn: (neuron: Int, column: [Float])?
        /// Possible minimisers beyond a fresh pass's estimate, summed since the last fresh pass.
        private var excess = 0
        private(set) var work = GreedySelection.ScoringWork()

        init(features: NeuronFeatures, blockRows: Int, statistics: NeuronFeatures.ActivationColumnStatistics,
             withReplacement: Bool, refreshBudget: Int? = nil) {
            precondition(statistics.isFinite, "the incremental scorer needs finite activations")
            self.features = features
            self.statistics = statistics
            self.withReplacement = withReplacement
            gramBlockRows = min(blockRows, 64)
            self.refreshBudget = refreshBudget ?? min(64, max(1, features.neuronCount / 16))
            let slack = 1 + GramColumn.gamma64(features.sampleCount + 2)
            columnNorm = statistics.norm2.map { ($0 * slack).squareRoot() * (1 + 0x1p-52) }
            fresh = FreshProjection(features: features, blockRows: blockRows)
            pickedMass = [Double](repeating: 0, count: features.outputCount)
            work.activationPasses = 1
            work.bytesStreamed = Double(features.sampleCount * features.neuronCount * 4)
        }

        /// The activation column a_p of the step's pick p, and (unless `isLast`: no later step
        /// needs it) its Gram column for the next `pick`: from the cache, or one pass over the
        /// 16-bit copy (made on first use). With an early stop at a loss target the last Gram
        /// column is computed but not used.
        mutating func column(afterPicking p: Int, isLast: Bool) -> [Float] {
            let column: [Float]
            if let swept = sweptColumn, swept.neuron == p {
                column = swept.column
            } else {
                column = features.activationColumn(p)
                work.bytesStreamed += Double(features.sampleCount * 64)
            }
            sweptColumn = nil
            if isLast {
                pending = nil
            } else if let cached = cache[p] {
                pending = (p, cached)
                work.gramColumnsReused += 1
            } else {
                if fixedPoint == nil {
                    fixedPoint = FixedPointActivations(activations: features.activations, statistics: statistics)
                    work.activationPasses += 1
                    work.bytesStreamed += Double(features.sampleCount * features.neuronCount * 4 + fixedPoint!.byteCount)
                }
                let gram = GramColumn(neuron: p, column: column, fixedPoint: fixedPoint!, blockRows: gramBlockRows)
                pending = (p, gram)
                work.gramColumnsComputed += 1
                work.bytesStreamed += Double(gram.rowsRead * fixedPoint!.stride * 2)
                if withReplacement && cacheBytes + gram.byteCount <= IncrementalScorer.cacheCapacityBytes {
                    cache[p] = gram
                    cacheBytes += gram.byteCount
                }
            }
            pickCount += 1
            var l1 = 0.0
            for x in column { l1 += abs(Double(x)) }
            l1 *= 1 + GramColumn.gamma64(column.count + 2)
            let c = features.outputCount
            let s = abs(Double(features.featureScale))
            for o in 0..<c { pickedMass[o] += s * abs(Double(features.outputWeights.storage[p * c + o])) * l1 }
            return column
        }

        /// The step-j pick among the eligible neurons of `pool`, and how many candidates were
        /// rescored in float64.
        /// - Throws: `GreedySelectionError.noFiniteScore` when no eligible neuron has a finite score.
        mutating func pick(step j: Int, state: GreedyRunningSum, pool: CandidatePool) throws -> (neuron: Int, refined: Int) {
            var residual: [Double]?
            if projection.isEmpty {
                let m1 = state.residual(step: j)
                residual = m1
                refresh(residual: m1, state: state, isFirst: true)
            } else if let pending {
                update(pick: pending.neuron, gram: pending.gram, pool: pool)
                self.pending = nil
            }
            sweptColumn = nil
            var (scores, bounds) = scoresAndBounds(state: state, pool: pool)
            var contenders = GreedyForwardSelection.contenders(scores: scores, bounds: bounds, pool: pool)
            guard !contenders.isEmpty else { throw GreedySelectionError.noFiniteScore(step: j) }
            if contenders.count == 1 { return (contenders[0], 0) }
            let mj = residual ?? state.residual(step: j)
            if residual == nil {
                excess += max(0, contenders.count - estimatedFreshContenders(scores: scores, residual: mj, pool: pool))
                if excess >= refreshBudget {
                    refresh(residual: mj, state: state, isFirst: false)
                    (scores, bounds) = scoresAndBounds(state: state, pool: pool)
                    contenders = GreedyForwardSelection.contenders(scores: scores, bounds: bounds, pool: pool)
                    guard !contenders.isEmpty else { throw GreedySelectionError.noFiniteScore(step: j) }
                    if contenders.count == 1 { return (contenders[0], 0) }
                }
            }
            work.record(rescoringOf: contenders.count, features: features)
            let (exact, columns) = state.scoresAndColumnsInFloat64(candidates: contenders, residual: mj)
            let winner = GreedyForwardSelection.lowestIndexMinimiser(candidates: contenders, scores: exact)
            sweptColumn = (winner, columns[contenders.firstIndex(of: winner)!])
            return (winner, contenders.count)
        }

        /// The work record with the memory held at the end.
        var finalWork: GreedySelection.ScoringWork {
            var result = work
            result.gramCacheBytes = cacheBytes
            result.fixedPointBytes = fixedPoint?.byteCount ?? 0
            return result
        }

        /// A fresh pass: G~ = A^T M_j, f_r from ||M_j,c||, E_r = 0, S_ref = S_{j-1}; at step 1 also
        /// Q~ = -G~_1.
        private mutating func refresh(residual: [Double], state: GreedyRunningSum, isFirst: Bool) {
            let residualNorm = fresh.project(residual: residual)
            work.record(freshProjectionOf: features)
            if !isFirst { work.refreshes += 1 }
            projection = fresh.projection
            freshBound = freshBounds(residualNorm: residualNorm)
            accumulatedBound = [Double](repeating: 0, count: features.neuronCount)
            referenceSum = state.sum
            excess = 0
            if isFirst {
                targetProjection = projection.map { -$0 }
                targetBound = freshBound
            }
        }

        /// f_r = 1.01 (gamma_n + 3u) |s| ||a_r|| sum_c |b_rc| ||M_c|| for every r.
        private func freshBounds(residualNorm: [Double]) -> [Double] {
            let n = features.neuronCount
            let c = features.outputCount
            let factor = fresh.errorFactor * abs(Double(features.featureScale))
            return features.outputWeights.storage.withUnsafeBufferPointer { weights in
                (0..<n).map { r in
                    var weightedNorm = 0.0
                    for o in 0..<c { weightedNorm += abs(Double(weights[r * c + o])) * residualNorm[o] }
                    return factor * statistics.norm2[r].squareRoot() * weightedNorm
                }
            }
        }

        /// D_c: upper bounds on ||S_{j-1,c} - S_{j0-1,c}||_1 of the exact running sums.
        private func appliedSumNorms(state: GreedyRunningSum) -> [Double] {
            let c = features.outputCount
            var norms = [Double](repeating: 0, count: c)
            state.sum.withUnsafeBufferPointer { sum in
                referenceSum.withUnsafeBufferPointer { reference in
                    for o in 0..<c {
                        var total = 0.0
                        var index = o
                        while index < sum.count {
                            total += abs(sum[index] - reference[index])
                            index += c
                        }
                        norms[o] = total
                    }
                }
            }
            let summation = 1 + GramColumn.gamma64(features.sampleCount + 1)
            let runningSum = 2 * GramColumn.gamma64(2 * pickCount + 2)
            return (0..<c).map { norms[$0] * summation + runningSum * pickedMass[$0] }
        }

        /// Scores from G~ and their bounds e_r (infinite score for ineligible neurons).
        private func scoresAndBounds(state: GreedyRunningSum, pool: CandidatePool) -> ([Double], [Double]) {
            let n = features.neuronCount
            let c = features.outputCount
            let s = Double(features.featureScale)
            let applied = fixedPoint == nil ? [Double](repeating: 0, count: c) : appliedSumNorms(state: state)
            let representationError = fixedPoint?.representationError ?? [Double](repeating: 0, count: n)
            var scores = [Double](repeating: .infinity, count: n)
            var bounds = [Double](repeating: 0, count: n)
            features.outputWeights.storage.withUnsafeBufferPointer { weights in
                for r in 0..<n where pool.isEligible[r] {
                    var linear = 0.0
                    var magnitude = 0.0
                    var weightedApplied = 0.0
                    for o in 0..<c {
                        let b = Double(weights[r * c + o])
                        let term = projection[r * c + o] * b
                        linear += term
                        magnitude += abs(term)
                        weightedApplied += abs(b) * applied[o]
                    }
                    let score = GreedyRunningSum.score(linear: linear, columnNorm2: statistics.norm2[r],
                                                       outputNorm2: state.outputNorm2[r], scale: s)
                    let quadratic = 0.5 * (s * s) * statistics.norm2[r] * state.outputNorm2[r]
                    let representation = abs(s) * representationError[r] * weightedApplied
                    scores[r] = score
                    bounds[r] = freshBound[r] + (accumulatedBound[r] + representation) * (1 + 0x1p-40)
                        + 0x1p-50 * (abs(s) * magnitude + quadratic)
                }
            }
            return (scores, bounds)
        }

        /// How many possible minimisers the current scores would leave with fresh-pass bounds
        /// (f_r from ||M_j||): the estimate behind the refresh rule (never used for a pick).
        private func estimatedFreshContenders(scores: [Double], residual: [Double], pool: CandidatePool) -> Int {
            let c = features.outputCount
            let bounds = freshBounds(residualNorm: GreedyForwardSelection.columnNorms(residual, outputs: c))
            return GreedyForwardSelection.contenders(scores: scores, bounds: bounds, pool: pool).count
        }

        /// G~ += s g~_p b_p^T - Q~ and E_r += its error (without the representation part), for the
        /// eligible neurons.
        private mutating func update(pick p: Int, gram: GramColumn, pool: CandidatePool) {
            let fixedPoint = fixedPoint!
            let n = features.neuronCount
            let c = features.outputCount
            let s = Double(features.featureScale)
            let scale = abs(s)
            features.outputWeights.storage.withUnsafeBufferPointer { weights in
                projection.withUnsafeMutableBufferPointer { g in
                    accumulatedBound.withUnsafeMutableBufferPointer { bound in
                        for r in 0..<n where pool.isEligible[r] {
                            let gramValue = gram.values[r]
                            let gramError = gram.accumulationErrorBound(r, fixedPoint: fixedPoint, columnNorm: columnNorm[r])
                            var delta = targetBound[r]
                            for o in 0..<c {
                                let bp = Double(weights[p * c + o])
                                let br = Double(weights[r * c + o])
                                let old = g[r * c + o]
                                let change = s * gramValue * bp
                                let q = targetProjection[r * c + o]
                                g[r * c + o] = (old + change) - q
                                delta += scale * abs(br) * (scale * abs(bp) * gramError
                                                            + 0x1p-51 * (abs(old) + abs(change) + abs(q)))
                            }
                            bound[r] += delta
                        }
                    }
                }
            }
        }
    }
}
