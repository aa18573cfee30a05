#if canImport(Glibc)
import Glibc
#endif

/// Theorem A (THEORY.md section 2, `Proofs/TheoremA.tex`): linear convergence of gradient
/// descent on the dense NTK network, with explicit constants.
///
/// With delta_1 = delta_2 = delta_3 = delta_4 = delta/4:
///
///     p      = delta_2 lambda_0 / (16 m^(3/2))
///     R      = kappa sqrt(2) erfinv(p)
///     B      = (||y||^2 + m kappa^2 / 2) / delta_3                  (bound on ||u(0) - y||^2)
///     N_req  = max( 8 m^2 log(2 m^2 / delta_1) / lambda_0^2 ,  16 m B / (lambda_0^2 R^2) )
///     eta_max = lambda_0 / (2 m^2)
///
/// If N >= N_req and eta <= eta_max then, with probability >= 1 - delta over the
/// initialization, ||u(t) - y||^2 <= (1 - eta lambda_0 / 2)^t ||u(0) - y||^2 for every t, and
/// every neuron stays within R' = 4 sqrt(m) ||u(0) - y|| / (sqrt(N) lambda_0) <= R of its start.
public struct TheoremA: Sendable, Equatable {
    public let parameters: NetworkParameters
    /// p = delta_2 lambda_0 / (16 m^(3/2)).
    public let p: Double
    /// R = kappa sqrt(2) erfinv(p): neurons within R of their start keep their activation
    /// pattern except on the points x_i with |w_r(0) . x_i| <= R.
    public let radiusR: Double
    /// B = (||y||^2 + m kappa^2/2) / delta_3, the bound on ||u(0) - y||^2 (Markov).
    public let initialLossBoundB: Double
    /// 8 m^2 log(2 m^2 / delta_1) / lambda_0^2: Hoeffding, so that ||H(0) - Hinf|| <= lambda_0/4.
    public let widthRequiredHoeffding: Double
    /// 16 m B / (lambda_0^2 R^2): so that the movement radius R' stays below R.
    public let widthRequiredMovement: Double
    /// N_req, the larger of the two.
    public let widthRequired: Double
    /// eta_max = lambda_0 / (2 m^2).
    public let etaMax: Double
    /// The step size the statements use: the given one, or eta_max.
    public let eta: Double
    /// The contraction factor 1 - eta lambda_0 / 2 of ||u(t) - y||^2 per step.
    public let rate: Double

    /// Evaluates every constant of Theorem A at `parameters`.
    public init(_ parameters: NetworkParameters) throws {
        self.parameters = parameters
        let m = Double(parameters.samples)
        let share = parameters.failureShare
        let lambda0 = parameters.lambda0
        p = share * lambda0 / (16 * pow(m, 1.5))
        radiusR = parameters.kappa * 2.0.squareRoot() * (try SpecialFunctions.inverseErf(p))
        initialLossBoundB = (parameters.targetNorm2 + m * parameters.kappa * parameters.kappa / 2) / share
        widthRequiredHoeffding = 8 * m * m * log(2 * m * m / share) / (lambda0 * lambda0)
        widthRequiredMovement = 16 * m * initialLossBoundB / (lambda0 * lambda0 * radiusR * radiusR)
        widthRequired = max(widthRequiredHoeffding, widthRequiredMovement)
        etaMax = lambda0 / (2 * m * m)
        eta = parameters.learningRate ?? etaMax
        rate = 1 - eta * lambda0 / 2
    }

    /// Whether the width meets N_req.
    public var widthOK: Bool { Double(parameters.width) >= widthRequired }
    /// Whether the step size meets eta_max.
    public var etaOK: Bool { eta <= etaMax }
    /// Whether both hypotheses hold, so the theorem's conclusions apply.
    public var hypothesesHold: Bool { widthOK && etaOK }

    /// The movement radius R' = 4 sqrt(m) ||u(0) - y|| / (sqrt(N) lambda_0), given the
    /// measured ||u(0) - y||^2.
    public func movementRadius(initialResidualNorm2: Double) -> Double {
        4 * Double(parameters.samples).squareRoot() * initialResidualNorm2.squareRoot()
            / (Double(parameters.width).squareRoot() * parameters.lambda0)
    }

    /// R' at its worst case ||u(0) - y||^2 = B: 4 sqrt(m B) / (sqrt(N) lambda_0).
    public var worstCaseMovementRadius: Double { movementRadius(initialResidualNorm2: initialLossBoundB) }

    /// The bound (1 - eta lambda_0/2)^t * initialResidualNorm2 on ||u(t) - y||^2.
    public func residualBound(iterations t: Double, initialResidualNorm2: Double) -> Double {
        pow(rate, t) * initialResidualNorm2
    }
}
