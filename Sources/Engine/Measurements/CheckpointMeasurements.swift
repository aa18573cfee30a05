/// What the engine measures at one checkpoint (THEORY.md section 6).
///
/// Losses are reported with the run's reduction (`lossReduction`: sum = THEORY.md's
/// l(u) = 1/2 ||u - y||^2 over the whole set, mean = l/m). Accuracies are fractions in [0, 1]
/// (nil for regression data). The contraction statistics cover the iterations since the
/// previous checkpoint: for j in [previous, step) the measured per-step contraction is
/// c_j = ||u(j+1) - y||^2 / ||u(j) - y||^2 on the full training set (full-batch squared-loss
/// runs only, nil otherwise); `contractionMax` is max_j c_j and `contractionGeometricMean` is
/// exp(mean_j log c_j).
public struct CheckpointMeasurements: Sendable, Codable, Equatable {
    /// Iterations done (0 = initialization).
    public var step: Int
    public var lossReduction: LossReduction
    public var trainLoss: Double
    public var trainAccuracy: Double?
    public var testLoss: Double?
    public var testAccuracy: Double?
    /// ||u(t) - y||^2 on the training set (squared loss only).
    public var trainResidualNorm2: Double?
    public var contractionMax: Double?
    public var contractionGeometricMean: Double?
    /// lambda_min of the finite-width Gram H(t) on the training set (NTK, when requested).
    public var gramMinEigenvalue: Double?
    /// max_r ||w_r(t) - w_r(0)||_2 over the first hidden layer (float64).
    public var maxWeightMovement: Double
    /// rho_t = max_r ||phi_r - (u - c)|| on the training set (two-layer networks), so that the
    /// diameter of {phi_r} obeys D_t <= 2 rho_t.
    public var rho: Double?

    public init(step: Int, lossReduction: LossReduction, trainLoss: Double, trainAccuracy: Double? = nil,
                testLoss: Double? = nil, testAccuracy: Double? = nil, trainResidualNorm2: Double? = nil,
                contractionMax: Double? = nil, contractionGeometricMean: Double? = nil,
                gramMinEigenvalue: Double? = nil, maxWeightMovement: Double, rho: Double? = nil) {
        self.step = step
        self.lossReduction = lossReduction
        self.trainLoss = trainLoss
        self.trainAccuracy = trainAccuracy
        self.testLoss = testLoss
        self.testAccuracy = testAccuracy
        self.trainResidualNorm2 = trainResidualNorm2
        self.contractionMax = contractionMax
        self.contractionGeometricMean = contractionGeometricMean
        self.gramMinEigenvalue = gramMinEigenvalue
        self.maxWeightMovement = maxWeightMovement
        self.rho = rho
    }

    /// The measurements as (metric name, value) pairs in a fixed order, as written to
    /// `metrics.jsonl`: train.loss, train.accuracy, test.loss, test.accuracy, train.residual_norm2,
    /// contraction.max, contraction.geomean, gram.lambda_min, movement.max, rho (absent values skipped).
    public var namedValues: [(name: String, value: Double)] {
        var out: [(String, Double)] = [("train.loss", trainLoss)]
        if let v = trainAccuracy { out.append(("train.accuracy", v)) }
        if let v = testLoss { out.append(("test.loss", v)) }
        if let v = testAccuracy { out.append(("test.accuracy", v)) }
        if let v = trainResidualNorm2 { out.append(("train.residual_norm2", v)) }
        if let v = contractionMax { out.append(("contraction.max", v)) }
        if let v = contractionGeometricMean { out.append(("contraction.geomean", v)) }
        if let v = gramMinEigenvalue { out.append(("gram.lambda_min", v)) }
        out.append(("movement.max", maxWeightMovement))
        if let v = rho { out.append(("rho", v)) }
        return out
    }
}

/// One training checkpoint: the parameters after `step` iterations and their measurements.
public struct Checkpoint: Sendable {
    public var step: Int
    public var network: Network
    public var measurements: CheckpointMeasurements
    /// What `Trainer` needs to continue from this checkpoint (its network is `network`, shared,
    /// not copied); nil for checkpoints that did not come from a `Trainer` in this process.
    public var trainingState: TrainingState?

    public init(step: Int, network: Network, measurements: CheckpointMeasurements, trainingState: TrainingState? = nil) {
        self.step = step
        self.network = network
        self.measurements = measurements
        self.trainingState = trainingState
    }
}
