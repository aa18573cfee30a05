import ArgumentParser
import Checker
import Engine
import Foundation

/// `lth sweep [CONFIG] [--width ...] [--out DIR]`: the width sweep of THEORY.md sections 8-10.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Dense NTK runs across widths N: kernel-regime agreement, hypothesis ledger, pruned-network comparators.",
        discussion: """
            CONFIG (YAML or JSON, e.g. Experiments/width-sweep.yaml) holds the keys data, samples, \
            width, seeds, kappa, reduction, lr, steps, checkpoints, k, random-draws, \
            exact-limit, kernel, tau, delta, epsilon: the long names of the flags here (flags win; \
            `lth config print sweep` prints them with their defaults); without CONFIG the defaults \
            of Experiments/width-sweep.yaml apply. For every width N and seed, one full-batch run of T steps is compared with its \
            kernel prediction e_K(T) = (I - eta H)^T e(0) (delta(T) = ||e(T) - e_K(T)|| / ||e(0)||), \
            its hypothesis ledger (each event of Theorem A's proof against its bound), and greedy \
            forward selection at k beside the variance bound and the random subnetwork. The kernel \
            comparison agrees when delta(T) <= tau at the largest N and the 95% interval of the slope \
            of log delta(T) against log N contains -1/2. Tables go to the terminal; with --out, also \
            Markdown, CSV and LaTeX files in DIR.

            Examples:
              lth sweep Experiments/width-sweep.yaml
              lth sweep --width 64,256,1024 --seeds 0,1 --steps 200 --out runs/sweep
            """)

    @Argument(help: "A YAML or JSON configuration (optional).") var config: String?
    @Option(help: "Data source (as lth train --data).") var data: String?
    @Option(help: "Training subset size m.") var samples: Int?
    @Option(help: "Hidden widths N of the sweep, a comma list (at least 3 distinct).") var width: String?
    /// Old spelling of --width (deprecated).
    @Option(name: .customLong("widths"), help: .hidden) var deprecatedWidths: String?
    @Option(help: "Seeds, a comma list.") var seeds: String?
    @Option(help: "Initial weight scale kappa > 0: w_r(0) ~ N(0, kappa^2 I) (default: 1.0)") var kappa: Double?
    @Option(help: "Loss reduction: sum or mean (mean: eta = lr/m on the sum loss) (default: mean)") var reduction: LossReduction?
    /// Old spelling of --reduction (deprecated).
    @Option(name: .customLong("loss"), help: .hidden) var deprecatedLoss: LossReduction?
    @Option(help: "Learning rate (> 0).") var lr: Double?
    @Option(help: "Gradient-descent iterations T: N, Nit or Nep (full batch: an epoch is one iteration).") var steps: String?
    @Option(help: ArgumentHelp("Checkpoint schedule: geometric:COUNT, COUNT >= 2 log-spaced checkpoints per run, the one schedule of the sweep (the ledger's max and min over t run over them; a bare COUNT is the deprecated old form).", valueName: "geometric:COUNT")) var checkpoints: String?
    @Option(name: .customLong("k"), help: "Greedy subnetwork size k.") var subnetSize: Int?
    @Option(name: .customLong("random-draws"), help: "Monte-Carlo draws of the random subnetwork.") var randomDraws: Int?
    @Option(name: .customLong("exact-limit"), help: "Compute l* and the exact diameter for N up to this.") var exactLimit: Int?
    @Option(help: "The kernel H: initial (H(0), exact linearization) or infinite (Hinf) (default: initial)") var kernel: KernelChoice?
    @Option(help: "Agreement tolerance tau of delta(T) (default: 0.05)") var tau: Double?
    @Option(help: "Target of the dense loss per sample l/m for t_hat against t_K (default: 0.1)") var epsilon: Double?
    @Option(help: "Failure probability delta in (0, 1) of Theorem A (default: 0.1)") var delta: Double?
    @Option(help: "Folder for the Markdown, CSV and LaTeX tables (and OUT/units, the finished runs a rerun resumes from).") var out: String?
    @Flag(name: .customLong("quiet"), help: "No progress lines on standard error (errors are still reported).") var quiet = false

    /// The flag of each configuration key, for error messages.
    static let flags = ["data": "--data", "samples": "--samples", "width": "--width", "seeds": "--seeds", "kappa": "--kappa",
                        "reduction": "--reduction", "lr": "--lr", "steps": "--steps", "checkpoints": "--checkpoints",
                        "k": "--k", "random-draws": "--random-draws", "exact-limit": "--exact-limit",
                        "kernel": "--kernel", "tau": "--tau", "delta": "--delta",
                        "epsilon": "--epsilon"]

    func makeConfiguration() throws -> WidthSweepConfiguration {
        var dictionary: [String: Any] = [:]
        if let data { dictionary["data"] = data }
        if let samples { dictionary["samples"] = samples }
        if let widths = try adoptDeprecated(width, "--width", old: deprecatedWidths, "--widths") {
            dictionary["width"] = try CommaList.nonNegativeIntegers(widths, flag: typedSpelling("--width", old: "--widths", given: deprecatedWidths != nil))
        }
        if let seeds { dictionary["seeds"] = try CommaList.nonNegativeIntegers(seeds, flag: "--seeds") }
        if let kappa { dictionary["kappa"] = kappa }
        if let reduction = try adoptDeprecated(reduction, "--reduction", old: deprecatedLoss, "--loss") { dictionary["reduction"] = reduction.rawValue }
        if let lr { dictionary["lr"] = lr }
        if let steps { dictionary["steps"] = try fullBatchSteps(steps) }
        if let checkpoints {
            if let count = Int(checkpoints) {  // the old form: a bare count
                _ = try adoptDeprecated(nil, "--checkpoints geometric:\(count)", old: count, "--checkpoints \(count)")
            }
            dictionary["checkpoints"] = checkpoints
        }
        if let subnetSize { dictionary["k"] = subnetSize }
        if let randomDraws { dictionary["random-draws"] = randomDraws }
        if let exactLimit { dictionary["exact-limit"] = exactLimit }
        if let kernel { dictionary["kernel"] = kernel.rawValue }
        if let tau { dictionary["tau"] = tau }
        if let epsilon { dictionary["epsilon"] = epsilon }
        if let delta { dictionary["delta"] = delta }
        do {
            var configuration = WidthSweepConfiguration()
            if let config {
                let document = try WidthSweepConfiguration.document(file: config)
                warnRenamedKeys(document, file: config)
                if let count = WidthSweepConfiguration.checkpointCountOfOldForm(in: document) {
                    warnRenamedKeys([(old: "checkpoints: \(count)", new: "checkpoints: geometric:\(count)")], file: config)
                }
                configuration = try WidthSweepConfiguration(document: document)
            }
            let flags = try ConfigurationDocument(dictionary: dictionary, origin: "the command line", allowedKeys: WidthSweepConfiguration.keys)
            configuration = try configuration.overriding(with: flags)
            try configuration.validate()
            return configuration
        } catch let CheckerError.invalidValue(field, value, allowed) {
            let name = Self.flags[field].map { config != nil && !dictionary.keys.contains(field) ? "key '\(field)' of \(config!)"
                                               : field == "width" ? typedSpelling($0, old: "--widths", given: deprecatedWidths != nil) : $0 } ?? field
            throw UsageError("invalid value \(value) for \(name): expected \(allowed)")
        }
    }

    func run() throws {
        let configuration = try makeConfiguration()
        let c = configuration
        // The output folder is checked before any computation and claimed (locked, marked with
        // the configuration hash) when the first run starts; each finished (N, seed) run is kept
        // in OUT/units, so the same command resumes after an interruption.
        let experiment = try WidthSweepExperiment(configuration: configuration)
        if let out { try checkOutputPath(out); try experiment.check(output: URL(fileURLWithPath: out)) }
        let progress = CellProgress(total: experiment.unitCount, quiet: quiet)
        let (sweep, claim) = try experiment.run(output: out.map { URL(fileURLWithPath: $0) }, progress: progress.experiment)
        defer { withExtendedLifetime(claim) {} }
        let folder = out.map { URL(fileURLWithPath: $0) }
        let tables = sweep.tables()
        print("Width sweep on \(sweep.dataDescription) (m = \(sweep.samples)), eta = \(sweep.eta) on the sum loss\n")
        for table in tables { print(TerminalTable.render(table) + "\n") }
        if let folder {
            var files: [(name: String, contents: String)] = []
            for table in tables {
                files.append((table.name + ".md", MarkdownTable.render(table)))
                files.append((table.name + ".csv", CSVTable.render(table)))
                files.append(LaTeXTable.file(table, float: false))
            }
            let written = try AtomicFile.write(files, in: folder)
            print("written (\(written.count) files):\n" + writtenFilesList(written))
        }
    }
}
