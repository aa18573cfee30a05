import ArgumentParser
import Checker
import Engine

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
            scored on a random minibatch of --batch samples each step, seeded by --seed). \
            The result folder holds selection.json (picks, counts, the loss after every step, and \
            Theorem B's bound at the checkpoint) and the pruned network as .npy files.

            Examples:
              lth prune greedy runs/demo --checkpoint 1000 --variant analyzed --k 50
              lth prune greedy runs/demo --checkpoint 1000 --variant sampled \\
                --candidates 100 --batch 128 --k 50 --out runs/demo-k50
            """)

    @Argument(help: "A finished run directory written by 'lth train'.")
    var runDirectory: String

    @Option(name: .customLong("checkpoint"), help: "The checkpoint step to prune (one of the run's checkpoints).")
    var checkpoint: Int

    @Option(name: .customLong("variant"), help: "Greedy variant: analyzed (with replacement, exact scores: Theorem B's), without-replacement or sampled (Ye et al.'s random candidates on a minibatch).")
    var variant: GreedyForwardSelection.Variant.Name = .analyzed

    @Option(name: .customLong("k"), help: "Subnetwork size k (number of selection steps).")
    var k: Int

    @Option(name: .customLong("loss-target"), help: "Stop early at the first step whose loss meets this target (in the run's loss convention).")
    var lossTarget: Double?

    @Option(name: .customLong("candidates"), help: "sampled: neurons scored per step.")
    var candidates: Int = 100

    @Option(name: .customLong("batch"), help: "Minibatch size B: here the samples each step of the sampled variant is scored on (default: \(Self.sampledBatch))")
    var batch: Int?

    /// Old spelling of --batch (deprecated; see `adoptDeprecated`).
    @Option(name: .customLong("batch-size"), help: .hidden) var deprecatedBatchSize: Int?

    @Option(name: .customLong("seed"), help: "sampled: the seed of the candidate and minibatch draws.")
    var seed: UInt64 = 0

    @Option(name: .customLong("out"), help: "Result folder (default: RUN_DIR/pruned/step-STEP-VARIANT-kK).")
    var out: String?

    @OptionGroup var memory: MemoryOptions

    /// The batch of the sampled variant: --batch or its old spelling --batch-size (`run` refuses both).
    private var batchSize: Int { batch ?? deprecatedBatchSize ?? Self.sampledBatch }
    /// The minibatch of the sampled variant: LeNet-300-100's SGD batch (`TrainingRecipe`), the
    /// one minibatch size lth draws by default.
    static let sampledBatch = TrainingRecipe.lenet300100.batch ?? 128
    /// The spelling of the batch flag the user typed.
    private var batchFlag: String { typedSpelling("--batch", old: "--batch-size", given: batch == nil && deprecatedBatchSize != nil) }

    /// Option-level checks, before the run is read.
    func validate() throws {
        guard k >= 1 else { throw UsageError("invalid value \(k) for --k: expected an integer k >= 1") }
        if variant == .sampled {
            guard candidates >= 1 else { throw UsageError("invalid value \(candidates) for --candidates: expected an integer >= 1") }
            guard batchSize >= 1 else { throw UsageError("invalid value \(batchSize) for \(batchFlag): expected an integer >= 1") }
        }
        if let out { try checkOutputPath(out) }
    }

    func run() throws {
        _ = try adoptDeprecated(batch, "--batch", old: deprecatedBatchSize, "--batch-size")  // the notice; `batchSize` reads either
        let chosen: GreedyForwardSelection.Variant
        switch variant {
        case .sampled: chosen = .sampled(.init(candidateCount: candidates, batchSize: batchSize, seed: seed))
        case .withoutReplacement: chosen = .withoutReplacement
        case .analyzed: chosen = .analyzed
        }
        let pruning = GreedyPruning(runDirectory: runDirectory, checkpoint: checkpoint, variant: chosen,
                                    subnetworkSize: k, lossTarget: lossTarget, folder: out)
        let result = try withTypedSpellings(batchFlag == "--batch" ? [:] : ["--batch": batchFlag]) {
            try pruning.run { estimate, described in
                try memory.check(estimate, flags: described.merging([.subnetworkSize: "--k \(k)"]) { $1 })
            }
        }
        emit(result.summary)
        guard result.holds else { throw GreedyPruningError.boundViolated(folder: result.folder) }
    }
}
