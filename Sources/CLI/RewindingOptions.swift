import ArgumentParser
import Checker
import Engine
import Foundation

/// The network whose recipe (`TrainingRecipe`) gives the defaults of `RewindingOptions`.
protocol RewindingDefaults {
    static var recipe: TrainingRecipe { get }
}

/// `lth imp`, `lth stability`, `lth earlybird`: LeNet-300-100 trained with cross-entropy, as in
/// Frankle et al. 2020 (`TrainingRecipe.lenet300100`, as `lth train --model mlp`).
enum LeNetDefaults: RewindingDefaults {
    static let recipe = TrainingRecipe.lenet300100
}

/// `lth rewinding`: a two-layer MLP (one hidden layer of 300) trained with the squared loss, the
/// network and objective of the greedy threshold t_hat (THEORY.md sections 3-4), so that the grid
/// reports t_hat as a number by default (`TrainingRecipe.twoLayer`).
enum TwoLayerSquaredDefaults: RewindingDefaults {
    static let recipe = TrainingRecipe.twoLayer
}

/// The options shared by `lth imp`, `lth stability`, `lth earlybird` and `lth rewinding`: data,
/// the MLP and its SGD training (defaults: 5000 Fashion-MNIST samples, 400 iterations of batch
/// 128 at learning rate 0.05 with momentum 0.9, mean reduction; widths and loss per command,
/// `Defaults`). Plain SGD at this short budget leaves the final test accuracy noisy, 0.55-0.79
/// over three seeds at lr 0.1, against 0.79-0.82 with momentum (LeNet-300-100, cross-entropy).
///
/// Loss: cross-entropy is softmax cross-entropy over the C classes (C outputs); squared is
/// 1/2 ||u - y||^2 against the data's targets (one-hot over C outputs for three or more classes,
/// +-1 on one output for two classes chosen with --classes a,b or for synthetic data).
struct RewindingOptions<Defaults: RewindingDefaults>: ParsableArguments {
    @Option(help: "Data source: fashion-mnist, an MNIST-layout DIR, FILE.csv[?label=K], or synthetic:sphere?m=M&d=D[&...].")
    var data: String = Defaults.recipe.data

    @Option(help: "Use a random subset of this many training samples (without replacement, seeded by --data-seed).")
    var samples: Int = Defaults.recipe.samples ?? 5000

    @Option(name: .customLong("data-seed"), help: "Seed of the training subset.")
    var dataSeed: UInt64 = 0

    @Option(help: "Keep only these classes, e.g. 0,1 (default: all).")
    var classes: String?

    @Flag(name: .customLong("unit-norm"), inversion: .prefixedNo, help: ArgumentHelp(unitNormHelp))
    var unitNormChoice: Bool?

    /// Rows scaled to unit norm: the recipe's (off for an MLP, the rule of `unitNormHelp`) unless --unit-norm/--no-unit-norm.
    var unitNorm: Bool { unitNormChoice ?? Defaults.recipe.unitNorm }

    @Option(help: "Hidden widths of the MLP, a comma list (LeNet-300-100: 300,100; two-layer: one width, e.g. 300).")
    var width: String = Defaults.recipe.widths.map(String.init).joined(separator: ",")

    @Option(help: "Training loss, mean over the batch: cross-entropy (softmax over the C classes) or squared (1/2 ||u - y||^2 on the data's targets: one-hot for 3+ classes, +-1 for two).")
    var loss: LossKind = Defaults.recipe.loss

    @Option(help: "Training length T: iterations (400 or 400it) or epochs (3ep).")
    var steps: String = String(Defaults.recipe.steps.iterations(perEpoch: 1))

    @Option(help: "Learning rate eta (> 0).")
    var lr: Double = Defaults.recipe.lr

    @Option(help: "Minibatch size B.")
    var batch: Int = Defaults.recipe.batch ?? 128

    @Option(help: "SGD momentum mu in [0, 1).")
    var momentum: Double = Defaults.recipe.momentum

    @Option(name: .customLong("weight-decay"), help: "Weight decay lambda >= 0.")
    var weightDecay: Double = Defaults.recipe.weightDecay

    @OptionGroup var memory: MemoryOptions

    /// Every option as `key=value` (for the configuration hash of an output folder).
    var settings: [(key: String, value: String)] {
        [("data", data), ("samples", String(samples)), ("data-seed", String(dataSeed)), ("classes", classes ?? "all"),
         ("unit-norm", String(unitNorm)), ("width", width), ("loss", loss.rawValue), ("steps", steps), ("lr", String(lr)),
         ("batch", String(batch)), ("momentum", String(momentum)), ("weight-decay", String(weightDecay))]
    }

    /// Loads the data and builds the training configuration (seed 0; callers set the seed):
    /// `RewindingConfiguration.training`, the one loader of the MLP experiments, its errors
    /// naming these flags.
    func load() throws -> (TrainingConfiguration, DataSplit) {
        var c = RewindingConfiguration()
        for key in Self.keys { try set(key, in: &c) }
        let names = RewindingOptionNames()
        try names.validate(c)  // the options of the grid besides these keep their (valid) defaults
        return try names.naming { try c.training { try memory.check($0, flags: [.data: "--data \(data)"]) } }
    }

