import COpenBLAS
import LinearAlgebra

/// A certified lower bound on lambda_0, the smallest eigenvalue of the infinite-width Gram
/// matrix Hinf (THEORY.md section 1), together with the computed estimate lambda-hat.
///
/// Method (no eigendecomposition; m the number of points, u = 2^-53):
/// 1. Estimate. Cholesky of G - sigma0 I, sigma0 = 0, where G is the computed Hinf: in float32
///    (`spotrf`, the default) or float64 (`dpotrf`; also the automatic fallback when the float32
///    factorization breaks down). Lanczos with full reorthogonalisation on the inverse
///    (one forward and one back substitution per step, blocked: ``CholeskySolve``) until the top Ritz value theta_1 of the inverse has
///    residual beta_k |s_k| <= tol * theta_1 (tol = 1e-6 in float32, 1e-10 in float64).
///    Its Ritz vector v is then refined in float64 against G itself: rho = v' G v,
///    r = G v - rho v.
/// 2. Certificate shift. sigma1 = rho - margin with
///    margin = max(min(4 ||r||^2 / g, 2 ||r||), 1e-6 rho, 4 tau), g = lambda~_2 - rho the gap to the
///    second Ritz value (Kato-Temple: the eigenvalue next to rho is within ||r||^2 / g of it).
///    A float64 Cholesky (`dpotrf`, `LAPACK_COL_MAJOR`, 'U', on the symmetric row-major
///    storage) of fl(G - sigma1 I). If it breaks down, the margin is multiplied by 32 (at most
///    three attempts per estimate). If none succeeds after a float32 estimate (or the float32
///    Cholesky broke down, or its float64 residual was >= rho / 10), the whole pipeline is rerun
///    with a float64 estimate; if none succeeds after a float64 estimate, the certificate falls
///    back to the float64 factor at sigma0 = 0 (`usedFallbackShift`, bound -tau: not positive).
/// 3. If the Cholesky of fl(G - sigma I) runs to completion, then
///    lambda_min(Hinf_exact) >= sigma - tau with
///
///        tau = (1 + 1e-12) [ gamma_{m+1} / (1 - gamma_{m+1}) * S / (1 - gamma_m)
///                            + u (max_i |G_ii| + |sigma|)
///                            + m * entryError ],
///
///    gamma_n = n u / (1 - n u), S = the floating-point sum of |fl(G_ii - sigma)|.
///    Proof. Let A = fl(G - sigma I) = G - sigma I + D, D diagonal, |D_ii| <= u |G_ii - sigma|
///    <= u (max|G_ii| + |sigma|). Demmel's backward error for floating-point Cholesky
///    (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., Thm 10.3; valid for any
///    order of the inner products, hence for blocked LAPACK/OpenBLAS variants built on
///    conventional (non-Strassen) matrix products, with or without FMA): if the factorization
///    runs to completion, R^T R = A + dA with |dA| <= gamma_{m+1} |R^T| |R|. Hence
///    ||dA||_2 <= gamma_{m+1} || |R| ||_2^2 <= gamma_{m+1} ||R||_F^2 and
///    ||R||_F^2 = trace(A + dA) <= trace(A) + gamma_{m+1} ||R||_F^2, so
///    ||dA||_2 <= gamma_{m+1}/(1 - gamma_{m+1}) trace(A), and trace(A) <= sum|A_ii|
///    <= S / (1 - gamma_m) (recursive summation of m nonnegative terms). R has a positive
///    diagonal, so R^T R is positive definite and lambda_min(A) > -||dA||_2. Then
///    lambda_min(G) >= sigma + lambda_min(A) - ||D||_2. Finally
///    ||Hinf_exact - G||_2 <= ||.||_F <= m * entryError. The factor (1 + 1e-12) covers the
///    (fewer than 20) roundings in evaluating tau, and the subtraction sigma - tau is rounded
///    down (`nextDown`), so `certifiedLowerBound` <= lambda_min(Hinf_exact).
/// 4. lambda-hat: Lanczos on (R^T R)^-1 of the certifying factor, started from v (plus a small
///    seeded perturbation), tol = 1e-11: lambda-hat = sigma + 1/theta_1. Because sigma is just
///    below lambda_0 this converges in a few steps.
public struct Lambda0Certificate: Sendable, CustomStringConvertible {
    /// Precision of the first (estimating) Cholesky factorization.
    public enum FirstStagePrecision: String, Sendable {
        /// float32 `spotrf` (about half the time of float64); never used for the certificate.
        case single
        /// float64 `dpotrf`.
        case double
    }

