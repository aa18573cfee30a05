import ArgumentParser
import Checker
import Engine
import Foundation

/// `lth earlybird`: early-bird ticket detection from neuron-mask convergence during training.
struct EarlyBirdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "earlybird",
        abstract: "Early-bird tickets: when the neuron mask stops changing during training.",
        discussion: """
            Trains the dense MLP and, at every checkpoint, keeps in each hidden layer the neurons of \
            highest score (output-weighted-norm: ||outgoing weights|| x ||incoming weights and bias||; \
            ties keep the lower index) at each density. The distance between two masks is the fraction \
            of neurons on which they differ (normalized Hamming distance). An early-bird ticket is \
            declared at the first checkpoint where the last --window consecutive distances are all \
            below --threshold. --out also writes the full pairwise distance matrix of every density.

            Examples:
              lth earlybird --checkpoints every:10
              lth earlybird --earlybird-density 0.5 --window 3 --threshold 0.05 \\
                --out runs/earlybird
            """)

    @OptionGroup var training: RewindingOptions<LeNetDefaults>

    @Option(help: "Seed of initialization and data order.")
    var seed: UInt64 = 0

    @Option(help: "Checkpoint schedule: 0,100,500 | 100,200,... | every:N | geom:1,2,... | geometric:COUNT (0 and T always included).")
    var checkpoints: String = LeNetDefaults.recipe.checkpoints.description

    @Option(name: .customLong("earlybird-density"), help: "Neuron density of the early-bird masks (fraction of each hidden layer kept), in (0, 1]; lth earlybird takes a comma list, one mask per density (default: \(String(IMPDefaults.earlyBirdDensity))).")
    var earlyBirdDensity: String?

    /// Old spelling of --earlybird-density (deprecated; see `adoptDeprecated`).
    @Option(name: .customLong("densities"), help: .hidden)
    var deprecatedDensities: String?

    @Option(help: "Number of consecutive distances that must stay below the threshold (>= 1).")
    var window: Int = 5

    @Option(help: "Distance threshold, in (0, 1].")
    var threshold: Double = 0.1

    @Option(help: "Neuron score: output-weighted-norm or outgoing-norm.")
    var score: NeuronMaskScore = .outputWeightedNorm

    @Option(help: "Folder for early_bird.csv/.md, one pairwise-matrix CSV per density and figure_mask_distance.svg/.tex.")
    var out: String?

    @Flag(name: .customLong("quiet"), help: "No progress lines on standard error (errors are still reported).")
    var quiet = false

    func run() throws {
        let (base, split) = try training.load()
        var config = base
        config.seed = seed
        let densities = try adoptDeprecated(earlyBirdDensity, "--earlybird-density", old: deprecatedDensities, "--densities") ?? String(IMPDefaults.earlyBirdDensity)
        let densitiesFlag = typedSpelling("--earlybird-density", old: "--densities", given: deprecatedDensities != nil)
        let densityList = try CommaList.densities(densities, flag: densitiesFlag)
        let neuronScore = score
        guard window >= 1 else { throw UsageError("invalid value \(window) for --window: expected an integer >= 1") }
        guard threshold > 0, threshold <= 1 else { throw UsageError("invalid value \(threshold) for --threshold: expected a number in (0, 1]") }
        let schedule: CheckpointSchedule
        do { schedule = try CheckpointSchedule(parsing: checkpoints) } catch { throw UsageError("--checkpoints: \(error)") }
        let trainer = SparseTrainer(configuration: config, trainingSet: split.train)
        let checkpointCount = schedule.countUpperBound(total: trainer.totalIterations, perEpoch: trainer.iterationsPerEpoch)
        try training.checkMemory(config, split, checkpoints: checkpointCount, keptSnapshots: 0,
                                 extra: MemoryEstimate.earlyBird(parameters: training.parameterCount(config, split), hiddenNeurons: MemoryEstimate.sum(config.hiddenWidths),
                                                                 checkpoints: checkpointCount, densities: densityList.count),
                                 flags: [.checkpoints: "--checkpoints \(checkpoints)", .densities: "\(densitiesFlag) \(densities)"])
        let steps = schedule.steps(total: trainer.totalIterations, perEpoch: trainer.iterationsPerEpoch)
        guard steps.count >= 2 else { throw UsageError("--checkpoints: '\(checkpoints)' gives \(steps.count) checkpoint (allowed: a schedule with at least two)") }
        let detector = EarlyBirdDetector(densities: densityList, window: window, threshold: threshold, score: neuronScore)
        try rewindingUsage { try detector.validate() }
        let experiment = EarlyBirdExperiment(training: config, split: split, steps: steps, detector: detector)
        if let out { try checkOutputPath(out); try experiment.check(output: URL(fileURLWithPath: out)) }
        emit("lth earlybird: mlp \(training.width) (\(config.loss.kind.rawValue) loss) on \(split.train.description); T = \(trainer.totalIterations), \(steps.count) checkpoints\n")
        let progress = CellProgress(total: experiment.unitCount, quiet: quiet)
        let (result, claim) = try rewindingUsage { try experiment.run(output: out.map { URL(fileURLWithPath: $0) }, progress: progress.experiment) }
        defer { withExtendedLifetime(claim) {} }
        let table = RewindingTables.earlyBird(result)
        emit(TerminalTable.render(table) + "\n")
        if let out {
            let matrices = result.tracks.indices.map { RewindingTables.earlyBirdMatrix(result, track: $0) }
            try ReportBundle.write(tables: [table] + matrices, figures: [RewindingFigures.maskDistanceAgainstIteration(result)],
                                      extra: [], to: URL(fileURLWithPath: out))
            emit("lth earlybird: wrote \(out)\n")
        }
    }
}
