import Bounds
import Engine
import Foundation
import LinearAlgebra

/// Runs a theory check: for every (m, seed) one dense NTK run (THEORY.md section 1, full-batch
/// gradient descent on the squared loss), greedy forward selection (`analyzed`: with
/// replacement, exact scoring, ties to the lowest index) to the largest subnet size at every
/// checkpoint, and Theorems A-C on the same data (lambda0 and its certificate from the actual
/// training set). An `Experiment` whose cells (`CellSweep`) are kept as units; a rerun with the
/// same configuration resumes and gives the same tables; a folder written by another
/// configuration is refused.
public struct TheoryExperiment: Sendable {
    public let configuration: TheoryCheckConfiguration
    /// The toolkit version recorded in the provenance.
    public let toolkitVersion: String
    /// The data source with its classes kept (`DataRecipe.loadSource`), loaded once for every
    /// cell that draws its subset from it (all cells, unless synthetic data draws with the seed).
    let loadedSource = LoadedOnce<DataSplit>()

    public init(configuration: TheoryCheckConfiguration, toolkitVersion: String) throws {
        try configuration.validate()
        self.configuration = configuration
        self.toolkitVersion = toolkitVersion
    }

    var outputURL: URL { URL(fileURLWithPath: configuration.output) }
    /// Where the tables and figures go.
    public var reportURL: URL { outputURL.appendingPathComponent("report") }
    /// The file recording the configuration beside the units (`{"hash": ..., "configuration": ...}`),
    /// read by `lth export` (`CheckRun`).
    public static let configurationFileName = "configuration.json"

    /// The cell (m, seed): kept from its unit when a finished run left one of this configuration
    /// and of the data it would be computed from (the checksum of this run's training set; a
    /// damaged or foreign unit is refused), otherwise measured and kept as the unit
    /// `m<M>-seed<S>`. A local run and a Slurm array task both come here.
    /// - Returns: the cell and whether it was computed now.
    func cell(samples m: Int, seed: Int, units: ExperimentUnits, progress: (String) -> Void) throws -> (cell: TheoryCell, computed: Bool) {
        let training = try trainingSet(samples: m, seed: seed)
        let checksum = training.checksum
        var computed = false
        let cell = try units.data(checksum).unit(TheoryCell.unitName(samples: m, seed: seed),
                                                 problem: { $0.problem(configuration: configuration, samples: m, seed: seed, dataChecksum: checksum) }) {
            computed = true
            return try measure(samples: m, seed: seed, training: training)
        }
        if computed {
            progress(String(format: "cell m=%d seed=%d: lambda0 >= %.4g, %d iterations, greedy at %d checkpoints and %d steps between them (bisection, %d more iterations) (%.1f s)",
                            m, seed, cell.lambda0Certified, configuration.steps, cell.checkpoints.count, cell.bisectionRecords?.count ?? 0,
                            cell.bisectionTrainingSteps ?? 0, cell.seconds))
        } else {
            progress("cell m=\(m) seed=\(seed): kept from an earlier run")
        }
        return (cell, computed)
    }

    /// Which thresholds (quantity, k, eps) have met eps at a checkpoint so far, so that `measure`
    /// keeps the state before a first passage (the lower end of its bracket) and no other.
    final class BracketWatch {
        let configuration: TheoryCheckConfiguration
        let samples: Int
        private var met = Set<String>()

        init(configuration: TheoryCheckConfiguration, samples: Int) {
            self.configuration = configuration
            self.samples = samples
        }

        /// Whether some threshold meets eps for the first time at this checkpoint (after t = 0).
        func firstPassage(at record: TheoryCell.CheckpointRecord) throws -> Bool {
            var first = false
            for (index, k) in configuration.subnetSizes.enumerated() {
                for epsilon in configuration.epsilons {
                    for quantity in ThresholdCrossing.Quantity.allCases
                    where try record.meets(quantity, index: index, subnetworkSize: k, epsilon: epsilon, samples: samples,
                                           convention: configuration.convention) {
                        if met.insert("\(quantity) \(index) \(epsilon)").inserted && record.step > 0 { first = true }
                    }
                }
            }
            return first
        }
    }

    /// The training data of run (m, seed): m unit-norm samples of the configuration's data.
    func recipe(samples m: Int, seed: Int) -> DataRecipe {
        DataRecipe(source: configuration.data, classes: configuration.classes, samples: m, seed: UInt64(seed), unitNorm: true)
    }

