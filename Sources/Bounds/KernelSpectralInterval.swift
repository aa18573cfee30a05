/// An interval [a, b] that contains every eigenvalue of a symmetric positive semi-definite
/// kernel matrix H (a Gram matrix: Hinf or H(0)), found in O(m^2) without decomposing H.
///
/// - Upper end: b = min(||H||_inf, ||H||_F) (1 + 2 m u), u = 2^-53. Both norms bound
///   lambda_max(H) = ||H||_2 for symmetric H (||H||_inf is Gershgorin's bound, max_i sum_j |H_ij|);
///   the factor covers the rounding of the two sums of m non-negative terms, so b is rigorous
///   for the stored matrix.
/// - Lower end: a = max(min_i (H_ii - sum_{j != i} |H_ij|), -8 m u b), the larger of Gershgorin's
///   lower bound (rigorous, usually far below 0) and the stored matrix's distance from the
///   positive semi-definite cone that the eigendecomposition route also assumes
///   (`KernelPrediction.nullTolerance`, 8 m u ||H||_2): H is a Gram matrix in exact arithmetic,
///   and its entries carry a rounding error of a few u each. This is the one assumption of the
///   Chebyshev route; every kernel the toolkit builds satisfies it.
/// - Rows are summed in index order (deterministic, independent of the thread count).
public struct KernelSpectralInterval: Sendable, Equatable {
    public let lower: Double
    public let upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// The interval of the symmetric m x m matrix `h` (row-major; any symmetric layout).
    public init(positiveSemidefinite h: [Double], order m: Int) {
        precondition(m >= 1 && h.count == m * m, "a symmetric matrix of order m needs m * m entries")
        let u = 0x1p-53
        var rowMax = 0.0, gershgorinLow = Double.infinity, frobenius2 = 0.0
        h.withUnsafeBufferPointer { p in
            for i in 0..<m {
                var absolute = 0.0, squares = 0.0
                let row = i * m
                for j in 0..<m {
                    let x = p[row + j]
                    absolute += abs(x)
                    squares += x * x
                }
                let diagonal = p[row + i]
                rowMax = max(rowMax, absolute)
                gershgorinLow = min(gershgorinLow, diagonal - (absolute - abs(diagonal)))
                frobenius2 += squares
            }
        }
        let growth = 1 + 2 * Double(m) * u
        let upper = min(rowMax * growth, frobenius2.squareRoot() * growth * growth)
        self.upper = upper
        lower = max(gershgorinLow - 4 * Double(m) * u * rowMax, -8 * Double(m) * u * upper)
    }

    /// The centre (a + b) / 2 and half-width (b - a) / 2 of the affine map x = c + r s,
    /// s in [-1, 1].
    public var center: Double { (lower + upper) / 2 }
    public var halfWidth: Double { (upper - lower) / 2 }
}
