import Bounds
import Engine
import LinearAlgebra

extension KernelRegime {
    /// A run directory of `lth train --model ntk` beside its kernel-regime prediction.
    public struct RunComparison: Sendable {
        public let regime: KernelRegime
        /// One row per checkpoint, in step order.
        public let rows: [KernelRegimeRow]
        /// m, N and eta of the run.
        public let samples: Int
        public let width: Int
        public let eta: Double
        /// The run's hypothesis ledger (Theorem A's events, delta = 0.1), or why it could not be
        /// measured (e.g. lambda_0 <= 0 for data with parallel points).
        public let ledger: Result<HypothesisLedger, BoundsError>
    }

    /// Reads a complete run directory, rebuilds its training set from the recorded data recipe
    /// (checked against the recorded checksum), builds the prediction from checkpoint 0 and
    /// compares every checkpoint with it.
    /// - Throws: `RunDirectoryError` (unreadable run), `DataError` (data source),
    ///   `KernelRegimeError` (not a full-batch NTK run, no recipe, changed data, a checkpoint that
    ///   does not belong to the run), `KernelPredictionError` (LAPACK).
    public static func compare(runDirectory run: RunDirectory, kernel: KernelChoice) throws -> RunComparison {
        let configuration = try run.configuration()
        guard configuration.training.model == .ntk else {
            throw KernelRegimeError.notKernelRegimeRun(path: run.path, reason: "model \(configuration.training.model.rawValue)")
        }
        guard let recipe = configuration.dataRecipe else { throw KernelRegimeError.noDataRecipe(path: run.path) }
        let training = try recipe.load().train
        if let recorded = configuration.dataChecksum, recorded != training.checksum {
            throw KernelRegimeError.dataChanged(path: run.path, found: training.checksum, recorded: recorded)
        }
        let m = training.sampleCount
        let eta = try stepSize(of: configuration.training, samples: m, path: run.path)
        let steps = try run.checkpointSteps()
        guard steps.first == 0 else {
            throw KernelRegimeError.checkpointMismatch(path: run.path, step: 0, reason: "the run has no checkpoint at step 0")
        }
        func network(_ step: Int) throws -> TwoLayerNTK {
            guard case .ntk(let n) = try run.loadCheckpoint(step: step, expecting: .ntk).network else {
                throw KernelRegimeError.checkpointMismatch(path: run.path, step: step, reason: "not an ntk checkpoint")
            }
            guard n.dimension == training.dimension else {
                throw KernelRegimeError.checkpointMismatch(path: run.path, step: step,
                                                           reason: "dimension \(n.dimension), data \(training.dimension)")
            }
            return n
        }
        let initial = try network(0)
        let regime = try KernelRegime(kernel: kernel, inputs: training.x, targets: training.targets.storage,
                                      initialNetwork: initial, eta: eta, steps: steps)
        var rows: [KernelRegimeRow] = []
        var later: [TwoLayerNTK] = []
        for step in steps {
            let n = step == 0 ? initial : try network(step)
            guard n.width == initial.width, n.initialWeights.storage == initial.initialWeights.storage else {
                throw KernelRegimeError.checkpointMismatch(path: run.path, step: step, reason: "its initial weights differ from checkpoint 0's")
            }
            rows.append(try regime.row(step: step, network: n))
            if step > 0 { later.append(n) }
        }
        let ledger: Result<HypothesisLedger, BoundsError>
        do {
            ledger = .success(try HypothesisLedger(inputs: training.x, targets: training.targets.storage, initial: initial,
                                                   checkpoints: later, eta: eta))
        } catch let error as BoundsError {
            ledger = .failure(error)
        }
        return RunComparison(regime: regime, rows: rows, samples: m, width: initial.width, eta: eta, ledger: ledger)
    }
}
