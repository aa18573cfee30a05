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
    var seeds: String = IMPDefaults.seeds

    @Option(help: ArgumentHelp(IMPDefaults.rewindHelp))
    var rewind: String = IMPDefaults.rewind

    @Option(help: ArgumentHelp(IMPDefaults.levelsHelp))
    var levels: Int = IMPDefaults.levels

    @OptionGroup var pruning: PruningOptions

    @Flag(name: .customLong("latex-float"), help: "Write each LaTeX table inside a table float with caption and label (default: a bare tabular fragment for \\input).")
    var latexFloat = false

    @OptionGroup var matching: MatchingOptions

    @OptionGroup var instability: InstabilityOptions

    @Option(help: "Checkpoint schedule of the early-bird and t_hat measurements: 0,100,500 | every:N | geom:1,2,... | geometric:COUNT (0, T and the rewind points always included).")
    var checkpoints: String = TwoLayerSquaredDefaults.recipe.checkpoints.description

    @Option(name: .customLong("earlybird-density"), help: "Neuron density of the early-bird masks (fraction of each hidden layer kept), in (0, 1].")
    var earlyBirdDensity: Double = IMPDefaults.earlyBirdDensity

    @Option(name: .customLong("k"), help: "Size k of the greedy subnetwork: here the picks of t_hat, with multiplicity, >= 1 (default: \(RewindingConfiguration().k))")
    var k: Int?

    @Option(name: .customLong("epsilon"), help: "Accuracy target eps: here the train-loss target of t_hat, squared loss, mean convention 1/(2m) sum ||u - y||^2 on the training targets (one-hot labels after cross-entropy training) (> 0) (default: \(RewindingConfiguration().epsilon))")
    var epsilon: Double?

    /// Old spellings of --k and --epsilon (deprecated; see `adoptDeprecated`).
    @Option(name: .customLong("greedy-k"), help: .hidden) var deprecatedGreedyK: Int?
    @Option(name: .customLong("greedy-eps"), help: .hidden) var deprecatedGreedyEps: Double?

    @Option(help: "Folder for rewinding_grid.csv/.md/.tex, the IMP, instability, early-bird and greedy-threshold tables, and the three figures (.svg/.tex).")
    var out: String?

    /// The long names of the options typed on the command line (`givenOptions(in:)`), set by
    /// `LTH.run(arguments:)` after parsing: with `--config FILE`, these flags win over the file
    /// (nil, for a command parsed without `LTH.run`: the file wins over every flag).
    var typedOptions: Set<String>? = nil

    /// The t* column for the MLP: Theorem C does not apply, and no number is invented.
    static let theoremCSentence = "Theorem C is stated for the NTK two-layer network with +-1 labels; no t* for this MLP"

    @OptionGroup(title: "Slurm") var slurmOptions: SlurmOptions

    func run() throws {
        if let out { try checkOutputPath(out) }
        let (configuration, names) = try configuration(given: typedOptions ?? [])
        try names.validate(configuration)
        var sweep = try names.sweep(configuration, memory: training.memory)
        try announceOldSpellings(names)  // once the options are known to be good: bad input stays one line
        if slurmOptions.slurm || slurmOptions.cell != nil || slurmOptions.collect, out == nil {
            throw UsageError("--slurm, --cell and --collect need --out (the folder the cells are shared in)")
        }
        sweep.outputFolder = out.map { URL(fileURLWithPath: $0) }
        if try slurmOptions.handle(sweep, jobName: "lth-rewinding", outputFolder: URL(fileURLWithPath: out ?? ".")) { return }
        try Self.run(sweep, out: out, latexFloat: latexFloat)
    }

    /// Runs the grid (`RewindingSweep.run`): the opening line and the progress on standard
    /// error, the verdict summary and the grid table on standard output, then the list of the
    /// files written to `out`. `lth check` runs its `rewinding` section through this too.
    static func run(_ sweep: RewindingSweep, out: String?, latexFloat: Bool) throws {
        let line = { (text: String) in printError("  " + text) }
        let outcome = try sweep.run(output: out.map { URL(fileURLWithPath: $0) }, latexFloat: latexFloat,
                                    theoreticalThresholdReason: theoremCSentence, header: printError,
                                    progress: ExperimentProgress(unit: line, note: line))
        emit(outcome.summary)
        if out != nil { emit("lth rewinding: written (\(outcome.written.count) files):\n" + writtenFilesList(outcome.written) + "\n") }
    }
}
