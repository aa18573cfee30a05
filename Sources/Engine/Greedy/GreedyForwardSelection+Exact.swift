extension GreedyForwardSelection {
    /// Exact scoring of every eligible neuron on the full training set by one fresh pass over the
    /// activations per step (`ExactScoring.fullPassPerStep`; also the fresh passes of the
    /// incremental scorer, see `FreshProjection`).
    ///
    /// Cost per step: one pass over the cached m x N float32 activations (never a forward pass
    /// per candidate). With M_j = S_{j-1} - j ybar, the scores score_r = s a_r^T M_j b_r +
    /// 1/2 s^2 ||a_r||^2 ||b_r||^2 of all N neurons need G = A^T M_j (N x C): one blocked
    /// float32 sgemv (C = 1) or sgemm (C > 1) with float64 accumulation across row blocks
    /// (see `NeuronFeatures.activationProjection`); ||a_r||^2 is computed once.
    ///
    /// Float64 refinement rule (this is what makes the picks those of an exact float64 search):
    /// the float32 score of neuron r is within
    ///     e_r = 1.01 (gamma_n + 3u) |s| ||a_r|| sum_c |b_rc| ||M_j,c||,   n = block rows, u = 2^-24,
    /// of its exact value (summation error of the blocks, rounding of M_j to float32, and the
    /// float64 sums; ||a|| ||M|| bounds sum_i |a_i||M_i| by Cauchy-Schwarz). Let U = min_r
    /// (score_r + e_r). Every eligible r with score_r - e_r <= U could be the minimiser; when there
    /// is more than one, all of them are rescored in float64 (one row sweep,
    /// `GreedyRunningSum.scoresInFloat64`) and the smallest float64 score wins. Ties (equal
    /// float64 scores) go to the lowest neuron index.
    struct ExactScorer {
        let features: NeuronFeatures
        let columnNorm2: [Double]
        private var fresh: FreshProjection
        private(set) var work = GreedySelection.ScoringWork()

        init(features: NeuronFeatures, blockRows: Int, columnNorm2: [Double]) {
            self.features = features
            self.columnNorm2 = columnNorm2
            fresh = FreshProjection(features: features, blockRows: blockRows)
            work.activationPasses = 1
            work.bytesStreamed = Double(features.sampleCount * features.neuronCount * 4)
        }

        /// Records the read of the picked neuron's activation column.
        mutating func record(pick r: Int) {
            work.bytesStreamed += Double(features.sampleCount * 64)
        }

        /// The step-j pick among the eligible neurons of `pool`, and how many candidates were
        /// rescored in float64 (0 when the float32 scores certified a single minimiser).
        /// - Throws: `GreedySelectionError.noFiniteScore` when no eligible neuron has a finite
        ///   score (every remaining activation column holds a NaN or an infinity).
        mutating func pick(step j: Int, state: GreedyRunningSum, pool: CandidatePool) throws -> (neuron: Int, refined: Int) {
            let n = features.neuronCount
            let c = features.outputCount
            let residual = state.residual(step: j)
            let residualNorm = fresh.project(residual: residual)
            work.record(freshProjectionOf: features)

            let s = Double(features.featureScale)
            let factor = fresh.errorFactor * abs(s)
            var scores = [Double](repeating: .infinity, count: n)
            var bounds = [Double](repeating: 0, count: n)
            features.outputWeights.storage.withUnsafeBufferPointer { weights in
                for r in 0..<n where pool.isEligible[r] {
                    var linear = 0.0
                    var weightedNorm = 0.0
                    for o in 0..<c {
                        let b = Double(weights[r * c + o])
                        linear += fresh.projection[r * c + o] * b
                        weightedNorm += abs(b) * residualNorm[o]
                    }
                    scores[r] = GreedyRunningSum.score(linear: linear, columnNorm2: columnNorm2[r],
                                                       outputNorm2: state.outputNorm2[r], scale: s)
                    bounds[r] = factor * columnNorm2[r].squareRoot() * weightedNorm
                }
            }
            let contenders = GreedyForwardSelection.contenders(scores: scores, bounds: bounds, pool: pool)
            guard !contenders.isEmpty else { throw GreedySelectionError.noFiniteScore(step: j) }
            if contenders.count == 1 { return (contenders[0], 0) }
            work.record(rescoringOf: contenders.count, features: features)
            let exact = state.scoresInFloat64(candidates: contenders, rows: nil, residual: residual)
            return (GreedyForwardSelection.lowestIndexMinimiser(candidates: contenders, scores: exact), contenders.count)
        }
    }

    /// The eligible neurons whose score interval [score_r - e_r, score_r + e_r] reaches
    /// U = min_r (score_r + e_r), in increasing order (the possible minimisers); empty when no
    /// eligible neuron has a finite score.
    static func contenders(scores: [Double], bounds: [Double], pool: CandidatePool) -> [Int] {
        var upper = Double.infinity
        for r in scores.indices where pool.isEligible[r] { upper = min(upper, scores[r] + bounds[r]) }
        var contenders: [Int] = []
        for r in scores.indices where pool.isEligible[r] && scores[r] - bounds[r] <= upper {
            contenders.append(r)
        }
        return contenders
    }

    /// ||M_c|| for every column c of a row-major m x C matrix (float64, rows in increasing order).
    static func columnNorms(_ matrix: [Double], outputs c: Int) -> [Double] {
        var norms = [Double](repeating: 0, count: c)
        matrix.withUnsafeBufferPointer { values in
            for o in 0..<c {
                var total = 0.0
                var index = o
                while index < values.count {
                    total += values[index] * values[index]
                    index += c
                }
                norms[o] = total.squareRoot()
            }
        }
        return norms
    }

    /// The candidate with the smallest score; among equal scores, the lowest neuron index.
    static func lowestIndexMinimiser(candidates: [Int], scores: [Double]) -> Int {
        var best = candidates[0]
        var bestScore = scores[0]
        for t in 1..<candidates.count {
            let r = candidates[t]
            if scores[t] < bestScore || (scores[t] == bestScore && r < best) {
                best = r
                bestScore = scores[t]
            }
        }
        return best
    }

    /// A fresh projection G = A^T M (N x C, float64) of a float64 residual M (m x C): M is rounded
    /// to float32 and multiplied by the float32 activations in blocks of `blockRows` rows
    /// (`NeuronFeatures.activationProjection`), one pass over the activations. Every entry is
    /// within 1.01 (gamma_n + 3u) ||a_r|| ||M_c|| of (A^T M)_rc (see `ExactScorer`).
    struct FreshProjection {
        let features: NeuronFeatures
        let blockRows: Int
        /// G = A^T M of the last `project` call.
        private(set) var projection: [Double]
        private var residual32: [Float]
        private var blockScratch: [Float]

        init(features: NeuronFeatures, blockRows: Int) {
            self.features = features
            self.blockRows = blockRows
            residual32 = [Float](repeating: 0, count: features.sampleCount * features.outputCount)
            projection = [Double](repeating: 0, count: features.neuronCount * features.outputCount)
            blockScratch = [Float](repeating: 0, count: features.neuronCount * features.outputCount)
        }

        /// The relative summation error factor 1.01 (gamma_n + 3u) of the blocked float32 product.
        var errorFactor: Double {
            let u = 0x1p-24
            let nu = Double(blockRows) * u
            return 1.01 * (nu / (1 - nu) + 3 * u)
        }

        /// Computes `projection` = A^T M for `residual` (m x C row-major, float64) and returns
        /// ||M_c|| for every output c (float64).
        mutating func project(residual: [Double]) -> [Double] {
            for index in 0..<residual.count { residual32[index] = Float(residual[index]) }
            let residualNorm = GreedyForwardSelection.columnNorms(residual, outputs: features.outputCount)
            let features = features
            let blockRows = blockRows
            residual32.withUnsafeBufferPointer { m32 in
                blockScratch.withUnsafeMutableBufferPointer { scratch in
                    projection.withUnsafeMutableBufferPointer { g in
                        features.activationProjection(m32.baseAddress!, blockRows: blockRows,
                                                      scratch: scratch.baseAddress!, result: g.baseAddress!)
                    }
                }
            }
            return residualNorm
        }
    }
}

extension GreedySelection.ScoringWork {
    /// One fresh projection: a pass over the float32 activations.
    mutating func record(freshProjectionOf features: NeuronFeatures) {
        freshProjections += 1
        activationPasses += 1
        bytesStreamed += Double(features.sampleCount * features.neuronCount * 4)
    }

    /// One float64 rescoring sweep over `candidates` columns (a cache line per entry).
    mutating func record(rescoringOf candidates: Int, features: NeuronFeatures) {
        rescoringSweeps += 1
        bytesStreamed += Double(features.sampleCount * candidates * 64)
    }
}