    /// m, the order of the Gram matrix.
    public let dimension: Int
    /// lambda-hat, the computed smallest eigenvalue of the computed Gram matrix.
    public let estimate: Double
    /// A number proved to be <= lambda_0 of the exact Hinf (of the exact matrix within
    /// `entryError` of the given Gram matrix): shift - roundingBound, rounded down.
    public let certifiedLowerBound: Double
    /// sigma, the shift of the float64 Cholesky factorization that certifies the bound.
    public let shift: Double
    /// tau, the rounding bound subtracted from the shift (see the type's documentation).
    public let roundingBound: Double
    /// The entrywise error bound of the Gram matrix that tau includes (as m * entryError).
    public let entryError: Double
    /// sigma0, the shift of the estimating factorization.
    public let estimateShift: Double
    /// ||G y - lambda-hat y||_2 in float64 for the final unit Ritz vector y: G has an eigenvalue
    /// within this distance of `estimate`.
    public let residualNorm: Double
    /// The precision the estimating factorization actually used (`.double` after a fallback).
    public let firstStagePrecision: FirstStagePrecision
    /// Lanczos steps (operator applications) of the estimating stage.
    public let estimateIterations: Int
    /// Lanczos steps of the final stage on the certifying factor.
    public let refinementIterations: Int
    /// Cholesky factorizations performed, all precisions.
    public let factorizations: Int
    /// float64 Cholesky factorizations attempted for the certificate (1 when the first shift worked).
    public let certificateAttempts: Int
    /// True when every shift below the estimate failed and the certificate is at sigma0 = 0.
    public let usedFallbackShift: Bool
    /// Wall-clock seconds of the estimating stage (factorization, Lanczos, float64 refinement).
    public let estimateSeconds: Double
    /// Wall-clock seconds of the certifying stage (factorizations and final Lanczos).
    public let certificateSeconds: Double

    /// Lanczos steps of both stages.
    public var lanczosIterations: Int { estimateIterations + refinementIterations }

    public var description: String {
        "lambda0: estimate \(estimate), certified lower bound \(certifiedLowerBound) "
            + "(shift \(shift), tau \(roundingBound), m = \(dimension), \(factorizations) factorizations, "
            + "\(lanczosIterations) Lanczos steps)"
    }

