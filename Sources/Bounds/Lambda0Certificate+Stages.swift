import COpenBLAS
import Dispatch
import LinearAlgebra

/// The three stages of ``Lambda0Certificate/compute(gram:entryError:firstStage:)``:
/// estimate (Cholesky at sigma0 = 0 plus Lanczos on the inverse), certificate (float64 Cholesky
/// at sigma1 just below the estimate) and refinement (Lanczos on the certifying factor).
struct CertificateSolver {
    let gram: Matrix<Double>
    let entryError: Double
    let m: Int
    /// max_i |G_ii|.
    let maxAbsDiagonal: Double

    /// tol of the estimating Lanczos in float32 / float64, and of the final Lanczos.
    static let singleTolerance = 1e-6
    static let doubleTolerance = 1e-10
    static let refinementTolerance = 1e-11
    static let maxEstimateIterations = 300
    static let maxRefinementIterations = 100
    /// Factor applied to the margin after a failed certifying Cholesky, and number of attempts.
    static let marginGrowth = 32.0
    static let maxCertificateAttempts = 3

    init(gram: Matrix<Double>, entryError: Double) {
        self.gram = gram
        self.entryError = entryError
        self.m = gram.rows
        var largest = 0.0
        for i in 0..<gram.rows { largest = max(largest, abs(gram.storage[i * gram.rows + i])) }
        self.maxAbsDiagonal = largest
    }

    /// A float64 Cholesky factor R (col-major upper, R^T R = fl(G - sigma I) + dA) and the
    /// rounding bound tau of the certificate at this shift.
    struct Factor {
        var storage: [Double]
        let shift: Double
        let tau: Double
    }

