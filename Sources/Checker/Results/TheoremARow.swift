import Bounds

/// One checkpoint of one dense run, beside Theorem A (THEORY.md section 2):
///
///     ||u(t) - y||^2 <= (1 - eta lambda_0 / 2)^t ||u(0) - y||^2    when N >= N_req and eta <= eta_max.
///
/// Residuals are squared Euclidean norms ||u - y||_2^2 (Frobenius for several outputs), never
/// divided by m, whatever the loss convention. `lambda0` is the certified lower bound the
/// theorem uses; `lambda0Estimate` the computed lambda_min(Hinf) of the data.
public struct TheoremARow: Sendable, Equatable, Codable {
    /// Training points m.
    public var samples: Int
    public var seed: Int
    /// Iteration t (a checkpoint of the grid).
    public var iteration: Int
    /// Measured ||u(t) - y||^2.
    public var residual: Double
    /// Measured ||u(0) - y||^2 of the same run.
    public var initialResidual: Double
    /// The per-step contraction rate 1 - eta lambda_0 / 2 the theorem predicts.
    public var predictedRate: Double
    /// The measured per-step contraction since the previous checkpoint t':
    /// (||u(t) - y||^2 / ||u(t') - y||^2)^(1/(t - t')), a geometric mean; nil at the first checkpoint.
    public var measuredRate: Double?
    /// Width N of the dense network.
    public var width: Int
    /// N_req of Theorem A.
    public var widthRequired: Double
    /// The step size eta used.
    public var eta: Double
    /// eta_max = lambda_0 / (2 m^2).
    public var etaMax: Double
    /// lambda_min(Hinf) computed from the data.
    public var lambda0Estimate: Double
    /// The certified lower bound on lambda_0 the theorem uses.
    public var lambda0: Double
    /// ||y||^2: what the zero predictor achieves, the trivial bound on ||u(t) - y||^2.
    public var targetNorm2: Double

    /// - Throws: `CheckerError.invalidValue` naming the field when a value is outside its domain.
    public init(samples: Int, seed: Int, iteration: Int, residual: Double, initialResidual: Double,
                predictedRate: Double, measuredRate: Double?, width: Int, widthRequired: Double,
                eta: Double, etaMax: Double, lambda0Estimate: Double, lambda0: Double, targetNorm2: Double) throws {
        try Validate.atLeast(samples, 1, "theoremA.samples")
        try Validate.atLeast(iteration, 0, "theoremA.iteration")
        try Validate.atLeast(width, 1, "theoremA.width")
        try Validate.nonNegative(residual, "theoremA.residual")
        try Validate.nonNegative(initialResidual, "theoremA.initialResidual")
        guard predictedRate.isFinite, predictedRate <= 1 else {
            throw CheckerError.invalidValue(field: "theoremA.predictedRate", value: "\(predictedRate)", allowed: "a finite number <= 1")
        }
        if let measuredRate { try Validate.nonNegative(measuredRate, "theoremA.measuredRate") }
        try Validate.positive(widthRequired, "theoremA.widthRequired")
        try Validate.positive(eta, "theoremA.eta")
        try Validate.positive(etaMax, "theoremA.etaMax")
        try Validate.nonNegative(lambda0Estimate, "theoremA.lambda0Estimate")
        try Validate.positive(lambda0, "theoremA.lambda0")
        try Validate.nonNegative(targetNorm2, "theoremA.targetNorm2")
        self.samples = samples
        self.seed = seed
        self.iteration = iteration
        self.residual = residual
        self.initialResidual = initialResidual
        self.predictedRate = predictedRate
        self.measuredRate = measuredRate
        self.width = width
        self.widthRequired = widthRequired
        self.eta = eta
        self.etaMax = etaMax
        self.lambda0Estimate = lambda0Estimate
        self.lambda0 = lambda0
        self.targetNorm2 = targetNorm2
    }

    /// The prediction (1 - eta lambda_0/2)^t ||u(0) - y||^2.
    public var predictedResidual: Double { pow(predictedRate, Double(iteration)) * initialResidual }
    /// N_req / N: at most 1 when the width hypothesis holds.
    public var widthFactor: Double { widthRequired / Double(width) }
    /// eta / eta_max: at most 1 when the step-size hypothesis holds.
    public var etaFactor: Double { eta / etaMax }
    /// Whether both hypotheses of Theorem A hold (so its bound is a theorem for this run).
    public var hypothesesHold: Bool { widthFactor <= 1 && etaFactor <= 1 }
    /// The failing hypotheses of Theorem A with their factors (empty when both hold): N >= N_req
    /// as N_req/N <= 1, eta <= eta_max as eta/eta_max <= 1.
    public var hypothesisFailures: [HypothesisFailure] {
        [HypothesisFailure.ratio("N_req/N", widthFactor), HypothesisFailure.ratio("eta/eta_max", etaFactor)].compactMap { $0 }
    }
    /// The trivial bound the prediction must beat to say anything: ||y||^2 (the zero predictor);
    /// at t = 0 the prediction is the measured ||u(0) - y||^2 itself, so that is the trivial value there.
    public var trivialResidual: (value: Double, name: String) {
        iteration == 0 ? (initialResidual, "||u(0)-y||^2 at t = 0") : (targetNorm2, "||y||^2")
    }

    /// The measured per-step contraction between two checkpoints,
    /// (residual / previousResidual)^(1/(t - t')); nil when t <= t' or previousResidual is 0.
    public static func contraction(residual: Double, previousResidual: Double, steps: Int) -> Double? {
        guard steps > 0, previousResidual > 0 else { return nil }
        return pow(residual / previousResidual, 1 / Double(steps))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