    /// The training set of cell (m, seed): a seeded subset of m unit-norm points of the data's
    /// training split (subset seed = the run's seed), with scalar labels.
    func trainingSet(samples m: Int, seed: Int) throws -> Dataset {
        let recipe = recipe(samples: m, seed: seed)
        let training = try recipe.derive(from: loadedSource.value(for: recipe.sourceKey) { try recipe.loadSource() }).train
        try requireScalarLabels(training)
        return training
    }

    /// The dense run of seed `seed`: the NTK network of width N, full-batch gradient descent on
    /// the squared loss (sum with eta, or the convention's reduction with lr) for T iterations,
    /// measured at the configuration's checkpoints.
    func trainingConfiguration(seed: Int) throws -> TrainingConfiguration {
        let convention = configuration.convention
        return TrainingConfiguration(
            model: .ntk, hiddenWidths: [configuration.width], length: .iterations(configuration.steps),
            learningRate: configuration.eta ?? configuration.lr, batchSize: nil,
            loss: Loss(kind: .squared, reduction: configuration.eta == nil && convention == .mean ? .mean : .sum),
            kappa: configuration.kappa, seed: UInt64(seed),
            checkpoints: try CheckpointSchedule(parsing: configuration.checkpoints))
    }

    /// One dense run and its measurements, with the exact crossings' bisection (`crossings`,
    /// `CrossingProbe`): the state before every first passage on the grid is kept while the run
    /// goes by, and the steps between checkpoints are trained to from it afterwards. `training` is
    /// the training set of (m, seed) (`trainingSet`), loaded once by the caller.
    func measure(samples m: Int, seed: Int, training: Dataset) throws -> TheoryCell {
        let start = ContinuousClock.now
        let points = Matrix(rows: m, columns: training.dimension, storage: training.x.storage.map(Double.init))
        let inputs = try TheoremInputs(points: points)
        let certificate = inputs.lambda0, sigma = inputs.largestSingularValue
        let training0 = try trainingConfiguration(seed: seed)
        try training0.validate(for: training)
        let sizes = configuration.subnetSizes
        let largest = sizes.max()!
        let evaluate = { (network: Network, step: Int) throws -> TheoryCell.CheckpointRecord in
            let features = try network.neuronFeatures(on: training.x)
            let residual = 2 * features.denseSumLoss(targets: training.targets)
            let selection = try GreedyForwardSelection(variant: .analyzed, size: largest).run(features: features, targets: training.targets)
            return .init(step: step, residualNorm2: residual, rho: features.featureRadius(),
                         prunedSumLosses: sizes.map { selection.sumLosses[$0 - 1] })
        }
        // The state at t_a of every bracket (t_a, t_b] of a first passage, kept while the run goes by.
        let reached = BracketWatch(configuration: configuration, samples: m)
        var records: [TheoryCell.CheckpointRecord] = []
        var anchors: [Int: TrainingState] = [:]
        var previous: TrainingState? = nil
        let trainer = Trainer(configuration: training0, trainingSet: training, testSet: nil)
        try trainer.run(onStep: nil) { checkpoint in
            let record = try evaluate(checkpoint.network, checkpoint.step)
            records.append(record)
            if try reached.firstPassage(at: record), let previous { anchors[previous.step] = previous }
            previous = checkpoint.trainingState
        }
        let probe = CrossingProbe(trainer: trainer, checkpoints: records, anchors: anchors) { try evaluate($0, 0) }
        _ = try configuration.crossings(samples: m, checkpoints: records, record: probe.record(at:))
        let kernelThresholds = try Self.kernelThresholds(points: points, targets: training.targets.storage,
                                                         etaSum: configuration.etaSum(samples: m),
                                                         sumTargets: configuration.epsilons.map { configuration.convention.toSum($0, samples: m) })
        let seconds = start.duration(to: .now)
        return TheoryCell(samples: m, seed: seed, dimension: training.dimension, dataChecksum: training.checksum,
                          dataDescription: training.description, targetNorm2: training.targetNorm2,
                          lambda0Estimate: certificate.estimate, lambda0Certified: certificate.certifiedLowerBound,
                          largestSingularValue: sigma,
                          etaSum: configuration.etaSum(samples: m),
                          checkpoints: records,
                          bisectionRecords: probe.records.values.sorted { $0.step < $1.step },
                          bisectionTrainingSteps: probe.trainingSteps,
                          seconds: seconds.inSeconds, kernelThresholds: kernelThresholds)
    }
}
