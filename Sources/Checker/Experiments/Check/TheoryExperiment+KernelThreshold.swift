import Bounds
import LinearAlgebra

extension TheoryExperiment {
    /// t_K(eps) of one cell for each sum-convention target (`KernelThresholdRow`): Hinf of the
    /// cell's training points (float64), one eigendecomposition (m is small in a check), the a
    /// priori e(0) = -y and eta = the cell's step on the sum loss.
    /// - Throws: `KernelPredictionError` (LAPACK failure).
    static func kernelThresholds(points: Matrix<Double>, targets y: [Float], etaSum: Double,
                                 sumTargets: [Double]) throws -> [KernelPrediction.ReachTime] {
        let hinf = InfiniteWidthGram.matrix(points: points)
        let prediction = try KernelPrediction(kernel: hinf.storage, order: points.rows, initialResidual: y.map { -Double($0) },
                                              eta: etaSum)
        return try sumTargets.map { try prediction.reachTime(loss: $0) }
    }
}

extension TheoryExperiment {
    /// The cell's rows beside t_K: per eps of the configuration, t_dense (first checkpoint with the
    /// dense loss l(u(t)) <= eps, in the configuration's convention) and the cell's t_K(eps); nil
    /// for a cell written before t_K was measured.
    func kernelThresholdRows(cell: TheoryCell) throws -> [KernelThresholdRow]? {
        guard let kernel = cell.kernelThresholds else { return nil }
        let convention = configuration.convention
        let steps = cell.checkpoints.map(\.step)
        let dense = cell.checkpoints.map { convention.fromSum($0.residualNorm2 / 2, samples: cell.samples) }
        return try zip(configuration.epsilons, kernel).map { epsilon, tK in
            try KernelThresholdRow(samples: cell.samples, seed: cell.seed, epsilon: epsilon,
                                   denseThreshold: TheoremCRow.firstCheckpoint(meeting: epsilon, checkpoints: steps, values: dense),
                                   kernelThreshold: tK)
        }
    }
}
