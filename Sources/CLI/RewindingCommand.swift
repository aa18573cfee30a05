import ArgumentParser
import Checker
import Engine
import Foundation

/// `lth rewinding`: the checker's grid over rewind points t for one MLP and one data set — IMP
/// matching per density, dense and sparse instability, early-bird distance, the greedy
/// pre-training threshold t_hat and (where it applies) the theoretical t*.
struct RewindingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rewinding",
        abstract: "One table per rewind point t: IMP matching, instability, early-bird distance, t_hat and t*.",
        discussion: """
            For the same data and MLP: (1) IMP with rewinding to every t of --rewind over --seeds \
            (as 'lth imp'; unless --no-controls also the random-pruning and random-reinitialization \
            controls); (2) the error barrier of --copies copies of the dense network and of the IMP \
            subnetwork of the last level (seed = the first seed) branched at t (as 'lth stability'); \
            (3) the early-bird neuron-mask distance (--earlybird-density, output-weighted-norm score; \
            the early-bird table in --out also reports a ticket where 3 consecutive distances stay \
            below 0.1) between consecutive checkpoints of the dense run of the first seed, at the \
            checkpoints of --checkpoints together with the rewind points (as 'lth earlybird'); (4) the \
            greedy pre-training threshold t_hat(eps, k): the first of those checkpoints at which greedy \
            forward selection (analyzed variant: with replacement, exact scoring of all neurons on all \
            training samples, ties to the lowest index) of k = --k picks from the dense \
            network's hidden layer reaches train loss <= eps = --epsilon, in the squared loss of the \
            mean convention 1/(2m) sum_i ||u_S(x_i) - y_i||^2 (the same code and rule as 'lth check'). \
            The defaults make t_hat a number: a two-layer MLP (--width 300, one hidden layer, the \
            network greedy selection is defined for) trained with --loss squared on the data's \
            targets y_i (one-hot for Fashion-MNIST's 10 classes: the zero predictor scores 1/2, so the \
            default eps = 0.25 asks for half of its loss); --out adds greedy_threshold.csv with l(t) and \
            l_k(t) at every checkpoint. Where no value exists the t_hat column says exactly why: \
            more than one hidden layer (e.g. LeNet-300-100, --width 300,100), or no checkpoint \
            reaching eps (the best greedy loss and the dense loss at T are given; with --loss \
            cross-entropy the logits are not fitted to the one-hot targets in squared loss, so eps is \
            usually out of reach). Theorem C's t* is stated for the NTK two-layer network with +-1 \
            labels, so for this MLP the t* column says so instead of a number.

            With --out, each IMP seed is one cell, kept in OUT/units and reused by a later run with \
            the same options; --slurm runs one Slurm array task per seed and a final job that writes \
            the tables (see 'lth status OUT').

            Examples:
              lth rewinding
              lth rewinding --k 50 --epsilon 0.2 --out runs/rewinding
              lth config print rewinding > grid.yaml
              lth rewinding --config grid.yaml --seeds 0,1,2
              lth rewinding --width 300,100 --loss cross-entropy --seeds 0,1,2 \\
                --out runs/lenet
              lth rewinding --seeds 0,1,2,3,4 --out runs/rewinding --slurm \\
                --slurm-option partition=cpu
            """)

    @Option(help: "A YAML or JSON file of these options by their long names ('lth config print rewinding' writes the defaults); flags given with it win.")
    var config: String?

    @OptionGroup var training: RewindingOptions<TwoLayerSquaredDefaults>

    @Option(help: "Seeds of IMP (at least two: matching uses the sd over seeds); the first also seeds the instability, early-bird and greedy runs.")
    var seeds: String = "0,1"

    @Option(help: "Rewind points t, a comma list (each in 0...T).")
    var rewind: String = "0,50,100"

    @Option(help: ArgumentHelp(IMPDefaults.levelsHelp))
    var levels: Int = IMPDefaults.levels

    @OptionGroup var pruning: PruningOptions

    @Flag(name: .customLong("latex-float"), help: "Write each LaTeX table inside a table float with caption and label (default: a bare tabular fragment for \\input).")
    var latexFloat = false

    @OptionGroup var matching: MatchingOptions

    @OptionGroup var instability: InstabilityOptions

    @Option(help: "Checkpoint schedule of the early-bird and t_hat measurements: 0,100,500 | every:N | geom:1,2,... | geometric:COUNT (0, T and the rewind points always included).")
    var checkpoints: String = "every:10"

    @Option(name: .customLong("earlybird-density"), help: "Neuron density of the early-bird masks (fraction of each hidden layer kept), in (0, 1].")
    var earlyBirdDensity: Double = 0.5

    @Option(name: .customLong("k"), help: "Size k of the greedy subnetwork (picks with multiplicity, >= 1; default 50).")
    var k: Int?

    @Option(name: .customLong("epsilon"), help: "Train-loss target eps of t_hat: squared loss, mean convention 1/(2m) sum ||u - y||^2 on the training targets (one-hot labels after cross-entropy training) (> 0; default 0.25).")
    var epsilon: Double?

    /// Old spellings of --k and --epsilon (deprecated; see `adoptDeprecated`).
    @Option(name: .customLong("greedy-k"), help: .hidden) var deprecatedGreedyK: Int?
    @Option(name: .customLong("greedy-eps"), help: .hidden) var deprecatedGreedyEps: Double?

    @Option(help: "Folder for rewinding_grid.csv/.md/.tex, the IMP, instability, early-bird and greedy-threshold tables, and the three figures (.svg/.tex).")
    var out: String?

    /// The t* column for the MLP: Theorem C does not apply, and no number is invented.
    static let theoremCSentence = "Theorem C is stated for the NTK two-layer network with +-1 labels; no t* for this MLP"

    @OptionGroup(title: "Slurm") var slurmOptions: SlurmOptions

    func run() throws {
        if let out { try checkOutputPath(out) }
        let plan = try plan()
        if slurmOptions.slurm || slurmOptions.cell != nil || slurmOptions.collect, out == nil {
            throw UsageError("--slurm, --cell and --collect need --out (the folder the cells are shared in)")
        }
        if try slurmOptions.handle(plan.sweep(out: out), jobName: "lth-rewinding", outputFolder: URL(fileURLWithPath: out ?? ".")) { return }
        try plan.run(out: out, latexFloat: latexFloat)
    }


    /// The checks of single options (before any data is read; for a check configuration's
    /// section too, which is parsed as this command line).
    func validate() throws {
        guard levels >= 1 else { throw UsageError("invalid value \(levels) for --levels: expected an integer >= 1") }
        guard earlyBirdDensity > 0, earlyBirdDensity <= 1 else {
            throw UsageError("invalid value \(earlyBirdDensity) for --earlybird-density: expected a number in (0, 1] (the fraction of each hidden layer kept)")
        }
        if let greedyK = k ?? deprecatedGreedyK, greedyK < 1 { throw UsageError("invalid value \(greedyK) for \(k != nil ? "--k" : "--greedy-k"): expected an integer >= 1") }
        if let greedyEps = epsilon ?? deprecatedGreedyEps, !(greedyEps > 0 && greedyEps.isFinite) {
            throw UsageError("invalid value \(greedyEps) for \(epsilon != nil ? "--epsilon" : "--greedy-eps"): expected a finite number > 0")
        }
    }

    /// Checks every option and loads the data, without training or writing anything: bad
    /// input fails here (one line, exit 2). `lth check` calls this before its own cells, for a
    /// configuration's `rewinding` section, so a bad section leaves nothing written.
    func plan() throws -> RewindingGridPlan {
        let (base, split) = try training.load()
        let seedList = try parseMatchingSeeds(seeds)
        let pruningScope = pruning.scope
        let greedyK = try adoptDeprecated(k, "--k", old: deprecatedGreedyK, "--greedy-k") ?? 50
        let greedyEps = try adoptDeprecated(epsilon, "--epsilon", old: deprecatedGreedyEps, "--greedy-eps") ?? 0.25
        let rewinds = Array(Set(try CommaList.nonNegativeIntegers(rewind, flag: "--rewind"))).sorted()
        let total = totalIterations(base, split.train)
        for t in rewinds where t > total { throw PruningError.rewindPastEnd(iteration: t, total: total) }
        let schedule: CheckpointSchedule
        do { schedule = try CheckpointSchedule(parsing: checkpoints) } catch { throw UsageError("--checkpoints: \(error)") }
        let seed = seedList[0]
        var config = base
        config.seed = seed
        let trainer = SparseTrainer(configuration: config, trainingSet: split.train)
        let checkpointCount = MemoryEstimate.sum([schedule.countUpperBound(total: trainer.totalIterations, perEpoch: trainer.iterationsPerEpoch), rewinds.count, 2])
        try training.checkMemory(config, split, checkpoints: checkpointCount, keptSnapshots: 0,
                                 extra: MemoryEstimate.rewindingGrid(parameters: training.parameterCount(config, split), hiddenWidths: config.hiddenWidths,
                                                                     samples: split.train.sampleCount, outputs: config.outputCount(for: split.train),
                                                                     seeds: seedList.count, rewindPoints: rewinds.count, levels: levels, controls: matching.controls,
                                                                     copies: instability.copies, points: instability.points, checkpoints: checkpointCount, greedyK: greedyK),
                                 flags: [.checkpoints: "--checkpoints \(checkpoints)", .levels: "--levels \(levels)", .rewindPoints: "--rewind \(rewind)",
                                         .seeds: "--seeds \(seeds)", .copies: "--copies \(instability.copies)", .points: "--points \(instability.points)",
                                         .subnetworkSize: "--k \(greedyK)"])
        let steps = Array(Set(schedule.steps(total: trainer.totalIterations, perEpoch: trainer.iterationsPerEpoch) + rewinds + [0, total])).sorted()

        let imp = IMPConfiguration(training: config, levels: levels, densityPerLevel: pruning.densityPerLevel,
                                   pruning: MagnitudePruning(scope: pruningScope), rewindIterations: rewinds, controls: matching.controls)
        try rewindingUsage(in: RewindingCommand.self) { try imp.validate(for: split.train) }
        let analysis = InstabilityAnalysis(training: config, trainingSet: split.train, testSet: split.test,
                                           copies: instability.copies, points: instability.points, threshold: instability.stableBelow)
        try rewindingUsage(in: RewindingCommand.self) { try analysis.validate() }
        let detector = EarlyBirdDetector(densities: [earlyBirdDensity], window: 3, threshold: 0.1, score: .outputWeightedNorm)
        try rewindingUsage(in: RewindingCommand.self) { try detector.validate() }
        let grid = RewindingSweep(base: base, split: split, seeds: seedList, rewinds: rewinds, steps: steps, levels: levels,
                                  criterion: MatchingCriterion(standardDeviations: matching.matchingSD), stableBelow: instability.stableBelow,
                                  earlyBirdDensity: earlyBirdDensity, greedyK: greedyK, greedyEps: greedyEps,
                                  imp: imp, analysis: analysis, detector: detector, outputFolder: nil)
        let plan = RewindingGridPlan(width: training.width, grid: grid)
        return plan
    }
}
