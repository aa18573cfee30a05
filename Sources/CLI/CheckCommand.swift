import ArgumentParser
import Bounds
import Checker
import Engine
import Foundation

/// `lth check [CONFIG]`: theory against runs, in agreement tables and figures.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run the theory-regime experiment and report theory against run.",
        discussion: """
            Trains the dense NTK network for every training-set size m and seed, runs greedy \
            forward selection at every checkpoint, evaluates Theorems A-C on the same data \
            (lambda0 and its certificate from the actual training set), and writes the agreement \
            tables (terminal, Markdown, LaTeX, CSV, JSON) and figures (SVG, pgfplots) under \
            OUT/report. CONFIG is a JSON or YAML file (see Experiments/); every key is also a \
            flag, which wins over the file; with neither, the embedded demo runs. Completed cells \
            are kept in OUT/units, so an interrupted check resumes where it stopped; a folder \
            written by a different configuration is refused. An optional 'rewinding' section in \
            CONFIG (a mapping whose keys are the long options of 'lth rewinding', e.g. width, \
            rewind, levels, seeds, steps; same defaults and checks; no out) also runs the rewinding \
            grid after the cells, prints its table and writes its files to OUT/rewinding.

            Examples:
              lth check
              lth check Experiments/theory-demo.yaml --out runs/mine
              lth check --samples 200,400 --seeds 0 --steps 300 --out runs/small
            """)

    @Argument(help: "A configuration file (.json, .yaml or .yml).")
    var config: String?

    @Option(name: .customLong("data"), help: "Data source (as for lth bounds --data).") var data: String?
    @Option(name: .customLong("classes"), help: ArgumentHelp("Two classes a,b to keep, labelled +1 and -1 (data of more than two classes needs them) (default: all)", valueName: "a,b")) var classes: String?
    @Option(name: .customLong("samples"), help: ArgumentHelp("Training-set sizes m.", valueName: "m1,m2,...")) var samples: String?
    @Option(name: .customLong("seeds"), help: ArgumentHelp("Seeds.", valueName: "s1,s2,...")) var seeds: String?
    @Option(name: .customLong("width"), help: "Hidden width N.") var width: Int?
    @Option(name: .customLong("kappa"), help: "Initial weight scale kappa > 0: w_r(0) ~ N(0, kappa^2 I) (default: 1.0)") var kappa: Double?
    @Option(name: .customLong("lr"), help: "Step size on the training loss.") var lr: Double?
    @Option(name: .customLong("eta"), help: "Step eta on the sum loss, the same at every m (replaces --lr).") var eta: Double?
    @Option(name: .customLong("reduction"), help: "Loss reduction of the tables and eps: sum or mean (the loss is squared) (default: mean)") var reduction: LossConvention?
    @Option(name: .customLong("steps"), help: "Gradient-descent iterations T: N, Nit or Nep (full batch: an epoch is one iteration).") var steps: String?
    @Option(name: .customLong("checkpoints"), help: "Checkpoint schedule (as for lth train).") var checkpoints: String?
    @Option(name: .customLong("k"), help: ArgumentHelp("Subnetwork sizes k.", valueName: "k1,k2,...")) var k: String?
    @Option(name: .customLong("epsilon"), help: ArgumentHelp("Loss targets eps.", valueName: "e1,e2,...")) var epsilon: String?
    /// Old spellings (deprecated; see `adoptDeprecated`).
    @Option(name: .customLong("loss"), help: .hidden) var deprecatedLoss: LossConvention?
    @Option(name: .customLong("subnet-sizes"), help: .hidden) var deprecatedSubnetSizes: String?
    @Option(name: .customLong("epsilons"), help: .hidden) var deprecatedEpsilons: String?
    @Option(name: .customLong("delta"), help: "Failure probability delta in (0, 1) of the theorems (default: 0.1)") var delta: Double?
    @Option(name: .customLong("out"), help: "Output folder (cells, report).") var out: String?
    @Flag(name: .customLong("detail"), help: "Also print the per-checkpoint and per-seed rows.") var detail = false
    @Flag(name: .customLong("quiet"), help: "No progress lines on standard error (errors are still reported).") var quiet = false
    @OptionGroup var memory: MemoryOptions
    @OptionGroup(title: "Slurm") var slurmOptions: SlurmOptions
    @Flag(name: .customLong("latex-float"), help: "Write each LaTeX table inside a table float with caption and label (default: a bare tabular fragment for \\input).") var latexFloat = false

    func run() throws {
        var configuration = TheoryCheckConfiguration()
        // The rewinding section's options are named as its keys, in the file.
        let rewindingNames = RewindingOptionNames(fileKeys: Set(RewindingConfiguration.Key.allCases),
                                                  origin: "section '\(TheoryCheckConfiguration.rewindingKey)' of \(config ?? "CONFIG")")
        var rewindingSection: ConfigurationDocument? = nil
        if let config {
            let document = try TheoryCheckConfiguration.document(file: config)
            warnRenamedKeys(document, file: config)
            rewindingSection = document.section(TheoryCheckConfiguration.rewindingKey)
            configuration = try rewindingNames.naming { try TheoryCheckConfiguration(document: document) }
        }
        if let data { configuration.data = data }
        if let classes { configuration.classes = try CommaList.integers(classes, flag: "--classes") }
        if let samples { configuration.samples = try CommaList.integers(samples, flag: "--samples") }
        if let seeds { configuration.seeds = try CommaList.integers(seeds, flag: "--seeds") }
        if let width { configuration.width = width }
        if let kappa { configuration.kappa = kappa }
        if lr != nil, eta != nil {
            throw UsageError("--lr and --eta both give the step: give either --lr (on the --loss convention) or --eta (on the sum loss)")
        }
        if let lr { configuration.lr = lr; configuration.eta = nil }
        if let eta { configuration.eta = eta }
        if let reduction = try adoptDeprecated(reduction, "--reduction", old: deprecatedLoss, "--loss") { configuration.loss = reduction.rawValue }
        if let steps { configuration.steps = try fullBatchSteps(steps) }
        if let checkpoints { configuration.checkpoints = checkpoints }
        if let sizes = try adoptDeprecated(k, "--k", old: deprecatedSubnetSizes, "--subnet-sizes") {
            configuration.subnetSizes = try CommaList.integers(sizes, flag: "--k")
        }
        if let targets = try adoptDeprecated(epsilon, "--epsilon", old: deprecatedEpsilons, "--epsilons") {
            configuration.epsilons = try CommaList.numbers(targets, flag: "--epsilon")
        }
        if let delta { configuration.delta = delta }
        if let out { configuration.output = out }

        // Keys given on the command line (their flags win over the file).
        var given: Set<String> = []
        let flagged: [(key: String, isGiven: Bool)] = [
            ("data", data != nil), ("classes", classes != nil), ("samples", samples != nil), ("seeds", seeds != nil),
            ("width", width != nil), ("kappa", kappa != nil), ("lr", lr != nil), ("eta", eta != nil),
            ("reduction", reduction != nil || deprecatedLoss != nil), ("steps", steps != nil), ("checkpoints", checkpoints != nil),
            ("k", k != nil || deprecatedSubnetSizes != nil), ("epsilon", epsilon != nil || deprecatedEpsilons != nil),
            ("delta", delta != nil), ("out", out != nil),
        ]
        for (key, isGiven) in flagged where isGiven { given.insert(key) }
        /// A bad configuration value names the flag when it came from the command line (or the
        /// default), the key of the file otherwise.
        func naming<T>(_ body: () throws -> T) throws -> T {
            do {
                return try body()
            } catch let CheckerError.invalidValue(field, value, allowed) where Self.keyFlags[field] != nil {
                let name = given.contains(field) || config == nil ? Self.keyFlags[field]! : "key '\(field)' of \(config!)"
                throw UsageError("invalid value \(value) for \(name): expected \(allowed)")
            }
        }
        let experiment = try naming { try TheoryExperiment(configuration: configuration, toolkitVersion: LTH.version) }
        // The rewinding section is checked (and its data loaded) before any cell is written.
        let rewindingSweep = try rewindingSection.map { try Self.rewindingSweep($0, names: rewindingNames, memory: memory) }
        // The folder and the data are checked, and the folder locked, before the first byte of output.
        try memory.check(MemoryEstimate.dataSource(configuration.data), flags: [.data: "--data \(configuration.data)"])
        try checkLength(.iterations(configuration.steps), String(configuration.steps), iterationsPerEpoch: 1)
        let training = try naming { try experiment.preflight() }
        try memory.check(configuration.cellMemoryEstimate(dimension: training.dimension), flags: [
            .width: "--width \(configuration.width)", .samples: "--samples \(configuration.samples.map(String.init).joined(separator: ","))",
            .checkpoints: "--checkpoints \(configuration.checkpoints)",
            .subnetworkSize: "--k \(configuration.subnetSizes.map(String.init).joined(separator: ","))"])
        // A Slurm submission, one array task (--cell) or the collect step instead of a local run.
        if try naming({ try slurmOptions.handle(experiment, jobName: "lth-check", outputFolder: URL(fileURLWithPath: configuration.output)) }) { return }
        // Progress goes to standard error (as for lth reproduce), so standard output starts with the verdict summary.
        // The folder is claimed (locked, marked with the configuration hash) for the whole command.
        let claim = try experiment.claim(URL(fileURLWithPath: configuration.output))
        defer { withExtendedLifetime(claim) {} }
        try experiment.checkKeptCells()  // a damaged cell is refused before the first line of progress
        let progress = CellProgress(total: experiment.unitCount, quiet: quiet)
        progress.note("lth check: \(configuration.samples.count) sizes x \(configuration.seeds.count) seeds, N = \(configuration.width), \(configuration.steps) iterations -> \(configuration.output) (configuration \(configuration.hash))")
        let result = try naming { try experiment.run(in: claim, progress: progress.experiment) }
        let written = try result.write(to: experiment.reportURL, latexFloat: latexFloat)
        // The report opens with the verdict summary, then the compact per-theorem tables (per-checkpoint rows with --detail).
        emit(TerminalTable.render(result, detail: detail) + "\n")
        emit("written (\(written.count) files):\n" + writtenFilesList(written) + "\n")
        if FigurePDF.converterPath == nil { emit("(no figure PDFs: rsvg-convert is not installed; apt-get install \(FigurePDF.package))\n") }
        if let rewindingSweep {
            emit("\n")
            try RewindingCommand.run(rewindingSweep, out: URL(fileURLWithPath: configuration.output).appendingPathComponent("rewinding").path,
                                     latexFloat: latexFloat)
        }
        let violations = result.theoremB.filter { result.isViolated($0) }
        if !violations.isEmpty {
            printError("lth: error: Theorem B's bound is violated in \(violations.count) rows (first: m = \(violations[0].samples), seed \(violations[0].seed), t = \(violations[0].iteration), k = \(violations[0].subnetworkSize)); this is a bug")
            throw ExitCode(1)
        }
    }

    /// The flag of each configuration key.
    static let keyFlags: [String: String] = [
        "data": "--data", "classes": "--classes", "samples": "--samples", "seeds": "--seeds", "width": "--width",
        "kappa": "--kappa", "lr": "--lr", "eta": "--eta", "reduction": "--reduction", "steps": "--steps",
        "checkpoints": "--checkpoints", "k": "--k", "epsilon": "--epsilon", "delta": "--delta", "out": "--out",
    ]

    /// The rewinding grid of a configuration's `rewinding` section (a `RewindingConfiguration`:
    /// the same defaults and checks as `lth rewinding`'s flags), its data loaded and its memory
    /// estimated against lth check's --max-memory; errors name the key, the section and the file.
    static func rewindingSweep(_ section: ConfigurationDocument, names: RewindingOptionNames, memory: MemoryOptions) throws -> RewindingSweep {
        do {
            let configuration = try names.naming { try RewindingConfiguration(document: section) }
            try names.validate(configuration)
            let sweep = try names.sweep(configuration, memory: memory)
            warnRenamedKeys(RewindingConfiguration.renamedKeysUsed(in: section), file: names.origin)
            return sweep
        } catch let error as DataError {
            throw UsageError("\(names.origin): \(error.description)")
        } catch let error as TrainingError {
            throw UsageError("\(names.origin): \(error.description)")
        }
    }
}
