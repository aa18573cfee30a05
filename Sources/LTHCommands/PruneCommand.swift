import ArgumentParser
import Bounds
import Engine
import Foundation
import LinearAlgebra

/// `lth prune`: pruning methods applied to a finished run.
struct PruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Prune a trained network from a run directory.",
        subcommands: [PruneGreedyCommand.self])
}

/// `lth prune greedy RUN_DIR --checkpoint STEP --variant V --k K`: greedy forward selection
/// (Ye et al. 2020) over the neuron features of one checkpoint, on the run's own training set.
struct PruneGreedyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "greedy",
        abstract: "Greedy forward selection of k neurons at one checkpoint of a run.",
        discussion: """
            The training set is rebuilt from the run's recorded data recipe and checked against \
            its checksum. Variants: analyzed (with replacement, 1/k averaging, exact scoring of all \
            N neurons on the full training set, ties to the lowest index), without-replacement \
            (each neuron at most once), sampled (Ye et al.'s practice: --candidates random neurons \
            scored on a random minibatch of --batch-size samples each step, seeded by --seed). \
            The result folder holds selection.json (picks, counts, the loss after every step, and \
            Theorem B's bound at the checkpoint) and the pruned network as .npy files.

            Examples:
              lth prune greedy runs/demo --checkpoint 1000 --variant analyzed --k 50
              lth prune greedy runs/demo --checkpoint 1000 --variant sampled --candidates 100 --batch-size 256 --k 50 --out runs/demo-k50
            """)

    @Argument(help: "A finished run directory written by 'lth train'.")
    var runDirectory: String

    @Option(name: .customLong("checkpoint"), help: "The checkpoint step to prune (one of the run's checkpoints).")
    var checkpoint: Int

    @Option(name: .customLong("variant"), help: "analyzed, without-replacement or sampled.")
    var variant: String = "analyzed"

    @Option(name: .customLong("k"), help: "Subnetwork size k (number of selection steps).")
    var k: Int

    @Option(name: .customLong("loss-target"), help: "Stop early at the first step whose loss meets this target (in the run's loss convention).")
    var lossTarget: Double?

    @Option(name: .customLong("candidates"), help: "sampled: neurons scored per step.")
    var candidates: Int = 100

    @Option(name: .customLong("batch"), help: "sampled: samples each step is scored on (default 256).")
    var batch: Int?

    /// Old spelling of --batch (deprecated; see `adoptDeprecated`).
    @Option(name: .customLong("batch-size"), help: .hidden) var deprecatedBatchSize: Int?

    @Option(name: .customLong("seed"), help: "sampled: the seed of the candidate and minibatch draws.")
    var seed: UInt64 = 0

    @Option(name: .customLong("out"), help: "Result folder (default: RUN_DIR/pruned/step-STEP-VARIANT-kK).")
    var out: String?

    @OptionGroup var memory: MemoryOptions

    func run() throws {
        let run: RunDirectory
        let configuration: RunConfiguration
        let loaded: Checkpoint
        do {
            run = try RunDirectory(path: runDirectory)
            configuration = try run.configuration()
            loaded = try run.loadCheckpoint(step: checkpoint)
        } catch let error as RunDirectoryError {
            throw UsageError(error.description)
        }
        guard k >= 1 else { throw UsageError("invalid value \(k) for --k: expected an integer k >= 1") }
        let chosen: GreedyForwardSelection.Variant
        switch variant {
        case "analyzed": chosen = .analyzed
        case "without-replacement": chosen = .withoutReplacement
        case "sampled":
            guard candidates >= 1 else { throw UsageError("invalid value \(candidates) for --candidates: expected an integer >= 1") }
            let batchSize = try adoptDeprecated(batch, "--batch", old: deprecatedBatchSize, "--batch-size") ?? 256
            guard batchSize >= 1 else { throw UsageError("invalid value \(batchSize) for --batch: expected an integer >= 1") }
            chosen = .sampled(.init(candidateCount: candidates, batchSize: batchSize, seed: seed))
        default:
            throw UsageError("invalid value '\(variant)' for --variant: expected analyzed, without-replacement or sampled")
        }
        let folder = out ?? "\(run.path)/pruned/step-\(checkpoint)-\(variant)-k\(k)"
        try checkOutputPath(folder)
        try StagedFolder.check(path: folder)
        let reduction = configuration.training.loss.reduction
        guard let recipe = configuration.dataRecipe else {
            throw UsageError("\(run.path)/config.json has no data recipe: the run was written by an older lth; train it again")
        }
        try memory.check(MemoryEstimate.dataSource(recipe.source), flags: [.data: "the data of \(run.path) (\(recipe.source))"])
        let training = try recipe.load().train
        if let recorded = configuration.dataChecksum, recorded != training.checksum {
            throw UsageError("the training data of \(run.path) has changed since the run (checksum \(training.checksum), recorded \(recorded)): \(recipe.source)")
        }
        try memory.check(MemoryEstimate.greedySelection(samples: training.sampleCount, width: loaded.network.hiddenWidths.first ?? 0,
                                                        outputs: training.outputCount, size: k),
                         flags: [.subnetworkSize: "--k \(k)", .width: "the width of \(run.path)", .samples: "the training data of \(run.path)"])
        // The selection is computed before anything is written: bad options (k above N without
        // replacement, more candidates than neurons, a loss target out of range) leave nothing
        // behind. The result folder is checked now and staged (locked, marked) only to write it.
        let target: GreedyForwardSelection.LossTarget? = lossTarget.map { reduction == .mean ? .mean($0) : .sum($0) }
        let features = try loaded.network.neuronFeatures(on: training.x)
        let selection: GreedySelection
        do {
            selection = try GreedyForwardSelection(variant: chosen, size: k, lossTarget: target)
                .run(features: features, targets: training.targets)
        } catch let error as GreedySelectionError {
            throw UsageError(error.commandLineDescription(in: PruneGreedyCommand.self))
        }
        // Theorem B at this checkpoint: pruned loss <= l(u) + D^2 H_k / (2k), D <= 2 rho.
        let denseLoss = features.denseSumLoss(targets: training.targets)
        let diameterBound = features.featureDiameterUpperBound()
        let bounds = try selection.sumLosses.indices.map { [denseLoss, diameterBound] j in
            denseLoss + (try TheoremB.greedyTerm(diameter: diameterBound, subnetworkSize: j + 1))
        }
        let staged = try PrunedNetworkFolder.stage(folder, run: run.path, checkpoint: checkpoint, variant: variant, k: k)
        do {
            try PrunedNetworkFolder.write(to: staged, selection: selection, network: loaded.network,
                                          denseSumLoss: denseLoss, diameterBound: diameterBound, theoremBBounds: bounds,
                                          checkpoint: checkpoint, run: run.path, dataChecksum: training.checksum,
                                          reduction: reduction)
        } catch {
            staged.discard()
            throw error
        }
        let m = Double(training.sampleCount)
        let scale = reduction == .mean ? 1 / m : 1
        let holds = zip(selection.sumLosses, bounds).allSatisfy { $0 <= $1 }
        // Which loss and which normalization: greedy selection and Theorem B use the squared loss on
        // the training targets whatever loss the network was trained with.
        let lossName = "squared loss 1/2 ||u - y||^2 on the training targets, "
            + (reduction == .mean ? "per-sample mean over" : "summed over") + " m = \(training.sampleCount)"
            + (configuration.training.loss.kind == .squared ? "" : " (the network was trained with \(configuration.training.loss.kind.rawValue); greedy selection and Theorem B use the squared loss)")
        emit("""
            lth prune greedy: \(selection.size) steps (\(variant)) at step \(checkpoint) of \(run.path), \(selection.selectedNeurons.count) distinct neurons
              \(lossName): dense \(format(denseLoss * scale)), pruned \(format(selection.finalSumLoss * scale))\(selection.stoppedAtTarget ? " (target met)" : "")
              Theorem B: pruned <= dense + D^2 H_k/(2k) with D <= 2 rho = \(format(diameterBound)): bound \(format(bounds.last! * scale)), \(holds ? "holds at every step" : "VIOLATED")
              written: \(folder)

            """)
        guard holds else {
            printError("lth: error: Theorem B's bound is violated; this is a bug (result kept in \(folder))")
            throw ExitCode(1)
        }
    }
}

/// Numbers in summaries: 6 significant digits.
func format(_ x: Double) -> String { String(format: "%.6g", x) }
