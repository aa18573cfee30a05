#if canImport(Glibc)
import Glibc
#endif

/// The inputs every theorem of THEORY.md sections 2-4 is evaluated at.
///
/// m training points in R^d with ||x_i|| = 1, a dense NTK network of width N with initial
/// weight scale kappa (w_r(0) ~ N(0, kappa^2 I)), step size eta, failure probability delta,
/// ||y||^2 the squared norm of the targets, and lambda_0 a *lower bound* on the smallest
/// eigenvalue of Hinf: every quantity below is monotone in lambda_0 in the conservative
/// direction, so a lower bound gives valid (if looser) statements, an overestimate does not.
public struct NetworkParameters: Sendable, Equatable {
    /// Number of training points m >= 1.
    public var samples: Int
    /// Hidden width N >= 1.
    public var width: Int
    /// Input dimension d >= 1.
    public var dimension: Int
    /// A lower bound on lambda_0 = lambda_min(Hinf), in (0, 1/2].
    public var lambda0: Double
    /// Step size eta > 0; `nil` means eta_max of Theorem A.
    public var learningRate: Double?
    /// Failure probability delta in (0, 1), split into four equal shares.
    public var delta: Double
    /// Initial weight scale kappa > 0.
    public var kappa: Double
    /// ||y||^2 >= 0 (m for +-1 labels).
    public var targetNorm2: Double

    /// Validates every parameter; errors name the command-line flag and the allowed range.
    public init(samples: Int, width: Int, dimension: Int, lambda0: Double, learningRate: Double? = nil,
                delta: Double = 0.1, kappa: Double = 1, targetNorm2: Double? = nil) throws {
        func invalid(_ parameter: BoundsParameter, _ value: Any, _ allowed: String) -> BoundsError {
            .invalidParameter(parameter, value: "\(value)", allowed: allowed)
        }
        guard samples >= 1 else { throw invalid(.samples, samples, "an integer m >= 1") }
        guard width >= 1 else { throw invalid(.width, width, "an integer N >= 1") }
        guard dimension >= 1 else { throw invalid(.dimension, dimension, "an integer d >= 1") }
        guard lambda0.isFinite, lambda0 > 0 else { throw invalid(.lambda0, lambda0, "a number in (0, 1/2]") }
        // Hinf_ii = ||x_i||^2 / 2 = 1/2 for unit-norm points, so lambda_min(Hinf) <= 1/2.
        guard lambda0 <= 0.5 else {
            throw invalid(.lambda0, lambda0, "a number in (0, 1/2] (the diagonal of Hinf is 1/2 for unit-norm points, so lambda0 <= 1/2)")
        }
        if let eta = learningRate {
            guard eta.isFinite, eta > 0 else { throw invalid(.learningRate, eta, "a number > 0") }
        }
        guard delta.isFinite, delta > 0, delta < 1 else { throw invalid(.delta, delta, "a number in (0, 1)") }
        guard kappa.isFinite, kappa > 0 else { throw invalid(.kappa, kappa, "a number > 0") }
        let y2 = targetNorm2 ?? Double(samples)
        guard y2.isFinite, y2 >= 0 else { throw invalid(.targetNorm2, y2, "a number >= 0") }
        self.samples = samples
        self.width = width
        self.dimension = dimension
        self.lambda0 = lambda0
        self.learningRate = learningRate
        self.delta = delta
        self.kappa = kappa
        self.targetNorm2 = y2
    }

    /// Each of the four failure-probability shares delta_1 = ... = delta_4 = delta / 4.
    public var failureShare: Double { delta / 4 }
}
