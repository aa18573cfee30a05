import ArgumentParser
import Checker
import Engine
import Foundation
import LinearAlgebra

/// `lth reproduce [--config FILE] [--out DIR] [--quick]`: the paper's experiment on real data
/// (`PaperExperiment`): pruned accuracy against pre-training iterations for several training-set
/// sizes, and whether the plateau iteration grows like ln m.
struct ReproduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Run the paper's experiment: pruned accuracy against pre-training iterations for several m.",
        discussion: """
            Trains a dense two-layer MLP on m Fashion-MNIST samples for every m and seed, prunes it \
            by greedy forward selection at every checkpoint, fine-tunes the pruned network briefly, \
            and compares the laws ln m, m and m^beta for the iteration from which the greedy \
            training loss and the pruned test accuracy stay on their plateau (censoring in the \
            likelihood). \
            Completed (m, seed) cells are kept in DIR/units, so an interrupted run resumes; a DIR \
            written by another configuration is refused. The default configuration is \
            Experiments/fashion-mnist-paper.json (built in); --config gives another (any subset of \
            its keys), --quick a tiny one for smoke tests.

            Examples:
              lth reproduce --out runs/reproduce
              lth reproduce --quick --out /tmp/lth-quick
              lth reproduce --config Experiments/fashion-mnist-paper.json --out runs/paper
            """)

    @Option(name: .customLong("config"), help: "A configuration file, JSON or YAML like every configuration (the keys 'lth config print reproduce' prints; missing keys take the defaults).")
    var config: String?

    @Option(name: .customLong("out"), help: "Output folder (default: runs/reproduce, or runs/reproduce-quick with --quick).")
    var out: String?

    @Flag(name: .customLong("latex-float"), help: "Write each LaTeX table inside a table float with caption and label (default: a bare tabular fragment for \\input).")
    var latexFloat = false

    @Flag(name: .customLong("detail"), help: "Also print the per-seed plateau table (always in tables.txt and paper_plateau.csv).")
    var detail = false

    @Flag(name: .customLong("quiet"), help: "No progress lines on standard error (errors are still reported).")
    var quiet = false

    @Flag(name: .customLong("quick"), help: "A tiny configuration (m in {200, 400}, N = 64, 256 iterations) for smoke tests.")
    var quick = false

    @OptionGroup var memory: MemoryOptions
    @OptionGroup(title: "Slurm") var slurmOptions: SlurmOptions

    func run() throws {
        if quick && config != nil { throw UsageError("--quick and --config exclude each other (give one)") }
        let configuration: PaperExperimentConfiguration
        do {
            if let config {
                let file = try PaperExperimentConfiguration.read(path: config)
                warnRenamedKeys(file.renamedKeys, file: config)
                configuration = file.configuration
            } else {
                configuration = quick ? .quick : .standard
            }
        } catch let error as PaperExperimentError {
            throw UsageError(error.description)
        }
        let folder = out ?? (quick ? "runs/reproduce-quick" : "runs/reproduce")
        try checkOutputPath(folder)
        let experiment = PaperExperiment(configuration: configuration, outputFolder: URL(fileURLWithPath: folder))
        // The configuration, the folder and the data are checked, and the folder locked, before any output.
        let origin = config ?? (quick ? "--quick" : "the standard configuration")
        try memory.check(MemoryEstimate.dataSource(configuration.data), flags: [.data: "data '\(configuration.data)' of \(origin)"])
        try checkLength(.iterations(configuration.iterations), String(configuration.iterations), flag: "iterations of \(origin)", iterationsPerEpoch: 1)
        let (train, test, classCount) = try experiment.preflight()
        try memory.check(configuration.cellMemoryEstimate(dimension: train.dimension, classCount: classCount, testCount: test.sampleCount), flags: [
            .width: "width \(configuration.width) of \(origin)", .samples: "sizes of \(origin)", .testSamples: "testSamples of \(origin)",
            .batch: "batchSize of \(origin)", .checkpoints: "checkpoints of \(origin)", .subnetworkSize: "subnetworkSizes of \(origin)"])
        // A Slurm submission, one array task (--cell) or the collect step instead of a local run.
        if try slurmOptions.handle(experiment, jobName: "lth-reproduce", outputFolder: URL(fileURLWithPath: folder)) { return }
        let start = ContinuousClock.now
        // The folder is claimed (locked, marked with the configuration hash) for the whole command.
        let claim = try experiment.claim(URL(fileURLWithPath: folder))
        defer { withExtendedLifetime(claim) {} }
        try experiment.checkKeptCells()  // a damaged cell is refused before the first line of progress
        let progress = CellProgress(total: experiment.unitCount, quiet: quiet)
        progress.note("lth reproduce: \(configuration.sizes.count) sizes x \(configuration.seeds.count) seeds -> \(folder)")
        let result = try experiment.run(in: claim, progress: progress.experiment)
        let written = try result.write(to: URL(fileURLWithPath: folder), latexFloat: latexFloat)
        let elapsed = ContinuousClock.now - start
        let seconds = elapsed.inSeconds
        // The answer first (the claim's verdicts), then the provenance and the fits; the per-seed plateaus with --detail.
        var text = result.verdictSummary.joined(separator: "\n") + "\n\n" + result.headerLines.joined(separator: "\n") + "\n\n"
        text += (detail ? [result.plateauFitTable, result.plateauTable] : [result.plateauFitTable]).map(TerminalTable.render).joined(separator: "\n\n") + "\n\n"
        text += "lth reproduce: \(result.cells.count) cells (\(result.reusedCells) reused) in \(String(format: "%.1f", seconds)) s\n"
        text += "written (\(written.count) files):\n" + writtenFilesList(written) + "\n"
        text += "cells: \(folder)/\(ExperimentUnits.folderName), configuration: \(folder)/\(PaperExperiment.configurationFileName)\n"
        emit(text)
    }
}
