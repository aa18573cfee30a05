import ArgumentParser
import Engine
import Foundation
import LinearAlgebra

/// `lth train`: trains the NTK two-layer network or a standard MLP and writes a run directory
/// (config.json, metrics.jsonl, one folder of .npy arrays per checkpoint, `complete` marker last).
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a network and write a run directory with checkpoints and measurements.",
        discussion: """
            Models: 'ntk' is u(x) = N^(-1/2) sum_r a_r relu(w_r . x) with a_r = +-1 fixed and \
            w_r(0) ~ N(0, kappa^2 I) (squared loss, one output: choose two classes); 'mlp' is the \
            standard network with biases and PyTorch's default initialization. Every option left \
            out takes the default of the network's recipe, the value every subcommand training that \
            network takes: for ntk the network of the theory as 'lth check' trains it (full-batch \
            gradient descent with step 0.001 on the sum loss 1/2 ||u - y||^2, width 128, 2000 \
            iterations, unit-norm rows of the embedded synthetic data), for mlp LeNet-300-100 as \
            'lth imp', 'lth stability' and 'lth earlybird' train it (Frankle et al. 2020: 5000 \
            Fashion-MNIST samples as loaded, 400 iterations of batch 128 at learning rate 0.05 with \
            momentum 0.9, cross-entropy averaged over the batch; the squared loss on data without \
            class labels). The run directory is written as OUT.incomplete and renamed to OUT \
            when the run finishes, so an interrupted run never looks complete; OUT is never \
            overwritten. The same command on an interrupted OUT.incomplete (Ctrl-C, kill -9) \
            continues from its last checkpoint and writes the run an uninterrupted command \
            writes; an OUT.incomplete of another configuration, that another lth process is \
            writing, or that lth did not write, is refused and left as it is.

            Examples:
              lth train --out runs/ntk-default
              lth train --model mlp --out runs/lenet-300-100
              lth train --data fashion-mnist --classes 0,1 --samples 1000 \\
                --width 4096 --steps 2000it --lr 1e-3 --gram-eigenvalue \\
                --checkpoints geometric:16 --out runs/ntk
              lth train --data fashion-mnist --model mlp --width 512 \\
                --batch 128 --momentum 0.9 --steps 3ep --lr 0.05 \\
                --reduction mean --checkpoints 1ep,2ep --out runs/mlp
              lth train --data 'synthetic:sphere?m=200&d=16' --width 1024 \\
                --steps 500 --lr 0.01 --checkpoints every:50 --out runs/sphere
            """)

    @Option(help: "Data source: fashion-mnist, an MNIST-layout DIR, FILE.csv[?label=K], or synthetic:sphere?m=M&d=D[&...] (default: \(recipeDefault { $0.data }))")
    var data: String?

    @Option(help: "Model: ntk or mlp.")
    var model: ModelKind = .ntk

    @Option(help: "Hidden width N (mlp: a comma list for several hidden layers, e.g. 512,256) (default: \(recipeDefault { $0.widths.map(String.init).joined(separator: ",") }))")
    var width: String?

    @Option(help: "Training length: iterations (500 or 500it) or epochs (3ep) (default: \(recipeDefault { String($0.steps.iterations(perEpoch: 1)) }))")
    var steps: String?

    @Option(help: "Learning rate eta (> 0), the step on the loss of --reduction (default: \(recipeDefault { "\($0.lr)" }))")
    var lr: Double?

    @Option(help: "Minibatch size B (default: \(recipeDefault { $0.batch.map(String.init) ?? "full batch" }))")
    var batch: Int?

    @Option(help: "SGD momentum mu in [0, 1) (default: \(recipeDefault { "\($0.momentum)" }))")
    var momentum: Double?

    @Option(name: .customLong("weight-decay"), help: "Weight decay lambda >= 0 (added to the gradient as lambda * theta).")
    var weightDecay: Double = 0

    @Option(help: "Checkpoint schedule: 0,100,500 | 100,200,... | every:N | geom:1,2,... | geometric:COUNT (0 and the last step are always included) (default: \(recipeDefault { $0.checkpoints.description }))")
    var checkpoints: String?

    @Option(help: "Seed of the initialization, batch order, subset and synthetic data.")
    var seed: UInt64 = 0

    @Option(help: "Keep only these classes, e.g. 0,1 (two classes give +1/-1 targets) (default: all)")
    var classes: String?

    @Option(help: "Use a random subset of this many training samples (without replacement, seeded) (default: \(recipeDefault { $0.samples.map(String.init) ?? "all" }))")
    var samples: Int?

    @Flag(inversion: .prefixedNo, help: ArgumentHelp(unitNormHelp))
    var unitNorm: Bool?

    @Option(help: "Loss: squared or cross-entropy (cross-entropy needs class labels; data without them is fitted with squared) (default: \(recipeDefault { $0.loss.rawValue }))")
    var loss: String?

    @Option(help: "Loss reduction: sum or mean (default: \(recipeDefault { $0.reduction.rawValue }))")
    var reduction: LossReduction?

    /// Old spelling of --loss (deprecated; `--loss sum|mean` is the old spelling of --reduction).
    @Option(name: .customLong("objective"), help: .hidden) var deprecatedObjective: String?

    @Option(help: "Initial weight scale kappa of the ntk model (> 0).")
    var kappa: Double = 1

    @Flag(name: .customLong("gram-eigenvalue"), help: "Measure lambda_min(H(t)) at every checkpoint (ntk; costs m^2 N + m^3).")
    var gramEigenvalue = false

    @Option(name: .customLong("divergence-factor"), help: "Stop when the per-sample loss exceeds this factor times the initial one.")
    var divergenceFactor: Double = 1000

    @Option(help: "Where the command writes its output: here the run directory to create (must not exist).")
    var out: String

    @OptionGroup var memory: MemoryOptions

    @Flag(name: .customLong("quiet"), help: "No progress lines on standard error (errors are still reported).")
    var quiet = false

    /// The checks of single options (before any file is read).
    func validate() throws {
        if let lr, !(lr > 0 && lr.isFinite) { throw UsageError("invalid value \(lr) for --lr: expected a finite number > 0") }
        if let momentum, !(momentum >= 0 && momentum < 1) { throw UsageError("invalid value \(momentum) for --momentum: expected 0 <= mu < 1") }
        guard weightDecay >= 0, weightDecay.isFinite else { throw UsageError("invalid value \(weightDecay) for --weight-decay: expected a number >= 0") }
        guard kappa > 0, kappa.isFinite else { throw UsageError("invalid value \(kappa) for --kappa: expected a finite number > 0") }
        guard divergenceFactor > 1 else { throw UsageError("invalid value \(divergenceFactor) for --divergence-factor: expected a number > 1") }
        if let batch, batch < 1 { throw UsageError("invalid value \(batch) for --batch: expected 1 to the number of training samples") }
        if let samples, samples < 1 { throw UsageError("invalid value \(samples) for --samples: expected an integer >= 1") }
    }

    func run() throws {
        let (trainer, split, recipe) = try makeTrainer()
        let config = trainer.configuration
        var configuration = RunConfiguration(trainer: trainer, commandLine: CommandLine.arguments)
        configuration.dataRecipe = recipe
        configuration.dataChecksum = split.train.checksum
        let writer = try RunDirectoryWriter(path: out, configuration: configuration)
        let total = trainer.totalIterations, steps = trainer.checkpointSteps
        let lossDescription = "\(config.loss.kind.rawValue) loss, \(config.loss.reduction == .mean ? "per-sample mean" : "sum") over train m = \(split.train.sampleCount)"
            + (split.test.map { ", test \($0.sampleCount)" } ?? "")
        emit("lth train: \(config.model.rawValue) width \(config.hiddenWidths.map(String.init).joined(separator: ",")) on \(split.train.description) (m = \(split.train.sampleCount), d = \(split.train.dimension)); \(total) iterations, \(steps.count) checkpoints -> \(out)\n")
        // One progress line per checkpoint on standard error; those an interrupted run kept first.
        let progress = CellProgress(total: steps.count, quiet: quiet)
        if let state = writer.resumeState {
            for step in steps where step <= state.step { progress.cell("step \(step)/\(total): kept from an earlier run") }
        }
        do {
            try writer.record(trainer, seed: config.seed, data: split.train.description) { checkpoint in
                let values = checkpoint.measurements.namedValues.map { "\($0.name) \(String(format: "%.6g", $0.value))" }.joined(separator: "  ")
                progress.cell("step \(checkpoint.step)/\(total) (\(lossDescription))  \(values)")
            }
        } catch let error as TrainingError {
            printError("lth: error: \(error.description); partial run left in \(writer.workingPath)")
            throw ExitCode(1)
        }
        emit("lth train: run directory \(out) complete\n")
    }

    /// The defaults of the network of --model (`TrainingRecipe.of`): an option left out takes
    /// its value from here, the same value every subcommand training this network takes.
    var defaults: TrainingRecipe { .of(model) }

    /// The data source: --data or the recipe's.
    var source: String { data ?? defaults.data }

    /// The recipe of the training data: classes, then a seeded subset, then unit norm.
    func dataRecipe(classes: [Int]?) -> DataRecipe {
        DataRecipe(source: source, classes: classes, samples: samples ?? defaults.samples, seed: seed, unitNorm: unitNorm ?? defaults.unitNorm)
    }

    /// Parses and validates every option, loads the data and builds the trainer.
    func makeTrainer() throws -> (Trainer, DataSplit, DataRecipe) {
        let kind = model
        let widthText = width ?? defaults.widths.map(String.init).joined(separator: ",")
        let hidden = try CommaList.positiveIntegers(widthText, flag: "--width", example: "4096 (mlp: a list such as 512,256)")
        guard kind == .mlp || hidden.count == 1 else { throw UsageError("--width: the ntk model has one hidden layer (give one width)") }
        let length: TrainingLength
        do { length = try steps.map(TrainingLength.init(parsing:)) ?? defaults.steps } catch { throw UsageError("--steps: \(error)") }
        let schedule: CheckpointSchedule
        do { schedule = try checkpoints.map(CheckpointSchedule.init(parsing:)) ?? defaults.checkpoints } catch { throw UsageError("--checkpoints: \(error)") }
        // Old spellings: --loss sum|mean (now --reduction) and --objective (now --loss).
        var lossName = loss, reductionChoice = reduction
        if let old = loss, let oldReduction = LossReduction(rawValue: old) {
            reductionChoice = try adoptDeprecated(reduction, "--reduction", old: oldReduction, "--loss \(old)")
            lossName = nil
        }
        lossName = try adoptDeprecated(lossName, "--loss", old: deprecatedObjective, "--objective")
        let reduction = reductionChoice ?? defaults.reduction
        try checkOutputPath(out)
        try RunDirectoryWriter.check(path: out)
        let classList = try classes.map { try CommaList.classes($0, flag: "--classes") }

        let recipe = dataRecipe(classes: classList)
        try memory.check(MemoryEstimate.dataSource(source), flags: [.data: "--data \(source)"])
        let split: DataSplit
        do { split = try recipe.load() } catch let DataError.subsetTooLarge(requested, available) {
            throw UsageError("invalid value \(requested)\(samples == nil ? " (the \(model.rawValue) default)" : "") for --samples: expected at most the \(available) training points of the data")
        }
        let batch = self.batch ?? defaults.batch
        if let batch, batch > split.train.sampleCount {
            throw UsageError("--batch: \(batch)\(self.batch == nil ? " (the \(model.rawValue) default)" : "") exceeds the \(split.train.sampleCount) training samples (allowed: 1 to \(split.train.sampleCount))")
        }
        let kindOfLoss: LossKind
        if let lossName {
            guard let parsed = LossKind(rawValue: lossName) else {
                throw UsageError("invalid value '\(lossName)' for --loss: expected squared or cross-entropy (the reduction is --reduction sum|mean)")
            }
            kindOfLoss = parsed
        } else {
            kindOfLoss = defaults.loss(forClassLabels: split.train.classLabels != nil)
        }
        if kind == .ntk && split.train.outputCount != 1 {
            throw UsageError("--model ntk: the ntk model has one output but the data has \(split.train.outputCount) target columns (choose two classes with --classes a,b)")
        }
        let config = TrainingConfiguration(model: kind, hiddenWidths: hidden, length: length, learningRate: lr ?? defaults.lr, batchSize: batch,
                                           momentum: momentum ?? defaults.momentum, weightDecay: weightDecay,
                                           loss: Loss(kind: kindOfLoss, reduction: reduction), kappa: kappa, seed: seed,
                                           checkpoints: schedule, divergenceFactor: divergenceFactor,
                                           measuresGramEigenvalue: gramEigenvalue)
        let trainer = Trainer(configuration: config, trainingSet: split.train, testSet: split.test)
        try checkLength(length, steps ?? length.description, iterationsPerEpoch: trainer.iterationsPerEpoch)
        do { try config.validate(for: split.train) } catch let error as TrainingError { throw UsageError(error.description) }
        let estimate = MemoryEstimate.training(
            model: kind, widths: hidden, dimension: split.train.dimension, outputs: config.outputCount(for: split.train),
            samples: split.train.sampleCount, testSamples: split.test?.sampleCount ?? 0, batch: batch,
            checkpoints: schedule.countUpperBound(total: trainer.totalIterations, perEpoch: trainer.iterationsPerEpoch),
            keptSnapshots: 1, gramEigenvalue: gramEigenvalue)
        try memory.check(estimate, flags: [.width: "--width \(widthText)", .samples: "--samples \(split.train.sampleCount)",
                                           .batch: "--batch \(batch ?? split.train.sampleCount)", .checkpoints: "--checkpoints \(checkpoints ?? schedule.description)"])
        return (trainer, split, recipe)
    }
}

/// Refuses a training length above `TrainingLength.maximumIterations` (or one whose epochs
/// overflow), naming --steps.
func checkLength(_ length: TrainingLength, _ text: String, flag: String = "--steps", iterationsPerEpoch: Int) throws {
    let total = length.iterations(perEpoch: iterationsPerEpoch)
    guard total <= TrainingLength.maximumIterations else {
        throw UsageError("invalid value '\(text)' for \(flag): \(total == Int.max ? "more than 9.2e18" : String(total)) iterations (\(iterationsPerEpoch) per epoch); expected at most 2^40 = \(TrainingLength.maximumIterations) iterations")
    }
}

/// Writes `text` to standard output unbuffered (so lines and the progress bar keep their order).
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// A default of `lth train` as its help states it: the value of each network's recipe
/// (`TrainingRecipe.of`), "ntk: X; mlp: Y", or the one value both share.
func recipeDefault(_ value: (TrainingRecipe) -> String) -> String {
    let ntk = value(.of(.ntk)), mlp = value(.of(.mlp))
    return ntk == mlp ? ntk : "ntk: \(ntk); mlp: \(mlp)"
}
