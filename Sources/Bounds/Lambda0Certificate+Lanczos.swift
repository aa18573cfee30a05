import COpenBLAS

/// Lanczos with full reorthogonalisation for the largest eigenvalue of a symmetric positive
/// definite operator T (here T = (Hinf - sigma I)^-1 applied through a Cholesky factor).
extension Lambda0Certificate {
    /// The outcome of ``largestEigenpair(dimension:start:relativeTolerance:maxIterations:apply:)``.
    struct LanczosOutcome {
        /// theta_1, the largest Ritz value (a lower bound on the largest eigenvalue of T).
        var theta: Double
        /// theta_2, the second largest Ritz value (0 when only one Lanczos step was taken).
        var secondTheta: Double
        /// The unit Ritz vector of theta_1.
        var vector: [Double]
        /// Number of operator applications (Lanczos steps).
        var iterations: Int
        /// beta_k |s_k|: the norm of T y - theta_1 y in exact arithmetic.
        var residualEstimate: Double
        /// Whether the stopping rule was met (false: the iteration cap was reached).
        var converged: Bool
    }

    /// Lanczos on the operator `apply` (y = T x) starting from `start`, with full
    /// reorthogonalisation (classical Gram-Schmidt applied twice against all previous vectors).
    ///
    /// Stopping rule: after step k the tridiagonal T_k is diagonalised (LAPACK `dstev`); with
    /// theta_1 its largest eigenvalue and s its unit eigenvector, the residual of the Ritz pair
    /// is ||T y - theta_1 y|| = beta_k |s_k|. Stop when beta_k |s_k| <= relativeTolerance *
    /// theta_1 (then T has an eigenvalue within relativeTolerance * theta_1 of theta_1), when the
    /// Krylov space becomes invariant (beta_k = 0 or k = dimension), or after maxIterations steps.
    static func largestEigenpair(
        dimension m: Int,
        start: [Double],
        relativeTolerance: Double,
        maxIterations: Int,
        apply: (UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void
    ) -> LanczosOutcome {
        precondition(m >= 1 && start.count == m)
        let kMax = max(1, min(m, maxIterations))
        var basis = [Double](repeating: 0, count: kMax * m)  // row j holds v_j
        var alpha = [Double]()
        var beta = [Double]()
        var w = [Double](repeating: 0, count: m)
        var h = [Double](repeating: 0, count: kMax)

        var startNorm = cblas_dnrm2(Int32(m), start, 1)
        var first = start
        if !(startNorm > 0) || !startNorm.isFinite {
            first = [Double](repeating: 1, count: m)
            startNorm = Double(m).squareRoot()
        }
        for i in 0..<m { basis[i] = first[i] / startNorm }

        var theta = 0.0, secondTheta = 0.0, residual = Double.infinity
        var ritzCoefficients = [Double](repeating: 1, count: 1)
        var converged = false
        var k = 0
        while true {
            basis.withUnsafeMutableBufferPointer { v in
                w.withUnsafeMutableBufferPointer { wb in
                    h.withUnsafeMutableBufferPointer { hb in
                        apply(UnsafePointer(v.baseAddress! + k * m), wb.baseAddress!)
                        var alphaK = 0.0
                        for _ in 0..<2 {
                            // h = V_{0..k} w ; w -= V_{0..k}^T h
                            cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(k + 1), Int32(m), 1.0,
                                        v.baseAddress, Int32(m), wb.baseAddress, 1, 0.0, hb.baseAddress, 1)
                            cblas_dgemv(CblasRowMajor, CblasTrans, Int32(k + 1), Int32(m), -1.0,
                                        v.baseAddress, Int32(m), hb.baseAddress, 1, 1.0, wb.baseAddress, 1)
                            alphaK += hb[k]
                        }
                        alpha.append(alphaK)
                    }
                }
            }
            let betaK = cblas_dnrm2(Int32(m), w, 1)
            k += 1
            let (values, lastVector) = tridiagonalTopEigenpairs(alpha: alpha, beta: beta)
            theta = values.last!
            secondTheta = values.count >= 2 ? values[values.count - 2] : 0
            ritzCoefficients = lastVector
            residual = betaK * abs(lastVector[k - 1])
            if residual <= relativeTolerance * abs(theta) || betaK == 0 || !betaK.isFinite {
                converged = true
                break
            }
            if k == kMax {
                converged = (k == m)
                break
            }
            beta.append(betaK)
            basis.withUnsafeMutableBufferPointer { v in
                let next = v.baseAddress! + k * m
                for i in 0..<m { next[i] = w[i] / betaK }
            }
        }
        // Ritz vector y = V_k^T s.
        var ritz = [Double](repeating: 0, count: m)
        cblas_dgemv(CblasRowMajor, CblasTrans, Int32(k), Int32(m), 1.0, basis, Int32(m),
                    ritzCoefficients, 1, 0.0, &ritz, 1)
        let ritzNorm = cblas_dnrm2(Int32(m), ritz, 1)
        if ritzNorm > 0 { for i in 0..<m { ritz[i] /= ritzNorm } }
        return LanczosOutcome(theta: theta, secondTheta: secondTheta, vector: ritz, iterations: k,
                              residualEstimate: residual, converged: converged)
    }

    /// Eigenvalues (ascending) of the symmetric tridiagonal matrix with diagonal `alpha` and
    /// off-diagonal `beta`, and the unit eigenvector of the largest one (LAPACK `dstev`).
    static func tridiagonalTopEigenpairs(alpha: [Double], beta: [Double]) -> ([Double], [Double]) {
        let k = alpha.count
        if k == 1 { return (alpha, [1]) }
        var d = alpha
        var e = Array(beta.prefix(k - 1))
        var z = [Double](repeating: 0, count: k * k)
        var work = [Double](repeating: 0, count: max(1, 2 * k - 2))
        let info = LAPACKE_dstev_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), Int32(k), &d, &e, &z, Int32(k), &work)
        precondition(info == 0, "dstev failed on a \(k) x \(k) tridiagonal matrix (info \(info))")
        // Column k-1 (col-major) is the eigenvector of the largest eigenvalue.
        return (d, Array(z[((k - 1) * k)..<(k * k)]))
    }

    /// A deterministic start vector with entries uniform in [-1, 1) (SplitMix64, seeded), so
    /// that it has a nonzero component along every eigenvector with probability 1 and the
    /// results are reproducible.
    static func pseudoRandomVector(count: Int, seed: UInt64) -> [Double] {
        var state = seed
        var out = [Double](repeating: 0, count: count)
        for i in 0..<count {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            out[i] = Double(z >> 11) * 0x1p-52 - 1
        }
        return out
    }
}