    /// The certificate for the exact infinite-width Gram matrix of the rows of `points` (m x d).
    ///
    /// Builds Hinf with ``InfiniteWidthGram/matrix(points:)`` and uses
    /// ``InfiniteWidthGram/entryErrorBound(dimension:maxNorm2:)`` as the entry error.
    /// - Throws: `BoundsError.singularGram(reason:)` when Hinf cannot be certified positive
    ///   definite (the Cholesky at shift 0 fails, or the certified bound is <= 0); the reason names
    ///   a zero row or two parallel (|cos| > 1 - 1e-12) points by their 0-based row indices when
    ///   there is one. `BoundsError.invalidParameter` for an empty or non-finite point set.
    public static func compute(points: Matrix<Double>, firstStage: FirstStagePrecision = .single) throws -> Lambda0Certificate {
        guard points.rows >= 1, points.columns >= 1 else {
            throw BoundsError.invalidParameter(.points, value: "\(points.rows) x \(points.columns)",
                                               allowed: "at least one point of dimension at least 1")
        }
        guard points.storage.allSatisfy({ $0.isFinite }) else {
            throw BoundsError.invalidParameter(.points, value: "a non-finite coordinate",
                                               allowed: "finite coordinates")
        }
        let gram = InfiniteWidthGram.matrix(points: points)
        let entryError = InfiniteWidthGram.entryErrorBound(
            dimension: points.columns, maxNorm2: InfiniteWidthGram.maxNorm2(points: points))
        let certificate: Lambda0Certificate
        do {
            certificate = try compute(gram: gram, entryError: entryError, firstStage: firstStage)
        } catch BoundsError.singularGram(let reason) {
            throw BoundsError.singularGram(reason: degeneracy(points: points) ?? reason)
        }
        guard certificate.certifiedLowerBound > 0 else {
            throw BoundsError.singularGram(reason: degeneracy(points: points)
                ?? "Hinf is not provably positive definite (estimate \(certificate.estimate), certified lower bound \(certificate.certifiedLowerBound))")
        }
        return certificate
    }

    /// The certificate for the exact symmetric matrix whose entries are within `entryError`
    /// of those of `gram` (pass 0 to certify `gram` itself). `gram` must be symmetric; only
    /// its upper triangle in column-major terms (= lower triangle row-major) is read by the
    /// factorizations, and the full matrix by the float64 refinement.
    /// - Throws: `BoundsError.singularGram(reason:)` when the float64 Cholesky of `gram` itself
    ///   breaks down (not positive definite within rounding); `BoundsError.invalidParameter`
    ///   for a non-square, empty or non-finite matrix or a negative entry error.
    public static func compute(gram: Matrix<Double>, entryError: Double,
                               firstStage: FirstStagePrecision = .single) throws -> Lambda0Certificate {
        let m = gram.rows
        guard m >= 1, gram.columns == m else {
            throw BoundsError.invalidParameter(.gramMatrix, value: "\(gram.rows) x \(gram.columns)",
                                               allowed: "a non-empty square matrix")
        }
        guard entryError >= 0, entryError.isFinite else {
            throw BoundsError.invalidParameter(.gramEntryError, value: "\(entryError)",
                                               allowed: "a finite number >= 0")
        }
        guard gram.storage.allSatisfy({ $0.isFinite }) else {
            throw BoundsError.invalidParameter(.gramMatrix, value: "a non-finite entry", allowed: "finite entries")
        }
        let solver = CertificateSolver(gram: gram, entryError: entryError)
        return try solver.run(firstStage: firstStage)
    }

    /// A one-line description of a zero row or a parallel / antiparallel pair
    /// (|cos| > 1 - 1e-12) among the rows of `points`, by 0-based row index; nil when none.
    static func degeneracy(points: Matrix<Double>) -> String? {
        let m = points.rows, d = points.columns
        var norms = [Double](repeating: 0, count: m)
        for i in 0..<m {
            norms[i] = cblas_dnrm2(Int32(d), Array(points.storage[(i * d)..<((i + 1) * d)]), 1)
            if norms[i] == 0 {
                return "point \(i) (0-based row index) is the zero vector"
            }
        }
        var result: String?
        points.storage.withUnsafeBufferPointer { x in
            // Parallel pairs first (they make Hinf singular), then antiparallel ones.
            search: for wantParallel in [true, false] {
                for i in 0..<m {
                    for j in (i + 1)..<m {
                        let c = cblas_ddot(Int32(d), x.baseAddress! + i * d, 1, x.baseAddress! + j * d, 1)
                        let cosine = c / (norms[i] * norms[j])
                        if abs(cosine) > 1 - 1e-12 && (cosine > 0) == wantParallel {
                            let kind = wantParallel ? "parallel" : "antiparallel"
                            result = "points \(i) and \(j) (0-based row indices) are \(kind) (cos = \(cosine))"
                            break search
                        }
                    }
                }
            }
        }
        return result
    }
}
