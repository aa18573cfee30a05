import Engine
import Foundation
import LinearAlgebra

/// The paper's experiment on real data (Wolfe et al. 2021, the MNIST figure; here Fashion-MNIST):
/// does the number of pre-training iterations after which the greedily pruned network stops
/// improving grow with the training-set size m?
///
/// For every m in `sizes` and every seed (a "cell"):
/// 1. the training subset: m samples of the training split drawn without replacement with the
///    seed (`Dataset.subset`); the test set: the whole test split (or `testSamples` of it, seed 0);
/// 2. a dense two-layer MLP of width N (PyTorch's default initialization, seeded) trained by
///    minibatch SGD with momentum on the mean softmax cross-entropy for T iterations (`Trainer`);
/// 3. at every checkpoint t: greedy forward selection, variant `analyzed` (with replacement, 1/k
///    averaging, exact scoring, ties to the lowest index) run once to k_max = max k against the
///    one-hot labels (or the dense outputs, `greedyTarget`); for every k in the list the pruned
///    network is the selection's first k picks (a prefix of the k_max run, so no rerun);
/// 4. the pruned network's train/test accuracy, cross-entropy and squared loss, then the same after
///    `fineTuneSteps` SGD iterations on both layers of the pruned network (`MLP.fineTuned`).
/// An `Experiment` whose cells (`CellSweep`) are kept as units in `<out>/units/` and reused by a
/// later run whose configuration has the same cell-defining part (recorded whole in
/// `<out>/configuration.json`); a folder written by another configuration is refused.
public struct PaperExperiment: Sendable {
    public var configuration: PaperExperimentConfiguration
    /// The output folder (created when missing).
    public var outputFolder: URL

    /// The data once loaded (`loadData`, keyed by the configuration's JSON), shared by the
    /// copies of this value.
    let loadedData = LoadedOnce<Splits>()

    public init(configuration: PaperExperimentConfiguration, outputFolder: URL) {
        self.configuration = configuration
        self.outputFolder = outputFolder
    }

    /// The training split, the test set and the number of classes C of the configuration.
    typealias Splits = (split: DataSplit, test: Dataset, classCount: Int)

    /// The file in the output folder that records the configuration.
    public static let configurationFileName = "configuration.json"
    /// The cell (m, seed): kept from its unit when a finished run left one of this configuration
    /// and of this subset's data, otherwise computed and kept as the unit `m<M>-seed<S>`. A local
    /// run and a Slurm array task both come here. - Returns: the cell and whether it was computed now.
    func cell(samples m: Int, seed: UInt64, data: (train: Dataset, test: Dataset, classCount: Int), checkpoints: Int,
              units: ExperimentUnits, progress: ((String) -> Void)?) throws -> (cell: PaperExperimentCell, computed: Bool) {
        let train = try data.train.subset(count: m, seed: seed)
        let name = PaperExperimentCell.unitName(samples: m, seed: seed)
        let clock = ContinuousClock()
        let start = clock.now
        var computed = false
        let rowCount = checkpoints * configuration.subnetworkSizes.count
        let cell = try units.data(train.checksum).unit(name, problem: { $0.problem(samples: m, seed: seed, rowCount: rowCount) }) {
            computed = true
            return try runCell(train: train, test: data.test, classCount: data.classCount, seed: seed)
        }
        if computed {
            let seconds = (clock.now - start).inSeconds
            progress?("m = \(m), seed \(seed): \(checkpoints) checkpoints, \(configuration.iterations) iterations in \(String(format: "%.1f", seconds)) s")
        } else {
            progress?("m = \(m), seed \(seed): kept from an earlier run")
        }
        return (cell, computed)
    }

