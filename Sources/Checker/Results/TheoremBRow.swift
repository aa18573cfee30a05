import Bounds

/// One greedy subnetwork beside Theorem B (THEORY.md section 3): at checkpoint t of the run
/// (m, seed), greedy forward selection *with replacement* of k neurons gives a pruned loss
/// l_k(t) that the theorem bounds by
///
///     l_k(t) <= l(t) + D_t^2 H_k / (2k),     H_k = 1 + 1/2 + ... + 1/k,
///
/// with l(t) the dense loss (the dense output is the average of the phi_r, so it lies in their
/// hull) and D_t <= 2 rho_t, rho_t = max_r ||phi_r - u(t)||, the diameter bound the toolkit
/// measures (cost N m instead of N^2 m). All losses are in the result's loss convention.
public struct TheoremBRow: Sendable, Equatable, Codable {
    /// Training points m.
    public var samples: Int
    public var seed: Int
    /// Pre-training iteration t (a checkpoint of the grid).
    public var iteration: Int
    /// Subnetwork size k.
    public var subnetworkSize: Int
    /// Measured pruned loss l_k(t).
    public var prunedLoss: Double
    /// Measured dense loss l(t).
    public var denseLoss: Double
    /// The diameter bound D_t = 2 rho_t used in the greedy term.
    public var diameter: Double
    /// The greedy term D_t^2 H_k / (2k), in the loss convention (divided by m for `.mean`).
    public var greedyTerm: Double
    /// The zero predictor's loss 1/2 ||y||^2 in the loss convention: the trivial bound.
    public var trivialLoss: Double

    /// `targetNorm2` is ||y||^2 (sum convention); the trivial bound 1/2 ||y||^2 is converted.
    /// Computes the greedy term D_t^2 H_k/(2k) with `TheoremB.greedyTerm` and converts it to
    /// `convention` (the losses must already be in it).
    /// - Throws: `CheckerError.invalidValue` naming the field when a value is outside its domain.
    public init(samples: Int, seed: Int, iteration: Int, subnetworkSize: Int, prunedLoss: Double,
                denseLoss: Double, diameter: Double, targetNorm2: Double, convention: LossConvention) throws {
        try Validate.atLeast(samples, 1, "theoremB.samples")
        try Validate.atLeast(iteration, 0, "theoremB.iteration")
        try Validate.atLeast(subnetworkSize, 1, "theoremB.subnetworkSize")
        try Validate.nonNegative(prunedLoss, "theoremB.prunedLoss")
        try Validate.nonNegative(denseLoss, "theoremB.denseLoss")
        try Validate.nonNegative(diameter, "theoremB.diameter")
        try Validate.nonNegative(targetNorm2, "theoremB.targetNorm2")
        self.samples = samples
        self.seed = seed
        self.iteration = iteration
        self.subnetworkSize = subnetworkSize
        self.prunedLoss = prunedLoss
        self.denseLoss = denseLoss
        self.diameter = diameter
        self.greedyTerm = convention.fromSum(try TheoremB.greedyTerm(diameter: diameter, subnetworkSize: subnetworkSize),
                                             samples: samples)
        self.trivialLoss = convention.fromSum(targetNorm2 / 2, samples: samples)
    }

    /// Theorem B's bound l(t) + D_t^2 H_k / (2k).
    public var bound: Double { denseLoss + greedyTerm }
    /// bound / measured: how loose the bound is (>= 1 when it holds exactly); +inf when the
    /// measured loss is 0 and the bound is not.
    public var slack: Double { bound == 0 && prunedLoss == 0 ? 1 : bound / prunedLoss }
}
