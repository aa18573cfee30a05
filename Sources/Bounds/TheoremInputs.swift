import LinearAlgebra

/// The two quantities of Theorems A-C that come from the data points x_1..x_m (the rows of the
/// m x d matrix X, at unit norm as the theory assumes) rather than from the parameters:
///
/// - lambda_0 = lambda_min(Hinf), Hinf_ij = x_i . x_j (pi - arccos(x_i . x_j)) / (2 pi), with the
///   certified lower bound that the theorems use (``Lambda0Certificate``);
/// - sigma_max(X), the largest singular value of X, an upper bound (``APrioriDiameter/largestSingularValue(points:rows:columns:)``)
///   for the a priori diameter D_t <= 2 sqrt(N) sigma_max(X) (kappa q + R').
///
/// `lth bounds --data` and `lth check` (every cell of `TheoryExperiment`) both measure them here.
public struct TheoremInputs: Sendable {
    /// The certificate of lambda_0: the estimate lambda-hat and the certified lower bound.
    public let lambda0: Lambda0Certificate
    /// sigma_max(X), rounded up.
    public let largestSingularValue: Double

    /// Measures both quantities for the rows of `points` (m x d, float64).
    /// - Throws: what ``Lambda0Certificate/compute(points:firstStage:)`` throws
    ///   (`BoundsError.singularGram` for a zero row or two parallel points) and LAPACK failures
    ///   of the singular value.
    public init(points: Matrix<Double>) throws {
        lambda0 = try Lambda0Certificate.compute(points: points)
        largestSingularValue = try APrioriDiameter.largestSingularValue(points: points.storage, rows: points.rows, columns: points.columns)
    }
}
