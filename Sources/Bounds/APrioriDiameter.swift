import COpenBLAS

#if canImport(Glibc)
import Glibc
#endif

/// The a priori bound on the diameter D_t of the neuron features (THEORY.md section 4,
/// `Proofs/APrioriDiameter.tex`), valid for every iteration t under Theorem A's hypotheses:
///
///     D_t <= 2 sqrt(N) sigma_max(X) (kappa q + R'),
///
/// where q^2 is the chi-square(d) upper quantile at delta_4 / N (so that, by a union bound
/// over the N neurons, every ||w_r(0)|| <= kappa q with probability >= 1 - delta_4), and R' is
/// the movement radius at its worst case 4 sqrt(m B) / (sqrt(N) lambda_0). sigma_max(X) is the
/// largest singular value of the data matrix when data is given, and its bound sqrt(m) for
/// unit-norm points otherwise.
public struct APrioriDiameter: Sendable, Equatable {
    /// q^2: P(chi2_d >= q^2) = delta_4 / N (rounded up by a relative 1e-12 past the solver's tolerance).
    public let chiSquareQuantile: Double
    /// The worst-case movement radius R' = 4 sqrt(m B) / (sqrt(N) lambda_0).
    public let movementRadius: Double
    /// sigma_max(X), or sqrt(m) when no data was given.
    public let largestSingularValue: Double
    /// Whether `largestSingularValue` came from data (`true`) or is the bound sqrt(m).
    public let singularValueFromData: Bool
    /// The bound on D_t.
    public let diameter: Double

    /// Evaluates the bound for Theorem A's constants; `largestSingularValue` is sigma_max(X)
    /// of the actual data, or `nil` for the unit-norm bound sqrt(m).
    public init(_ theorem: TheoremA, largestSingularValue: Double? = nil) throws {
        let parameters = theorem.parameters
        let n = Double(parameters.width)
        // The root finder stops at relative tolerance 1e-13; enlarging by 1e-12 keeps q^2 an
        // upper bound on the exact quantile, as the union bound needs.
        chiSquareQuantile = try SpecialFunctions.chiSquareUpperQuantile(
            degreesOfFreedom: parameters.dimension, tailProbability: parameters.failureShare / n) * (1 + 1e-12)
        movementRadius = theorem.worstCaseMovementRadius
        singularValueFromData = largestSingularValue != nil
        self.largestSingularValue = largestSingularValue ?? Double(parameters.samples).squareRoot()
        diameter = 2 * n.squareRoot() * self.largestSingularValue
            * (parameters.kappa * chiSquareQuantile.squareRoot() + movementRadius)
    }

    /// An upper bound on the largest singular value of the m x d data matrix X (rows are
    /// points): sqrt(lambda_max(X^T X)) from LAPACK's `dsyevr` on the d x d matrix X^T X,
    /// enlarged by the relative factor (1 + 4 (m + d) u) with u = 2^-53, which covers the
    /// rounding of forming X^T X and of the eigensolver's backward error, so the result is
    /// safe to use where an upper bound is needed.
    public static func largestSingularValue(points: [Double], rows m: Int, columns d: Int) throws -> Double {
        precondition(points.count == m * d)
        var gram = [Double](repeating: 0, count: d * d)
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(d), Int32(m), 1.0, points, Int32(d), 0.0, &gram, Int32(d))
        var eigenvalues = [Double](repeating: 0, count: d)
        var found: Int32 = 0
        var support = [Int32](repeating: 0, count: 2 * d)
        var unusedVectors = [Double](repeating: 0, count: 1)
        // Column-major 'L' on row-major upper storage: the same triangle, no transposed copy.
        let info = LAPACKE_dsyevr(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "I")),
                                  CChar(UInt8(ascii: "L")), Int32(d), &gram, Int32(d), 0, 0, Int32(d), Int32(d),
                                  0, &found, &eigenvalues, &unusedVectors, 1, &support)
        guard info == 0, found == 1 else {
            throw BoundsError.numerical(function: "LAPACKE_dsyevr", status: Int(info), message: "largest eigenvalue of X^T X not found")
        }
        let unit = Double.ulpOfOne / 2
        return max(0, eigenvalues[0]).squareRoot() * (1 + 4 * Double(m + d) * unit)
    }
}