    /// Runs the stages with a float32 estimate first (when asked) and, if that estimate is
    /// unusable (float32 Cholesky breakdown, float64 residual >= rho / 10, or no shift below it
    /// certifies), the whole pipeline again with a float64 estimate.
    func run(firstStage: Lambda0Certificate.FirstStagePrecision) throws -> Lambda0Certificate {
        let clock = ContinuousClock()
        let sigma0 = 0.0
        var factorizations = 0
        var attempts = 0
        var estimateIterations = 0
        var estimateSeconds = 0.0
        var certificateSeconds = 0.0
        let start = Lambda0Certificate.pseudoRandomVector(count: m, seed: 0x1A3B_DA0C)
        let precisions: [Lambda0Certificate.FirstStagePrecision] = firstStage == .single ? [.single, .double] : [.double]

        for precision in precisions {
            // Stage 1: estimate.
            let estimateStart = clock.now
            let estimate: Lambda0Certificate.LanczosOutcome
            var factorAtSigma0: Factor?
            factorizations += 1
            switch precision {
            case .single:
                guard let factor32 = singleFactor(shift: sigma0) else {
                    estimateSeconds += seconds(clock.now - estimateStart)
                    continue
                }
                estimate = singleLanczos(factor: factor32, start: start)
            case .double:
                switch try doubleFactor(shift: sigma0) {
                case .success(let factor):
                    factorAtSigma0 = factor
                    estimate = solveLanczos(factor: factor, start: start, tolerance: Self.doubleTolerance,
                                            maxIterations: Self.maxEstimateIterations)
                case .failure(let column):
                    throw BoundsError.singularGram(reason:
                        "Hinf is not positive definite within rounding: its float64 Cholesky broke down at column \(column) (0-based)")
                }
            }
            estimateIterations += estimate.iterations

            // Float64 Rayleigh quotient and residual of the estimating Ritz vector against G.
            let v = estimate.vector
            let (rho, residual) = rayleighQuotient(v)
            if precision == .single && !(residual < 0.1 * rho) {
                estimateSeconds += seconds(clock.now - estimateStart)
                continue
            }
            let secondEstimate = estimate.secondTheta > 0 ? sigma0 + 1 / estimate.secondTheta : Double.infinity
            let gap = secondEstimate - rho
            let residualMargin = gap > 0 && gap.isFinite
                ? min(4 * residual * residual / gap, 2 * residual) : 2 * residual
            let tauScale = roundingBound(shift: rho, diagonalSum: diagonalAbsSum(shift: rho))
            var margin = max(residualMargin, 1e-6 * abs(rho), 4 * tauScale)
            estimateSeconds += seconds(clock.now - estimateStart)

            // Stage 2: certificate.
            let certificateStart = clock.now
            var certificate: Factor?
            for _ in 0..<Self.maxCertificateAttempts {
                let sigma1 = rho - margin
                if sigma1 <= sigma0 { break }
                attempts += 1
                factorizations += 1
                if case .success(let factor) = try doubleFactor(shift: sigma1) {
                    certificate = factor
                    break
                }
                margin *= Self.marginGrowth
            }
            var usedFallback = false
            if certificate == nil {
                guard let factorAtSigma0 else {
                    certificateSeconds += seconds(clock.now - certificateStart)
                    continue
                }
                certificate = factorAtSigma0
                usedFallback = true
            }
            guard let certificate else { continue }

            // Stage 3: lambda-hat from the certifying factor (the estimate itself when they coincide).
            let final: Lambda0Certificate.LanczosOutcome
            var refinementIterations = 0
            if usedFallback {
                final = estimate
            } else {
                let jitter = Lambda0Certificate.pseudoRandomVector(count: m, seed: 0x5EED_0002)
                let scale = 1e-3 / Double(m).squareRoot()
                var startVector = v
                for i in 0..<m { startVector[i] += scale * jitter[i] }
                final = solveLanczos(factor: certificate, start: startVector, tolerance: Self.refinementTolerance,
                                     maxIterations: Self.maxRefinementIterations)
                refinementIterations = final.iterations
            }
            let lambdaHat = certificate.shift + 1 / final.theta
            let finalResidual = residualNorm(final.vector, value: lambdaHat)
            let certifiedLowerBound = (certificate.shift - certificate.tau).nextDown
            certificateSeconds += seconds(clock.now - certificateStart)

            return Lambda0Certificate(
                dimension: m, estimate: lambdaHat, certifiedLowerBound: certifiedLowerBound,
                shift: certificate.shift, roundingBound: certificate.tau, entryError: entryError,
                estimateShift: sigma0, residualNorm: finalResidual, firstStagePrecision: precision,
                estimateIterations: estimateIterations, refinementIterations: refinementIterations,
                factorizations: factorizations, certificateAttempts: attempts, usedFallbackShift: usedFallback,
                estimateSeconds: estimateSeconds, certificateSeconds: certificateSeconds)
        }
        // The float64 pipeline always returns (a factor at sigma0 exists) or throws.
        preconditionFailure("Lambda0Certificate: the float64 stage ended without a certificate")
    }

    /// Lanczos on (R32^T R32)^-1 with one blocked float32 solve (``CholeskySolve``) per step (vectors rounded to float32
    /// for the solves, kept in float64 otherwise).
    func singleLanczos(factor: [Float], start: [Double]) -> Lambda0Certificate.LanczosOutcome {
        let m = self.m
        var x32 = [Float](repeating: 0, count: m)
        return factor.withUnsafeBufferPointer { r in
            Lambda0Certificate.largestEigenpair(
                dimension: m, start: start, relativeTolerance: Self.singleTolerance,
                maxIterations: Self.maxEstimateIterations
            ) { x, y in
                x32.withUnsafeMutableBufferPointer { v in
                    for i in 0..<m { v[i] = Float(x[i]) }
                    CholeskySolve.apply(factor: r.baseAddress!, order: m, v.baseAddress!)
                    for i in 0..<m { y[i] = Double(v[i]) }
                }
            }
        }
    }

    // MARK: factorizations

    enum FactorResult {
        case success(Factor)
        /// The 0-based column at which the Cholesky broke down.
        case failure(Int)
    }

