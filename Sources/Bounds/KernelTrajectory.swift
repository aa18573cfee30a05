/// The kernel-regime residuals e_K(t) = (I - eta H)^t e(0) at a run's checkpoints, by the cheaper
/// of two routes (THEORY.md section 9):
///
/// - `.spectral`: one eigendecomposition (`KernelPrediction`, O(m^3), exact up to rounding, any
///   t; it also gives the spectrum, the null space and t_K);
/// - `.chebyshev`: a Chebyshev expansion of degree d on a certified spectral interval
///   (`KernelChebyshevPrediction`, O(d m^2), with a certified truncation bound, only at the
///   steps it was built for).
///
/// Route rule (`init(kernel:order:initialResidual:eta:steps:)`): the eigendecomposition for
/// m < `chebyshevMinimumOrder` (it takes under 0.3 s there and gives the spectrum); otherwise the
/// Chebyshev expansion when eta b < 2 on its interval [a, b] and its degree for the relative
/// tolerance 1e-12 is at most m / 4 (measured at m = 8000: one `dgemv` with H costs about
/// 1/4000 of `dsyevd` with eigenvectors, so d <= m / 4 keeps the expansion well below it);
/// the eigendecomposition otherwise.
public enum KernelTrajectory: Sendable {
    case spectral(KernelPrediction)
    case chebyshev(KernelChebyshevPrediction)

    /// Below this order the eigendecomposition is always used.
    public static let chebyshevMinimumOrder = 1024

    /// Builds the prediction for the steps `steps` by the route rule above.
    /// - Throws: `KernelPredictionError` (step size, lengths, negative step, LAPACK failure).
    public init(kernel h: [Double], order m: Int, initialResidual e0: [Double], eta: Double, steps: [Int]) throws {
        if m >= Self.chebyshevMinimumOrder,
           let expansion = try KernelChebyshevPrediction(kernel: h, order: m, initialResidual: e0, eta: eta, steps: steps,
                                                         maximumDegree: m / 4) {
            self = .chebyshev(expansion)
        } else {
            self = .spectral(try KernelPrediction(kernel: h, order: m, initialResidual: e0, eta: eta))
        }
    }

    /// The order m.
    public var order: Int {
        switch self {
        case let .spectral(p): return p.order
        case let .chebyshev(p): return p.order
        }
    }

    /// ||e(0)||^2.
    public var initialResidualNorm2: Double {
        switch self {
        case let .spectral(p): return p.initialResidualNorm2
        case let .chebyshev(p): return p.initialResidualNorm2
        }
    }

    /// Whether the prediction diverges (some eta lambda_i outside (0, 2) on a non-null mode). The
    /// Chebyshev route exists only when its interval certifies that no mode diverges.
    public var diverges: Bool {
        switch self {
        case let .spectral(p): return p.diverges
        case .chebyshev: return false
        }
    }

    /// e_K(t) (nil when the prediction diverges, or for a step the Chebyshev expansion was not
    /// built for).
    public func residual(at t: Int) -> [Double]? {
        switch self {
        case let .spectral(p): return p.residual(at: t)
        case let .chebyshev(p): return p.residual(at: t)
        }
    }

    /// ||e_K(t)||^2: from the spectrum (sum_i q_i^(2t) c_i^2) or from the expanded vector.
    public func residualNorm2(at t: Int) -> Double? {
        switch self {
        case let .spectral(p): return p.residualNorm2(at: Double(t))
        case let .chebyshev(p): return p.residual(at: t).map { $0.reduce(0) { $0 + $1 * $1 } }
        }
    }

    /// delta(t) = ||e(t) - e_K(t)|| / ||e(0)|| for a measured residual e(t) (nil when the
    /// prediction diverges, e(0) = 0, or the step is not one the expansion was built for).
    /// - Throws: `KernelPredictionError.lengthMismatch` for a residual of the wrong length.
    public func relativeDeviation(measuredResidual e: [Double], at t: Int) throws -> Double? {
        guard e.count == order else { throw KernelPredictionError.lengthMismatch(expected: order, found: e.count) }
        guard let predicted = residual(at: t), initialResidualNorm2 > 0 else { return nil }
        var total = 0.0
        for i in 0..<order { let d = e[i] - predicted[i]; total += d * d }
        return (total / initialResidualNorm2).squareRoot()
    }
}
