import ArgumentParser
import Checker
import Engine
import Foundation

/// `lth imp`: iterative magnitude pruning with rewinding over seeds, with the matching verdict
/// and the random-pruning and reinitialization controls.
struct IMPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "imp",
        abstract: "Iterative magnitude pruning with rewinding: which subnetworks match the dense network.",
        discussion: """
            For every seed: train the dense MLP for T iterations, then for every rewind point t and \
            level k prune the weights of smallest magnitude (global or layer-wise; ties keep the lower \
            flat index; each level keeps --density-per-level of the previous level's weights), rewind \
            the kept weights to their values at iteration t (t = 0: the original lottery ticket) and \
            train them from t to T with pruned weights held at exactly 0. A subnetwork is matching when \
            its mean final test accuracy over seeds is at least the dense mean minus one standard \
            deviation over seeds (--matching-sd). Controls: a random mask with the same per-layer \
            counts on the rewound weights, and the IMP mask on freshly initialized weights.

            Examples:
              lth imp --seeds 0,1 --levels 4 --rewind 0,50
              lth imp --scope layer-wise --exclude-output --densities 0.5,0.2,0.1 \\
                --out runs/imp
            """)

    @OptionGroup var training: RewindingOptions<LeNetDefaults>

    @Option(help: "Seeds of initialization and data order, a comma list (at least two: matching uses the sd over seeds).")
    var seeds: String = IMPDefaults.seeds

    @Option(help: ArgumentHelp(IMPDefaults.levelsHelp))
    var levels: Int = IMPDefaults.levels

    @OptionGroup var pruning: PruningOptions

    @Option(help: "Explicit decreasing level densities, e.g. 0.5,0.25,0.1 (overrides --levels and --density-per-level).")
    var densities: String?

    @Flag(name: .customLong("exclude-output"), help: "Leave the output layer dense.")
    var excludeOutput = false

    @Option(help: ArgumentHelp(IMPDefaults.rewindHelp))
    var rewind: String = IMPDefaults.rewind

    @OptionGroup var matching: MatchingOptions

    @Option(help: "Folder for imp_rewinding.csv/.md, imp_runs.json and figure_accuracy_density.svg/.tex (IMP and, unless --no-controls, the random-pruning and random-reinitialization controls per rewind point).")
    var out: String?

    @Flag(name: .customLong("quiet"), help: "No progress lines on standard error (errors are still reported).")
    var quiet = false

    func run() throws {
        let (config, split) = try training.load()
        let seedList = try parseMatchingSeeds(seeds)
        let pruningScope = pruning.scope
        let explicitDensities = try densities.map { try CommaList.densities($0, flag: "--densities") }
        if explicitDensities == nil {
            guard levels >= 1 else { throw UsageError("invalid value \(levels) for --levels: expected an integer >= 1") }
        }
        let rewinds = try CommaList.nonNegativeIntegers(rewind, flag: "--rewind")
        try training.checkMemory(config, split, checkpoints: rewinds.count + 2, keptSnapshots: rewinds.count,
                                 extra: MemoryEstimate.iterativePruning(parameters: training.parameterCount(config, split), seeds: seedList.count,
                                                                        rewindPoints: rewinds.count, levels: explicitDensities?.count ?? levels, controls: matching.controls),
                                 flags: [.levels: densities.map { "--densities \($0)" } ?? "--levels \(levels)", .rewindPoints: "--rewind \(rewind)",
                                         .checkpoints: "--rewind \(rewind)", .seeds: "--seeds \(seeds)"])
        let levelDensities = explicitDensities ?? IMPConfiguration.geometricDensities(levels: levels, densityPerLevel: pruning.densityPerLevel)
        let imp = IMPConfiguration(training: config, densities: levelDensities,
                                   pruning: MagnitudePruning(scope: pruningScope, excludesOutputLayer: excludeOutput),
                                   rewindIterations: rewinds, controls: matching.controls)
        try rewindingUsage(in: IMPCommand.self) { try imp.validate(for: split.train) }
        let criterion = MatchingCriterion(standardDeviations: matching.matchingSD)
        let experiment = IMPExperiment(imp: imp, split: split, seeds: seedList, criterion: criterion)
        if let out { try checkOutputPath(out); try experiment.check(output: URL(fileURLWithPath: out)) }
        emit("lth imp: mlp \(training.width) (\(config.loss.kind.rawValue) loss) on \(split.train.description); T = \(totalIterations(config, split.train)) iterations, \(levelDensities.count) levels, rewind \(rewinds.map(String.init).joined(separator: ",")), seeds \(seedList.map(String.init).joined(separator: ","))\n")
        let progress = CellProgress(total: experiment.unitCount, quiet: quiet)
        let (runs, claim) = try experiment.run(output: out.map { URL(fileURLWithPath: $0) }, progress: progress.experiment)
        defer { withExtendedLifetime(claim) {} }
        let rows = try rewindingUsage(in: IMPCommand.self) { try IMPSummaryRow.rows(runs, criterion: criterion) }
        let table = RewindingTables.imp(rows, criterion: criterion)
        emit("\n" + TerminalTable.render(table) + "\n")
        if let out {
            let perSeed = runs.map { IMPRunRecord(seed: $0.seed, rewindIteration: $0.rewindIteration, levels: $0.levels) }
            try ReportBundle.write(tables: [table], figures: [RewindingFigures.accuracyAgainstDensity(rows)],
                                      extra: [("imp_runs.json", try rewindingJSON(IMPRunsDocument(configuration: imp, summary: rows, runs: perSeed)))],
                                      to: URL(fileURLWithPath: out))
            emit("lth imp: wrote \(out)\n")
        }
    }
}

/// The per-seed record written to imp_runs.json.
struct IMPRunRecord: Codable {
    let seed: UInt64
    let rewindIteration: Int
    let levels: [IMPLevel]
}

/// imp_runs.json: the configuration, the summary rows and every seed's levels.
struct IMPRunsDocument: Codable {
    let configuration: IMPConfiguration
    let summary: [IMPSummaryRow]
    let runs: [IMPRunRecord]
}