    /// The keys of the rewinding grid these options give: the data and the MLP's training.
    static var keys: [RewindingConfiguration.Key] { [.data, .samples, .dataSeed, .classes, .unitNorm, .width, .loss, .steps, .lr,
                                                      .batch, .momentum, .weightDecay] }

    /// Sets `key` (one of `keys`; any other is left alone) of `c` from its option, the lists,
    /// length and classes parsed as their flags: the one mapping of these flags onto the grid's
    /// configuration, for `load` and for `lth rewinding` (whose `--config FILE` the typed flags
    /// override key by key).
    /// - Throws: `UsageError` naming the flag for a text that is not of its type.
    func set(_ key: RewindingConfiguration.Key, in c: inout RewindingConfiguration) throws {
        switch key {
        case .data: c.data = data
        case .samples: c.samples = samples
        case .dataSeed: c.dataSeed = dataSeed
        case .classes: c.classes = try classes.map { try CommaList.classes($0, flag: "--classes") }
        case .unitNorm: c.unitNorm = unitNorm
        case .width: c.width = try CommaList.positiveIntegers(width, flag: "--width", example: "300,100")
        case .loss: c.loss = loss
        case .steps:
            do { c.steps = try TrainingLength(parsing: steps) } catch { throw UsageError("--steps: \(error)") }
        case .lr: c.lr = lr
        case .batch: c.batch = batch
        case .momentum: c.momentum = momentum
        case .weightDecay: c.weightDecay = weightDecay
        default: break
        }
    }

    /// The parameters P of the MLP for this data.
    func parameterCount(_ config: TrainingConfiguration, _ split: DataSplit) -> Int {
        MemoryEstimate.parameterCount(model: .mlp, widths: config.hiddenWidths, dimension: split.train.dimension,
                                      outputs: config.outputCount(for: split.train))
    }

    /// The memory of training the MLP with `checkpoints` steps in the schedule and
    /// `keptSnapshots` networks kept, plus `extra` (the command's own stages), checked against
    /// --max-memory before anything is allocated; `flags` names the command's own options.
    func checkMemory(_ config: TrainingConfiguration, _ split: DataSplit, checkpoints: Int, keptSnapshots: Int,
                     extra: MemoryEstimate, flags: [MemoryEstimate.Parameter: String]) throws {
        var estimate = MemoryEstimate.training(model: .mlp, widths: config.hiddenWidths, dimension: split.train.dimension,
                                               outputs: config.outputCount(for: split.train), samples: split.train.sampleCount,
                                               testSamples: split.test?.sampleCount ?? 0, batch: config.batchSize,
                                               checkpoints: checkpoints, keptSnapshots: keptSnapshots)
        estimate.add(extra)
        let own: [MemoryEstimate.Parameter: String] = [.width: "--width \(width)", .samples: "--samples \(samples)", .batch: "--batch \(batch)"]
        try memory.check(estimate, flags: own.merging(flags) { _, given in given })
    }

}

/// The total number of iterations T for this configuration and data.
func totalIterations(_ config: TrainingConfiguration, _ data: Dataset) -> Int {
    SparseTrainer(configuration: config, trainingSet: data).totalIterations
}

/// Parses --seeds of IMP's matching verdict: at least two distinct seeds (matching compares with
/// the standard deviation over seeds).
func parseMatchingSeeds(_ text: String) throws -> [UInt64] {
    let seedList = try CommaList.nonNegativeIntegers(text, flag: "--seeds").map(UInt64.init)
    guard seedList.count >= 2 else {
        throw UsageError("--seeds: '\(text)' gives \(seedList.count) seed (allowed: at least two seeds, matching compares with the standard deviation over seeds)")
    }
    guard Set(seedList).count == seedList.count else { throw UsageError("--seeds: '\(text)' repeats a seed (allowed: distinct seeds)") }
    return seedList
}


/// Claims the output folder of a command before any output or computation (see
/// `OutputFolder`): refused (exit 2) when another process writes it, when lth did not write
/// it, or when another configuration did. The claim holds the folder's lock while it lives.
func claimOutput(_ out: String?, command: String, settings: [(key: String, value: String)]) throws -> OutputFolder? {
    guard let out else { return nil }
    try checkOutputPath(out)
    return try OutputFolder.claim(URL(fileURLWithPath: out), owner: OutputFolder.Owner(command: command, settings: settings))
}

/// Refuses an empty --out (which would name the working directory).
func checkOutputPath(_ out: String, flag: String = "--out") throws {
    guard !out.isEmpty else { throw UsageError("invalid value '' for \(flag): expected a folder path") }
}

/// Runs `body`, turning the engine's bad-input errors into one-line usage errors (exit 2) that
/// name the flag of the subcommand `command` (the default spelling when nil).
func rewindingUsage<T>(in command: (any ParsableCommand.Type)? = nil, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as PruningError { throw UsageError(error.commandLineDescription(in: command)) }
}

/// JSON text of an encodable value (sorted keys, pretty printed).
func rewindingJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
}

/// The help of `--unit-norm/--no-unit-norm`, one text (and so one default) wherever the flag
/// appears: `lth train` and the MLP experiments.
let unitNormHelp = "Scale data rows to unit Euclidean norm (default: on for the ntk model, whose theorems assume ||x_i|| = 1; off for an mlp, pixels in [0, 1] as loaded)"