    /// The trained dense network, the greedy selections and the fine-tuned subnetworks of one cell.
    func runCell(train: Dataset, test: Dataset, classCount: Int, seed: UInt64) throws -> PaperExperimentCell {
        let config = configuration
        let training = TrainingConfiguration(
            model: .mlp, hiddenWidths: [config.width], length: .iterations(config.iterations),
            learningRate: config.learningRate, batchSize: config.batchSize, momentum: config.momentum,
            loss: config.loss, seed: seed, checkpoints: try config.checkpointSchedule)
        let trainLabels = train.classLabels!, testLabels = test.classLabels!
        let (checksum, description) = (train.checksum, train.description)  // of the subset, as `run` checks on resume
        let labelTargets = Dataset.oneHotTargets(labels: trainLabels, classCount: classCount)
        // Squared loss: one-hot targets over the C classes (also for two classes, whose data
        // targets are +1/-1), so the network has C outputs under either objective.
        let train = config.loss.kind == .squared ? PaperExperiment.withOneHotTargets(train, classCount: classCount) : train
        let test = config.loss.kind == .squared ? PaperExperiment.withOneHotTargets(test, classCount: classCount) : test
        let sizes = config.subnetworkSizes.sorted()
        let largest = sizes.last!
        let fineTuning = FineTuning(steps: config.fineTuneSteps, learningRate: config.fineTuneLearningRate,
                                    batchSize: min(config.fineTuneBatchSize, train.sampleCount),
                                    momentum: config.fineTuneMomentum, loss: config.loss, seed: seed)
        var rows: [PaperExperimentRow] = []
        try Trainer(configuration: training, trainingSet: train, testSet: test).run { checkpoint in
            guard case .mlp(let dense) = checkpoint.network else { preconditionFailure("the experiment trains an MLP") }
            let features = try dense.neuronFeatures(on: train.x)
            let testActivations = try dense.neuronFeatures(on: test.x).activations
            let denseTrain = dense.outputs(train.x)
            let densePerformance = NetworkPerformance(trainOutputs: denseTrain, trainLabels: trainLabels,
                                                      testOutputs: dense.outputs(test.x), testLabels: testLabels)
            let targets = config.greedyTarget == "labels" ? labelTargets : denseTrain
            let selection = try GreedyForwardSelection(variant: .analyzed, size: largest).run(features: features, targets: targets)
            for k in sizes {
                let prefix = GreedySelection(variant: selection.variant, picks: Array(selection.picks.prefix(k)),
                                             sumLosses: Array(selection.sumLosses.prefix(k)), sampleCount: selection.sampleCount,
                                             stoppedAtTarget: false, float64ScoredCounts: Array(selection.float64ScoredCounts.prefix(k)),
                                             features: features)
                let pruned = NetworkPerformance(
                    trainOutputs: prefix.prunedOutput(denseActivations: features.activations), trainLabels: trainLabels,
                    testOutputs: prefix.prunedOutput(denseActivations: testActivations), testLabels: testLabels)
                var tuned: NetworkPerformance? = nil
                if fineTuning.steps > 0 {
                    let network = try prefix.prunedNetwork(from: dense).fineTuned(on: train, fineTuning)
                    tuned = NetworkPerformance(trainOutputs: network.outputs(train.x), trainLabels: trainLabels,
                                               testOutputs: network.outputs(test.x), testLabels: testLabels)
                }
                rows.append(PaperExperimentRow(samples: train.sampleCount, seed: seed, iteration: checkpoint.step, subnetworkSize: k,
                                               distinctNeurons: prefix.selectedNeurons.count, dense: densePerformance,
                                               greedyObjective: prefix.finalMeanLoss, pruned: pruned, fineTuned: tuned))
            }
        }
        return PaperExperimentCell(samples: train.sampleCount, seed: seed, dataDescription: description,
                                   dataChecksum: checksum, rows: rows)
    }

    /// The data set with one-hot targets over `classCount` classes (unchanged when it has them).
    static func withOneHotTargets(_ data: Dataset, classCount: Int) -> Dataset {
        guard data.outputCount != classCount, let labels = data.classLabels else { return data }
        return Dataset(x: data.x, targets: Dataset.oneHotTargets(labels: labels, classCount: classCount), classLabels: labels,
                       classCount: classCount, description: data.description + ", one-hot targets", isUnitNorm: data.isUnitNorm)
    }

    // MARK: The output folder

    /// The top-level keys whose values differ between two configurations.
    static func differingKeys(_ a: PaperExperimentConfiguration, _ b: PaperExperimentConfiguration) -> [String] {
        func object(_ c: PaperExperimentConfiguration) -> [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(c.json.utf8))) as? [String: Any] ?? [:]
        }
        let x = object(a), y = object(b)
        return PaperExperimentConfiguration.CodingKeys.allCases.map(\.rawValue).filter { key in
            let u = x[key].map { "\($0)" } ?? "null", v = y[key].map { "\($0)" } ?? "null"
            return u != v
        }
    }

    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(value)
    }
}
