import Bounds
import Foundation

/// What one dense run (m, seed) of a theory check measured, kept as the unit
/// `units/m<M>-seed<S>.json` (`ExperimentUnits`) so an interrupted sweep resumes where it stopped.
/// Losses are sums 1/2 ||.||^2 (converted to the report's convention when rows are built).
public struct TheoryCell: Sendable, Codable, Equatable {
    /// One checkpoint of the run.
    public struct CheckpointRecord: Sendable, Codable, Equatable {
        /// Iteration t.
        public var step: Int
        /// ||u(t) - y||^2.
        public var residualNorm2: Double
        /// rho_t = max_r ||phi_r - u(t)||, so D_t <= 2 rho_t.
        public var rho: Double
        /// 1/2 ||v_k - y||^2 of the greedy (analyzed) subnetwork, one entry per subnet size of the configuration.
        public var prunedSumLosses: [Double]
    }

    public var samples: Int
    public var seed: Int
    public var dimension: Int
    /// Dataset.checksum of the training set.
    public var dataChecksum: String
    public var dataDescription: String
    /// ||y||^2.
    public var targetNorm2: Double
    /// lambda_min(Hinf) of the data and its certified lower bound.
    public var lambda0Estimate: Double
    public var lambda0Certified: Double
    /// An upper bound on sigma_max(X).
    public var largestSingularValue: Double
    /// The step size on the sum loss: lr / m when training on the mean loss, lr otherwise.
    public var etaSum: Double
    public var checkpoints: [CheckpointRecord]
    /// The measurements at the steps between checkpoints that the crossing bisection evaluated
    /// (`ThresholdCrossing`, `TheoryCheckConfiguration.crossings`, `TheoryExperiment.CrossingProbe`), by increasing step; empty when no
    /// threshold is bracketed. The exact crossings are recomputed from these and `checkpoints`
    /// by the same bisection. nil only in cells written before exact crossings existed, which
    /// `read` refuses.
    public var bisectionRecords: [CheckpointRecord]?
    /// The training iterations the bisection took beyond the dense run.
    public var bisectionTrainingSteps: Int?
    /// Wall-clock seconds the cell took (training, greedy and lambda0).
    public var seconds: Double
    /// t_K(eps) for each eps of the configuration, in order (`KernelThresholdRow`); nil in cells
    /// written before it was measured.
    public var kernelThresholds: [KernelPrediction.ReachTime]? = nil

    public init(samples: Int, seed: Int, dimension: Int, dataChecksum: String, dataDescription: String, targetNorm2: Double,
                lambda0Estimate: Double, lambda0Certified: Double, largestSingularValue: Double, etaSum: Double,
                checkpoints: [CheckpointRecord], bisectionRecords: [CheckpointRecord]?, bisectionTrainingSteps: Int?, seconds: Double,
                kernelThresholds: [KernelPrediction.ReachTime]? = nil) {
        self.samples = samples
        self.seed = seed
        self.dimension = dimension
        self.dataChecksum = dataChecksum
        self.dataDescription = dataDescription
        self.targetNorm2 = targetNorm2
        self.lambda0Estimate = lambda0Estimate
        self.lambda0Certified = lambda0Certified
        self.largestSingularValue = largestSingularValue
        self.etaSum = etaSum
        self.checkpoints = checkpoints
        self.bisectionRecords = bisectionRecords
        self.bisectionTrainingSteps = bisectionTrainingSteps
        self.seconds = seconds
        self.kernelThresholds = kernelThresholds
    }

    /// The unit name of the cell for (m, seed).
    public static func unitName(samples: Int, seed: Int) -> String { "m\(samples)-seed\(seed)" }
}
