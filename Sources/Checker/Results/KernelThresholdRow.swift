import Bounds

/// A dense run's loss target beside the kernel regime's prediction of when it is met
/// (THEORY.md section 9), for the run (m, seed) and the target eps (in the result's loss
/// convention):
///
/// - t_dense: the first checkpoint where the measured dense loss l(u(t)) <= eps (nil: never on
///   the grid);
/// - t_K(eps): the first integer t with 1/2 ||(I - eta Hinf)^t e(0)||^2 <= eps in the sum
///   convention (eps_sum = m eps for a per-sample target), with the a priori e(0) = -y, eta the
///   run's step on the sum loss and Hinf of the run's training set: from Hinf's spectrum and y's
///   projections on its eigenvectors (`KernelPrediction.reachTime(loss:)`), exact, not on the grid.
public struct KernelThresholdRow: Sendable, Equatable, Codable {
    public var samples: Int
    public var seed: Int
    /// The loss target eps, in the result's loss convention.
    public var epsilon: Double
    /// t_dense: first checkpoint with l(u(t)) <= eps; nil if never.
    public var denseThreshold: Int?
    /// t_K(eps), or why there is none (never reached: the part of y in Hinf's null space; diverges:
    /// some eta lambda_i >= 2).
    public var kernelThreshold: KernelPrediction.ReachTime

    /// - Throws: `CheckerError.invalidValue` naming the field when a value is outside its domain.
    public init(samples: Int, seed: Int, epsilon: Double, denseThreshold: Int?, kernelThreshold: KernelPrediction.ReachTime) throws {
        try Validate.atLeast(samples, 1, "kernelThreshold.samples")
        try Validate.positive(epsilon, "kernelThreshold.epsilon")
        if let t = denseThreshold { try Validate.atLeast(t, 0, "kernelThreshold.denseThreshold") }
        if case let .step(t) = kernelThreshold { try Validate.nonNegative(t, "kernelThreshold.kernelThreshold") }
        self.samples = samples
        self.seed = seed
        self.epsilon = epsilon
        self.denseThreshold = denseThreshold
        self.kernelThreshold = kernelThreshold
    }

    /// t_K as a number of steps (nil when never reached or diverging).
    public var kernelSteps: Double? {
        if case let .step(t) = kernelThreshold { return t }
        return nil
    }
}
