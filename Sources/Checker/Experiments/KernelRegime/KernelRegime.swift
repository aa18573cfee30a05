import Bounds
import Engine
import LinearAlgebra

/// A dense NTK run beside its kernel-regime prediction (THEORY.md section 9):
///
///     e_K(t) = (I - eta H)^t e(0),   e = u - y on the training set,
///
/// with H = Hinf or H = H(0) (`KernelChoice`), by the cheaper route of `KernelTrajectory`: one
/// eigendecomposition (`KernelPrediction`) for m below 1024, else a Chebyshev expansion with a
/// certified truncation bound of 1e-12 ||e(0)|| at the run's checkpoints
/// (`KernelChebyshevPrediction`) when its degree is at most m / 4.
/// e(0) and every measured e(t) are evaluated in float64 from the float32 weights and data
/// (`TwoLayerNTK.float64Residual`). eta is the step of gradient descent on the *sum* loss:
/// lr for a `--loss sum` run and lr / m for a `--loss mean` run (`stepSize(of:samples:)`).
public struct KernelRegime: Sendable {
    public let kernel: KernelChoice
    public let prediction: KernelTrajectory
    /// The training inputs (m x d) and targets (length m).
    public let inputs: Matrix<Float>
    public let targets: [Float]

    /// Builds H from the data (and, for H(0), the initial weights) and the prediction of
    /// e(0) = u(0) - y's trajectory at the checkpoint steps `steps`.
    public init(kernel: KernelChoice, inputs x: Matrix<Float>, targets y: [Float], initialNetwork: TwoLayerNTK, eta: Double,
                steps: [Int]) throws {
        self.kernel = kernel
        inputs = x
        targets = y
        let h = Self.kernelMatrix(kernel, inputs: x, initialWeights: initialNetwork.initialWeights)
        let e0 = initialNetwork.float64Residual(on: x, targets: y)
        prediction = try KernelTrajectory(kernel: h, order: x.rows, initialResidual: e0, eta: eta, steps: steps)
    }

    /// A regime from its parts (tests build reports from fixed predictions with it).
    init(kernel: KernelChoice, prediction: KernelTrajectory, inputs: Matrix<Float>, targets: [Float]) {
        self.kernel = kernel
        self.prediction = prediction
        self.inputs = inputs
        self.targets = targets
    }

    /// The m x m kernel matrix (row-major, symmetric, float64): Hinf of the points, or H(0) of
    /// the initial weights on them.
    public static func kernelMatrix(_ kernel: KernelChoice, inputs x: Matrix<Float>, initialWeights w0: Matrix<Float>) -> [Double] {
        switch kernel {
        case .infinite:
            return InfiniteWidthGram.matrix(points: Matrix(rows: x.rows, columns: x.columns, storage: x.storage.map(Double.init))).storage
        case .initial:
            return FiniteWidthGram.matrix(weights: w0, x: x)
        }
    }

    /// eta for gradient descent on the sum loss, from a training configuration: lr for the sum
    /// reduction, lr / m for the mean reduction.
    /// - Throws: `KernelRegimeError.notKernelRegimeRun` unless the run is full-batch gradient
    ///   descent (no momentum, no weight decay) on the NTK network's squared loss.
    public static func stepSize(of configuration: TrainingConfiguration, samples m: Int, path: String) throws -> Double {
        func refuse(_ reason: String) -> KernelRegimeError { .notKernelRegimeRun(path: path, reason: reason) }
        guard configuration.model == .ntk else { throw refuse("model \(configuration.model.rawValue)") }
        guard configuration.loss.kind == .squared else { throw refuse("objective \(configuration.loss.kind.rawValue)") }
        if let b = configuration.batchSize, b != m { throw refuse("minibatch size \(b) of \(m) samples") }
        guard configuration.momentum == 0 else { throw refuse("momentum \(configuration.momentum)") }
        guard configuration.weightDecay == 0 else { throw refuse("weight decay \(configuration.weightDecay)") }
        return configuration.loss.reduction == .mean ? configuration.learningRate / Double(m) : configuration.learningRate
    }

    /// The measured residual norm, the prediction and delta(t) for the network after `step`
    /// iterations.
    public func row(step: Int, network: TwoLayerNTK) throws -> KernelRegimeRow {
        try row(step: step, measuredResidual: network.float64Residual(on: inputs, targets: targets))
    }

    /// The same from a measured residual e(t) = u(t) - y (length m).
    /// - Throws: `KernelPredictionError.lengthMismatch` for a residual of the wrong length.
    public func row(step: Int, measuredResidual e: [Double]) throws -> KernelRegimeRow {
        let measured = e.reduce(0) { $0 + $1 * $1 }
        return KernelRegimeRow(step: step, residualNorm2: measured,
                               predictedResidualNorm2: prediction.residualNorm2(at: step),
                               relativeDeviation: try prediction.relativeDeviation(measuredResidual: e, at: step))
    }
}

/// One checkpoint of a run beside its kernel-regime prediction (sum convention).
public struct KernelRegimeRow: Sendable, Equatable, Codable {
    public var step: Int
    /// ||u(t) - y||^2 measured (float64 evaluation of the checkpoint's weights).
    public var residualNorm2: Double
    /// ||e_K(t)||^2 (nil: the prediction diverges).
    public var predictedResidualNorm2: Double?
    /// delta(t) = ||e(t) - e_K(t)|| / ||e(0)|| (nil: the prediction diverges or e(0) = 0).
    public var relativeDeviation: Double?

    public init(step: Int, residualNorm2: Double, predictedResidualNorm2: Double?, relativeDeviation: Double?) {
        self.step = step
        self.residualNorm2 = residualNorm2
        self.predictedResidualNorm2 = predictedResidualNorm2
        self.relativeDeviation = relativeDeviation
    }
}
