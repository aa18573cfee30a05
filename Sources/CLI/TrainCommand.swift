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
            standard network with biases and PyTorch's default initialization (cross-entropy by \
            default when the data has more than two classes). Losses are sums over the data \
            (l = 1/2 ||u - y||^2) unless --reduction mean. Data rows are scaled to unit norm for \
            ntk (the theorems assume ||x_i|| = 1) and left as loaded for mlp, as in imp, stability, \
            earlybird and rewinding (--unit-norm / --no-unit-norm choose). The run directory is written as OUT.incomplete and renamed to OUT \
            when the run finishes, so an interrupted run never looks complete; OUT is never \
            overwritten. The same command on an interrupted OUT.incomplete (Ctrl-C, kill -9) \
            continues from its last checkpoint and writes the run an uninterrupted command \
            writes; an OUT.incomplete of another configuration, that another lth process is \
            writing, or that lth did not write, is refused and left as it is.

            Examples:
              lth train --data fashion-mnist --classes 0,1 --samples 1000 \\
                --width 4096 --steps 2000it --lr 1e-3 --gram-eigenvalue \\
                --checkpoints geometric:16 --out runs/ntk
              lth train --data fashion-mnist --model mlp --width 512 \\
                --batch 128 --momentum 0.9 --steps 3ep --lr 0.05 \\
                --reduction mean --checkpoints 1ep,2ep --out runs/mlp
              lth train --data 'synthetic:sphere?m=200&d=16' --width 1024 \\
                --steps 500 --lr 0.01 --checkpoints every:50 --out runs/sphere
            """)

    @Option(help: "Data source: fashion-mnist, an MNIST-layout DIR, FILE.csv[?label=K], or synthetic:sphere?m=M&d=D[&...].")
    var data: String

    @Option(help: "Model: ntk or mlp.")
    var model: ModelKind = .ntk

    @Option(help: "Hidden width N (mlp: a comma list for several hidden layers, e.g. 512,256).")
    var width: String

    @Option(help: "Training length: iterations (500 or 500it) or epochs (3ep).")
    var steps: String

    @Option(help: "Learning rate eta (> 0).")
    var lr: Double

    @Option(help: "Minibatch size B (default: full batch).")
    var batch: Int?

    @Option(help: "SGD momentum mu in [0, 1).")
    var momentum: Double = 0

    @Option(name: .customLong("weight-decay"), help: "Weight decay lambda >= 0 (added to the gradient as lambda * theta).")
    var weightDecay: Double = 0

    @Option(help: "Checkpoint schedule: 0,100,500 | 100,200,... | every:N | geom:1,2,... | geometric:COUNT (0 and the last step are always included).")
    var checkpoints: String = "geometric:16"

    @Option(help: "Seed of the initialization, batch order, subset and synthetic data.")
    var seed: UInt64 = 0

    @Option(help: "Keep only these classes, e.g. 0,1 (two classes give +1/-1 targets) (default: all)")
    var classes: String?

    @Option(help: "Use a random subset of this many training samples (without replacement, seeded).")
    var samples: Int?

    @Flag(inversion: .prefixedNo, help: ArgumentHelp(unitNormHelp))
    var unitNorm: Bool?

    @Option(help: "Loss: squared or cross-entropy (default: squared, cross-entropy for mlp on 3+ classes).")
    var loss: String?

    @Option(help: "Loss reduction: sum or mean (default: sum).")
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
        guard lr > 0, lr.isFinite else { throw UsageError("invalid value \(lr) for --lr: expected a finite number > 0") }
        guard momentum >= 0, momentum < 1 else { throw UsageError("invalid value \(momentum) for --momentum: expected 0 <= mu < 1") }
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

    /// The recipe of the training data: classes, then a seeded subset, then unit norm.
    func dataRecipe(classes: [Int]?) -> DataRecipe {
        DataRecipe(source: data, classes: classes, samples: samples, seed: seed, unitNorm: unitNorm ?? (model == .ntk))
    }

    /// Parses and validates every option, loads the data and builds the trainer.
    func makeTrainer() throws -> (Trainer, DataSplit, DataRecipe) {
        let kind = model
        let hidden = try CommaList.positiveIntegers(width, flag: "--width", example: "4096 (mlp: a list such as 512,256)")
        guard kind == .mlp || hidden.count == 1 else { throw UsageError("--width: the ntk model has one hidden layer (give one width)") }
        let length: TrainingLength
        do { length = try TrainingLength(parsing: steps) } catch { throw UsageError("--steps: \(error)") }
        let schedule: CheckpointSchedule
        do { schedule = try CheckpointSchedule(parsing: checkpoints) } catch { throw UsageError("--checkpoints: \(error)") }
        // Old spellings: --loss sum|mean (now --reduction) and --objective (now --loss).
        var lossName = loss, reductionChoice = reduction
        if let old = loss, let oldReduction = LossReduction(rawValue: old) {
            reductionChoice = try adoptDeprecated(reduction, "--reduction", old: oldReduction, "--loss \(old)")
            lossName = nil
        }
        lossName = try adoptDeprecated(lossName, "--loss", old: deprecatedObjective, "--objective")
        let reduction = reductionChoice ?? .sum
        try checkOutputPath(out)
        try RunDirectoryWriter.check(path: out)
        let classList = try classes.map { try CommaList.classes($0, flag: "--classes") }

        let recipe = dataRecipe(classes: classList)
        try memory.check(MemoryEstimate.dataSource(data), flags: [.data: "--data \(data)"])
        let split = try recipe.load()
        if let batch, batch > split.train.sampleCount {
            throw UsageError("--batch: \(batch) exceeds the \(split.train.sampleCount) training samples")
        }
        let kindOfLoss: LossKind
        if let lossName {
            guard let parsed = LossKind(rawValue: lossName) else {
                throw UsageError("invalid value '\(lossName)' for --loss: expected squared or cross-entropy (the reduction is --reduction sum|mean)")
            }
            kindOfLoss = parsed
        } else {
            kindOfLoss = kind == .mlp && split.train.outputCount > 1 && split.train.classLabels != nil ? .crossEntropy : .squared
        }
        if kind == .ntk && split.train.outputCount != 1 {
            throw UsageError("--model ntk: the ntk model has one output but the data has \(split.train.outputCount) target columns (choose two classes with --classes a,b)")
        }
        let config = TrainingConfiguration(model: kind, hiddenWidths: hidden, length: length, learningRate: lr, batchSize: batch,
                                           momentum: momentum, weightDecay: weightDecay,
                                           loss: Loss(kind: kindOfLoss, reduction: reduction), kappa: kappa, seed: seed,
                                           checkpoints: schedule, divergenceFactor: divergenceFactor,
                                           measuresGramEigenvalue: gramEigenvalue)
        let trainer = Trainer(configuration: config, trainingSet: split.train, testSet: split.test)
        try checkLength(length, steps, iterationsPerEpoch: trainer.iterationsPerEpoch)
        do { try config.validate(for: split.train) } catch let error as TrainingError { throw UsageError(error.description) }
        let estimate = MemoryEstimate.training(
            model: kind, widths: hidden, dimension: split.train.dimension, outputs: config.outputCount(for: split.train),
            samples: split.train.sampleCount, testSamples: split.test?.sampleCount ?? 0, batch: batch,
            checkpoints: schedule.countUpperBound(total: trainer.totalIterations, perEpoch: trainer.iterationsPerEpoch),
            keptSnapshots: 1, gramEigenvalue: gramEigenvalue)
        try memory.check(estimate, flags: [.width: "--width \(width)", .samples: "--samples \(split.train.sampleCount)",
                                           .batch: "--batch \(batch ?? split.train.sampleCount)", .checkpoints: "--checkpoints \(checkpoints)"])
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
