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
/// Completed cells are written to `<out>/cells/` as JSON and reused by a later run with the same
/// configuration (`<out>/configuration.json`); a folder written by another configuration is refused.
public struct PaperExperiment: Sendable {
    public var configuration: PaperExperimentConfiguration
    /// The output folder (created when missing).
    public var outputFolder: URL

    public init(configuration: PaperExperimentConfiguration, outputFolder: URL) {
        self.configuration = configuration
        self.outputFolder = outputFolder
    }

    /// The file in the output folder that records the configuration.
    public static let configurationFileName = "configuration.json"
    /// The sub-folder of completed cells.
    public static let cellFolderName = "cells"

    /// Runs (or resumes) every cell and returns the result; writes nothing but the configuration
    /// and the cells (see `PaperExperimentResult.write(to:)` for the tables and figures).
    /// - Parameter progress: called with one line per cell (computed or reused).
    /// - Throws: `PaperExperimentError` (bad configuration, a folder of another configuration, data
    ///   that does not fit), `DataError`, `TrainingError`, `GreedySelectionError`, `OutputError.unwritable`.
    public func run(progress: ((String) -> Void)? = nil) throws -> PaperExperimentResult {
        let config = configuration
        try config.validate()
        try prepareFolder()
        let steps = try config.checkpointSteps
        let (split, test, classCount) = try loadData()
        let data = (train: split.train, test: test, classCount: classCount)

        var cells: [PaperExperimentCell] = []
        var reused = 0
        for m in config.sizes {
            for seed in config.seeds {
                let (cell, computed) = try cell(samples: m, seed: seed, data: data, checkpoints: steps.count, progress: progress)
                cells.append(cell)
                if !computed { reused += 1 }
            }
        }
        return PaperExperimentResult(configuration: config, checkpointSteps: steps, cells: cells, reusedCells: reused,
                                     trainDescription: data.train.description, testDescription: data.test.description)
    }

    /// The cell (m, seed): reused from its file when a finished run left a matching one,
    /// otherwise computed and written atomically to `cells/`. `run` and a Slurm array task both
    /// come here. - Returns: the cell and whether it was computed now.
    func cell(samples m: Int, seed: UInt64, data: (train: Dataset, test: Dataset, classCount: Int), checkpoints: Int,
              progress: ((String) -> Void)?) throws -> (cell: PaperExperimentCell, computed: Bool) {
        let train = try data.train.subset(count: m, seed: seed)
        let file = cellURL(samples: m, seed: seed)
        if let cell = try reusableCell(at: file, samples: m, seed: seed, checksum: train.checksum, checkpoints: checkpoints) {
            progress?("m = \(m), seed \(seed): reused \(file.path)")
            return (cell, false)
        }
        let clock = ContinuousClock()
        let start = clock.now
        let cell = try runCell(train: train, test: data.test, classCount: data.classCount, seed: seed)
        try AtomicFile.write(PaperExperiment.encode(cell), to: file)
        let seconds = (clock.now - start).inSeconds
        progress?("m = \(m), seed \(seed): \(checkpoints) checkpoints, \(configuration.iterations) iterations in \(String(format: "%.1f", seconds)) s")
        return (cell, true)
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

    func cellURL(samples: Int, seed: UInt64) -> URL {
        outputFolder.appendingPathComponent(PaperExperiment.cellFolderName)
            .appendingPathComponent(PaperExperimentCell.fileName(samples: samples, seed: seed))
    }

    /// Creates the folder, or checks that it was written by a configuration with the same
    /// `cellDefiningPart` (the comment and the analysis-only fields may differ), and records the
    /// configuration (replacing the recorded one when only those fields differ).
    func prepareFolder() throws {
        guard try checkFolder() else { return }
        try AtomicFile.write(Data(configuration.json.utf8), to: outputFolder.appendingPathComponent(PaperExperiment.configurationFileName))
    }

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

    /// A cell file that can be reused: it decodes, is for (m, seed), matches the training data's
    /// checksum and has one row per checkpoint and k. Anything else is computed again.
    func reusableCell(at url: URL, samples: Int, seed: UInt64, checksum: String, checkpoints: Int) throws -> PaperExperimentCell? {
        guard let data = FileManager.default.contents(atPath: url.path),
              let cell = try? JSONDecoder().decode(PaperExperimentCell.self, from: data) else { return nil }
        guard cell.samples == samples, cell.seed == seed, cell.dataChecksum == checksum,
              cell.rows.count == checkpoints * configuration.subnetworkSizes.count else { return nil }
        return cell
    }

    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(value)
    }
}
