import Bounds
import Engine
import Foundation

/// Greedy forward selection (Ye et al. 2020) of k neurons at one checkpoint of a finished run,
/// with Theorem B's bound at every step, written as a pruned network (`lth prune greedy`).
///
/// The training set is rebuilt from the run's recorded data recipe and checked against its
/// checksum. At step j = 1..k the selection's loss l(v_j) = 1/2 ||v_j - y||^2 (summed over the m
/// training points, squared loss whatever loss the run was trained with) is compared with
/// Theorem B's bound
///
///     l(v_j) <= l(u) + D^2 H_j / (2 j),   D <= 2 rho,  H_j = 1 + 1/2 + ... + 1/j,
///
/// l(u) the dense network's loss and rho the largest norm of a neuron feature about its mean.
/// Bad options (k above N without replacement, more candidates than neurons, a loss target out
/// of range) are refused before anything is written; the result folder is checked first and
/// staged (`PrunedNetworkFolder`) only to write it.
public struct GreedyPruning: Sendable {
    /// The run directory written by `lth train`.
    public var runDirectory: String
    /// The checkpoint step (one of the run's checkpoints).
    public var checkpoint: Int
    public var variant: GreedyForwardSelection.Variant
    /// The variant's name (analyzed, without-replacement, sampled): in the default folder name,
    /// the folder's owner and the summary.
    public var variantName: String { variant.name.rawValue }
    /// k, the number of selection steps.
    public var subnetworkSize: Int
    /// Stop at the first step whose loss meets this target, in the run's loss reduction.
    public var lossTarget: Double?
    /// The result folder; nil: `RUN/pruned/step-STEP-VARIANT-kK`.
    public var folder: String?

    public init(runDirectory: String, checkpoint: Int, variant: GreedyForwardSelection.Variant,
                subnetworkSize: Int, lossTarget: Double? = nil, folder: String? = nil) {
        self.runDirectory = runDirectory
        self.checkpoint = checkpoint
        self.variant = variant
        self.subnetworkSize = subnetworkSize
        self.lossTarget = lossTarget
        self.folder = folder
    }

    /// Selects, bounds and writes.
    /// - Throws: `RunDirectoryError` (no run, no such checkpoint), `OutputError` (the folder is
    ///   taken), `GreedyPruningError` (no recipe, changed data), `GreedySelectionError` (naming the
    ///   `EngineParameter`), the data's errors, and what `checkMemory` throws.
    public func run(checkMemory: MemoryCheck) throws -> GreedyPruningResult {
        let directory = try RunDirectory(path: runDirectory)
        let configuration = try directory.configuration()
        let loaded = try directory.loadCheckpoint(step: checkpoint)
        let k = subnetworkSize
        let folder = self.folder ?? "\(directory.path)/pruned/step-\(checkpoint)-\(variantName)-k\(k)"
        try StagedFolder.check(path: folder)
        let reduction = configuration.training.loss.reduction
        guard let recipe = configuration.dataRecipe else { throw GreedyPruningError.noDataRecipe(run: directory.path) }
        try checkMemory(MemoryEstimate.dataSource(recipe.source), [.data: "the data of \(directory.path) (\(recipe.source))"])
        let training = try recipe.load().train
        if let recorded = configuration.dataChecksum, recorded != training.checksum {
            throw GreedyPruningError.dataChanged(run: directory.path, checksum: training.checksum, recorded: recorded, source: recipe.source)
        }
        try checkMemory(MemoryEstimate.greedySelection(samples: training.sampleCount, width: loaded.network.hiddenWidths.first ?? 0,
                                                       outputs: training.outputCount, size: k),
                        [.width: "the width of \(directory.path)", .samples: "the training data of \(directory.path)"])
        let target: GreedyForwardSelection.LossTarget? = lossTarget.map { reduction == .mean ? .mean($0) : .sum($0) }
        let features = try loaded.network.neuronFeatures(on: training.x)
        let selection = try GreedyForwardSelection(variant: variant, size: k, lossTarget: target)
            .run(features: features, targets: training.targets)
        let denseLoss = features.denseSumLoss(targets: training.targets)
        let diameterBound = features.featureDiameterUpperBound()
        let bounds = try selection.sumLosses.indices.map { [denseLoss, diameterBound] j in
            denseLoss + (try TheoremB.greedyTerm(diameter: diameterBound, subnetworkSize: j + 1))
        }
        let staged = try PrunedNetworkFolder.stage(folder, run: directory.path, checkpoint: checkpoint, variant: variantName, k: k)
        do {
            try PrunedNetworkFolder.write(to: staged, selection: selection, network: loaded.network,
                                          denseSumLoss: denseLoss, diameterBound: diameterBound, theoremBBounds: bounds,
                                          checkpoint: checkpoint, run: directory.path, dataChecksum: training.checksum,
                                          reduction: reduction)
        } catch {
            staged.discard()
            throw error
        }
        return GreedyPruningResult(run: directory.path, checkpoint: checkpoint, variantName: variantName, folder: folder,
                                   selection: selection, denseSumLoss: denseLoss, diameterBound: diameterBound,
                                   theoremBSumBounds: bounds, reduction: reduction, trainedLoss: configuration.training.loss.kind)
    }
}