    /// float32 Cholesky of fl32(G - sigma I) (col-major upper); nil when it breaks down.
    func singleFactor(shift: Double) -> [Float]? {
        let m = self.m
        var a = [Float](repeating: 0, count: m * m)
        gram.storage.withUnsafeBufferPointer { g in
            a.withUnsafeMutableBufferPointer { out in
                let source = SharedConstPointer(base: g.baseAddress!)
                let target = SharedPointer(base: out.baseAddress!)
                let parts = m >= 256 ? 2 : 1
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    let lower = part * m / parts, upper = (part + 1) * m / parts
                    for i in lower..<upper {
                        let row = i * m
                        for j in 0..<m { target.base[row + j] = Float(source.base[row + j]) }
                        target.base[row + i] = Float(source.base[row + i] - shift)
                    }
                }
            }
        }
        let info = LAPACKE_spotrf_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "U")), Int32(m), &a, Int32(m))
        return info == 0 ? a : nil
    }

    /// float64 Cholesky of A = fl(G - sigma I) and the certificate's tau at this shift.
    func doubleFactor(shift: Double) throws -> FactorResult {
        let m = self.m
        var a = gram.storage
        var diagonalSum = 0.0
        for i in 0..<m {
            a[i * m + i] = gram.storage[i * m + i] - shift
            diagonalSum += abs(a[i * m + i])
        }
        let info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "U")), Int32(m), &a, Int32(m))
        if info < 0 {
            throw BoundsError.numerical(function: "LAPACKE_dpotrf_work", status: Int(info),
                                        message: "illegal argument \(-info)")
        }
        if info > 0 { return .failure(Int(info) - 1) }
        return .success(Factor(storage: a, shift: shift,
                               tau: roundingBound(shift: shift, diagonalSum: diagonalSum)))
    }

    /// The floating-point sum of |fl(G_ii - sigma)|.
    func diagonalAbsSum(shift: Double) -> Double {
        var sum = 0.0
        for i in 0..<m { sum += abs(gram.storage[i * m + i] - shift) }
        return sum
    }

    /// tau = (1 + 1e-12) [gamma_{m+1}/(1 - gamma_{m+1}) S/(1 - gamma_m) + u (max|G_ii| + |sigma|) + m eps]
    /// (derivation in ``Lambda0Certificate``).
    func roundingBound(shift: Double, diagonalSum: Double) -> Double {
        let u = InfiniteWidthGram.unitRoundoff
        let g = InfiniteWidthGram.gamma(m + 1)
        let cholesky = g / (1 - g) * (diagonalSum / (1 - InfiniteWidthGram.gamma(m)))
        let diagonalShift = u * (maxAbsDiagonal + abs(shift))
        let entries = Double(m) * entryError
        return (1 + 1e-12) * (cholesky + diagonalShift + entries)
    }

    // MARK: Lanczos on a float64 factor, float64 residuals

    /// Lanczos on (R^T R)^-1 with one blocked float64 solve (``CholeskySolve``) per step.
    func solveLanczos(factor: Factor, start: [Double], tolerance: Double, maxIterations: Int)
        -> Lambda0Certificate.LanczosOutcome
    {
        let m = self.m
        return factor.storage.withUnsafeBufferPointer { r in
            Lambda0Certificate.largestEigenpair(
                dimension: m, start: start, relativeTolerance: tolerance, maxIterations: maxIterations
            ) { x, y in
                y.update(from: x, count: m)
                CholeskySolve.apply(factor: r.baseAddress!, order: m, y)
            }
        }
    }

    /// rho = v' G v and ||G v - rho v|| for a unit vector v, in float64.
    func rayleighQuotient(_ v: [Double]) -> (Double, Double) {
        let gv = apply(v)
        let rho = cblas_ddot(Int32(m), v, 1, gv, 1)
        var r = gv
        cblas_daxpy(Int32(m), -rho, v, 1, &r, 1)
        return (rho, cblas_dnrm2(Int32(m), r, 1))
    }

    /// ||G y - value y|| in float64.
    func residualNorm(_ y: [Double], value: Double) -> Double {
        var r = apply(y)
        cblas_daxpy(Int32(m), -value, y, 1, &r, 1)
        return cblas_dnrm2(Int32(m), r, 1)
    }

    /// G x (full symmetric storage, `dgemv`).
    func apply(_ x: [Double]) -> [Double] {
        var y = [Double](repeating: 0, count: m)
        cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(m), Int32(m), 1.0, gram.storage, Int32(m), x, 1, 0.0, &y, 1)
        return y
    }

    func seconds(_ duration: Duration) -> Double {
        return duration.inSeconds
    }
}
