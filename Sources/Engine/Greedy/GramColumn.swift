/// A Gram column g_p = A^T a_p (g_pr = a_p . a_r for every neuron r) of the activations A,
/// computed from the 16-bit copy (`FixedPointActivations`) in one pass over the rows where
/// a_ip != 0, with a rigorous bound on the error of every entry.
///
/// With x = a_p (exact float32 weights) and the copy a_ir = sigma_r q_ir + e_ir:
///     g~_pr = sigma_r h_r,   h_r ~ sum_{i: x_i != 0} x_i q_ir   (`FixedPointActivations.gramSums`),
///     |g~_pr - g_pr| <= kappa sigma_r H_r + rho_r ||x||_1,   H_r = sum_i |x_i| |q_ir|,
/// kappa = gamma_n + 2 gamma'_{b+2} (see `gramSums`; the scaling by sigma_r = 2^t is
/// exact). H_r is bounded by
/// - nonnegative activations (unsigned codes): H_r = sum_i x_i q_ir <= h_r / (1 - kappa), so
///   kappa sigma_r H_r <= kappa/(1 - kappa) g~_pr;
/// - otherwise: sigma_r H_r <= min(sigma_r Q ||x||_1, ||x||_2 (||a_r|| + sqrt(m) rho_r)), using
///   |q_ir| <= Q and ||q_r|| sigma_r <= ||a_r|| + ||e_r||.
/// ||x||_1, ||x||_2 and ||a_r|| are float64 sums rounded up by (1 + gamma'_{m+2}); the bounds
/// are rounded up by (1 + 2^-40). The two terms are kept apart: the incremental scorer sums the
/// first over its updates but bounds the second jointly (the e_ir are the same for every p, so
/// over several updates sum_p s b_p e_r . a_p = e_r . (sum_p phi_p), see `IncrementalScorer`).
struct GramColumn {
    /// The neuron p.
    let neuron: Int
    /// g~_pr for every r (float64).
    let values: [Double]
    /// Upper bounds on ||a_p||_1 and ||a_p||_2.
    let weightL1: Double
    let weightL2: Double
    /// kappa = gamma_n + 2 gamma'_{b+2}.
    let accumulationFactor: Double
    /// Rows read (those with a_ip != 0).
    let rowsRead: Int

    /// gamma'_k = k 2^-53 / (1 - k 2^-53) (float64 unit roundoff).
    static func gamma64(_ k: Int) -> Double {
        let ku = Double(k) * 0x1p-53
        return ku / (1 - ku)
    }

    /// gamma_n = n 2^-24 / (1 - n 2^-24) (float32 unit roundoff).
    static func gamma32(_ n: Int) -> Double {
        let nu = Double(n) * 0x1p-24
        return nu / (1 - nu)
    }

    /// The Gram column of p from one pass over the rows of `fixedPoint` where a_ip != 0, given
    /// the activation column a_p (`NeuronFeatures.activationColumn`).
    init(neuron p: Int, column: [Float], fixedPoint: FixedPointActivations, blockRows: Int) {
        let (sums, blocks) = fixedPoint.gramSums(weights: column, blockRows: blockRows)
        self.init(neuron: p, column: column, sums: sums, blocks: blocks, fixedPoint: fixedPoint, blockRows: blockRows)
    }

    private init(neuron p: Int, column: [Float], sums: [Double], blocks: Int, fixedPoint: FixedPointActivations,
                 blockRows: Int) {
        var l1 = 0.0
        var l2 = 0.0
        var count = 0
        for x in column where x != 0 {
            l1 += abs(Double(x))
            l2 += Double(x) * Double(x)
            count += 1
        }
        let slack = 1 + GramColumn.gamma64(column.count + 2)
        neuron = p
        weightL1 = l1 * slack
        weightL2 = (l2 * slack).squareRoot() * (1 + 0x1p-52)
        rowsRead = count
        accumulationFactor = GramColumn.gamma32(blockRows) + 2 * GramColumn.gamma64(blocks + 2)
        values = (0..<sums.count).map { fixedPoint.scale[$0] * sums[$0] }
    }

    /// A bound on |g~_pr - a_p . a_r|; `columnNorm` is an upper bound on ||a_r||.
    func errorBound(_ r: Int, fixedPoint: FixedPointActivations, columnNorm: Double) -> Double {
        accumulationErrorBound(r, fixedPoint: fixedPoint, columnNorm: columnNorm)
            + fixedPoint.representationError[r] * weightL1 * (1 + 0x1p-40)
    }

    /// The float arithmetic's part kappa sigma_r H_r of the bound (without rho_r ||x||_1).
    @inline(__always)
    func accumulationErrorBound(_ r: Int, fixedPoint: FixedPointActivations, columnNorm: Double) -> Double {
        let kappa = accumulationFactor
        if fixedPoint.isUnsigned {
            return kappa / (1 - kappa) * abs(values[r]) * (1 + 0x1p-40)
        }
        let sigma = fixedPoint.scale[r]
        let rho = fixedPoint.representationError[r]
        let weightedCodes = min(sigma * Double(fixedPoint.largestCode) * weightL1,
                                weightL2 * (columnNorm + Double(fixedPoint.rows).squareRoot() * rho))
        return kappa * weightedCodes * (1 + 0x1p-40)
    }

    /// Bytes held: N float64 values.
    var byteCount: Int { values.count * MemoryLayout<Double>.size }
}
