import LinearAlgebra

/// The state of greedy forward selection after j - 1 picks: the running sum
/// S_{j-1} = sum_{i < j} phi_{r_i} = (j - 1) v_{j-1} (an m x C matrix, float64) and the
/// selection target ybar = y - c (the output bias c is kept outside the selection).
///
/// Scoring identity (THEORY.md section 3). With the step-j residual M_j = S_{j-1} - j ybar,
///     1/2 || (S_{j-1} + phi_r)/j - ybar ||^2 = ( 1/2 ||M_j||^2 + score_r ) / j^2,
///     score_r = <phi_r, M_j> + 1/2 ||phi_r||^2,
/// and for phi_r = s a_r (outer) b_r,
///     <phi_r, M_j> = s a_r^T M_j b_r,   ||phi_r||^2 = s^2 ||a_r||^2 ||b_r||^2.
/// Minimising the loss over r is minimising score_r. Updating S costs O(m C) per step.
struct GreedyRunningSum {
    let features: NeuronFeatures
    /// ybar = y - c, m x C row-major, float64.
    let selectionTarget: [Double]
    /// S = sum of the selected phi_r, m x C row-major, float64.
    private(set) var sum: [Double]
    /// ||b_r||^2 for every neuron, float64.
    let outputNorm2: [Double]

    init(features: NeuronFeatures, targets: Matrix<Float>) {
        self.features = features
        let m = features.sampleCount
        let c = features.outputCount
        var target = [Double](repeating: 0, count: m * c)
        for i in 0..<m {
            for o in 0..<c {
                target[i * c + o] = Double(targets.storage[i * c + o]) - Double(features.outputBias[o])
            }
        }
        selectionTarget = target
        sum = [Double](repeating: 0, count: m * c)
        var norms = [Double](repeating: 0, count: features.neuronCount)
        for r in 0..<features.neuronCount {
            var total = 0.0
            for o in 0..<c {
                let b = Double(features.outputWeights.storage[r * c + o])
                total += b * b
            }
            norms[r] = total
        }
        outputNorm2 = norms
    }

    /// M_j = S_{j-1} - j ybar in float64, m x C row-major.
    func residual(step j: Int) -> [Double] {
        var residual = [Double](repeating: 0, count: sum.count)
        let jj = Double(j)
        for index in 0..<sum.count {
            residual[index] = sum[index] - jj * selectionTarget[index]
        }
        return residual
    }

    /// score_r = <phi_r, M_j> + 1/2 ||phi_r||^2 restricted to `rows` (all rows when `nil`),
    /// evaluated in float64 for each neuron of `candidates`.
    ///
    /// One sweep over the rows in increasing order; for every candidate the accumulations
    /// p_r = sum_i a_ir (M_j,i . b_r) and q_r = sum_i a_ir^2 run in that same order, so two calls
    /// with the same rows give bitwise identical scores for the same neuron. With several
    /// candidates and enough rows the candidates are split between workers (each candidate's sums
    /// are unchanged).
    func scoresInFloat64(candidates: [Int], rows: [Int]?, residual: [Double]) -> [Double] {
        scoresInFloat64(candidates: candidates, rows: rows, residual: residual, keepingColumns: false).scores
    }

    /// `scoresInFloat64` over all rows that also returns the candidates' activation columns
    /// (read by the same sweep; the scores are bitwise those of `scoresInFloat64`).
    func scoresAndColumnsInFloat64(candidates: [Int], residual: [Double]) -> (scores: [Double], columns: [[Float]]) {
        scoresInFloat64(candidates: candidates, rows: nil, residual: residual, keepingColumns: true)
    }

    private func scoresInFloat64(candidates: [Int], rows: [Int]?, residual: [Double],
                                 keepingColumns: Bool) -> (scores: [Double], columns: [[Float]]) {
        let n = features.neuronCount
        let c = features.outputCount
        let m = features.sampleCount
        let s = Double(features.featureScale)
        var linear = [Double](repeating: 0, count: candidates.count)
        var quadratic = [Double](repeating: 0, count: candidates.count)
        var kept = [Float](repeating: 0, count: keepingColumns ? candidates.count * m : 0)
        let rowCount = rows?.count ?? m
        let parts = min(candidates.count, GreedyWorkers.count(forEntries: 8 * rowCount * candidates.count))
        let groups = GreedyWorkers.ranges(count: candidates.count, parts: parts, multiple: 1)
        features.activations.storage.withUnsafeBufferPointer { activations in
            features.outputWeights.storage.withUnsafeBufferPointer { weights in
                residual.withUnsafeBufferPointer { residual in
                    linear.withUnsafeMutableBufferPointer { linear in
                        quadratic.withUnsafeMutableBufferPointer { quadratic in
                            kept.withUnsafeMutableBufferPointer { kept in
                                let shared = UncheckedBox((activations, weights, residual, linear, quadratic, kept))
                                GreedyWorkers.run(parts: groups.count) { part in
                                    let (activations, weights, residual, linear, quadratic, kept) = shared.value
                                    let group = groups[part]
                                    func sweep(row i: Int) {
                                        let rowBase = i * n
                                        for t in group {
                                            let r = candidates[t]
                                            let value = activations[rowBase + r]
                                            if keepingColumns { kept[t * m + i] = value }
                                            let a = Double(value)
                                            if a == 0 { continue }
                                            var dot = 0.0
                                            for o in 0..<c { dot += residual[i * c + o] * Double(weights[r * c + o]) }
                                            linear[t] += a * dot
                                            quadratic[t] += a * a
                                        }
                                    }
                                    if let rows {
                                        for i in rows { sweep(row: i) }
                                    } else {
                                        for i in 0..<m { sweep(row: i) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var scores = [Double](repeating: 0, count: candidates.count)
        for (t, r) in candidates.enumerated() {
            scores[t] = GreedyRunningSum.score(linear: linear[t], columnNorm2: quadratic[t],
                                               outputNorm2: outputNorm2[r], scale: s)
        }
        let columns = keepingColumns ? (0..<candidates.count).map { Array(kept[($0 * m)..<(($0 + 1) * m)]) } : []
        return (scores, columns)
    }

    /// score = s p + 1/2 s^2 q ||b||^2 with p = a^T M b and q = ||a||^2 (one formula everywhere,
    /// so that equal inputs give bitwise equal scores).
    @inline(__always)
    static func score(linear p: Double, columnNorm2 q: Double, outputNorm2 b2: Double, scale s: Double) -> Double {
        s * p + 0.5 * (s * s) * q * b2
    }

    /// S <- S + phi_r, given column r of the activations (`NeuronFeatures.activationColumn`): O(m C).
    mutating func add(neuron r: Int, column: [Float]) {
        let c = features.outputCount
        let s = Double(features.featureScale)
        features.outputWeights.storage.withUnsafeBufferPointer { weights in
            sum.withUnsafeMutableBufferPointer { sum in
                for i in 0..<features.sampleCount {
                    let a = s * Double(column[i])
                    if a == 0 { continue }
                    for o in 0..<c { sum[i * c + o] += a * Double(weights[r * c + o]) }
                }
            }
        }
    }

    /// l(v_k) = 1/2 || S/k - ybar ||^2 (sum convention, float64).
    func loss(size k: Int) -> Double {
        let kk = Double(k)
        var total = 0.0
        for index in 0..<sum.count {
            let d = sum[index] / kk - selectionTarget[index]
            total += d * d
        }
        return 0.5 * total
    }
}
