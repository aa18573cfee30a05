import ArgumentParser
import Checker
import Engine
import Foundation

/// `lth stability`: linear-mode instability of dense networks, and of IMP subnetworks, branched
/// at each rewind point t.
struct StabilityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stability",
        abstract: "Instability to SGD noise: error barrier between copies branched at iteration t.",
        discussion: """
            For every branch point t: train the dense MLP to t (seed --seed), then train --copies \
            copies from t to T with different data orders and evaluate the test error at --points \
            evenly spaced points on the straight line between their final weights. The error barrier \
            is the maximum error on the line minus the mean of the two end errors; the network is \
            stable at t when it is below --stable-below. With --sparse the same is measured for the \
            IMP subnetwork after --levels levels rewound to t (iterative magnitude pruning as in \
            'lth imp'; --levels and --density-per-level have their meaning and defaults there).

            Examples:
              lth stability --rewind 0,25,50,100,200
              lth stability --rewind 0,50,100 --sparse --levels 3 --out runs/stability
            """)

    @OptionGroup var training: RewindingOptions<LeNetDefaults>

    @Option(help: "Seed of initialization and of the data order up to t.")
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp(IMPDefaults.rewindHelp))
    var rewind: String = IMPDefaults.rewind

    @OptionGroup var instability: InstabilityOptions

    @Option(name: .customLong("levels"), help: ArgumentHelp(IMPDefaults.levelsHelp + " (default: \(IMPDefaults.levels))"))
    var levelCount: Int?

    @Flag(inversion: .prefixedNo, help: "Also measure the IMP subnetwork after --levels levels (--no-sparse: the dense network only).")
    var sparse: Bool?

    @OptionGroup var pruning: PruningOptions

    @Flag(name: .customLong("exclude-output"), help: "Leave the output layer dense.")
    var excludeOutput = false

    @Option(help: "Folder for instability.csv/.md, instability_paths.json and figure_instability.svg/.tex.")
    var out: String?

    @Flag(name: .customLong("quiet"), help: "No progress lines on standard error (errors are still reported).")
    var quiet = false

    /// The IMP level of the sparse subnetwork, 0 for the dense network only: --levels (default 4)
    /// with --sparse. Before --sparse existed, --levels L alone meant the subnetwork of level L
    /// (0: dense only); that spelling keeps working for one release, with a notice.
    func sparseLevel() throws -> Int {
        switch (sparse, levelCount) {
        case (true?, let count):
            let level = count ?? IMPDefaults.levels
            guard level >= 1 else { throw UsageError("invalid value \(level) for --levels: expected an integer >= 1 with --sparse") }
            return level
        case (false?, _): return 0
        case (nil, nil): return 0
        case (nil, let count?):
            printError("lth: warning: --levels without --sparse is deprecated and will be removed in lth 0.2; use "
                       + (count > 0 ? "--sparse --levels \(count)" : "--no-sparse"))
            return count
        }
    }

    func run() throws {
        let levels = try sparseLevel()
        let (base, split) = try training.load()
        var config = base
        config.seed = seed
        guard levels >= 0 else { throw UsageError("invalid value \(levels) for --levels: expected an integer >= 0") }
        let pruningScope = pruning.scope
        let rewinds = try CommaList.nonNegativeIntegers(rewind, flag: "--rewind")
        let total = totalIterations(config, split.train)
        for t in rewinds where t > total { throw PruningError.rewindPastEnd(iteration: t, total: total) }
        let parameters = training.parameterCount(config, split)
        var extra = MemoryEstimate.instability(parameters: parameters, copies: instability.copies, points: instability.points, rewindPoints: rewinds.count)
        if levels > 0 {
            extra.add(MemoryEstimate.iterativePruning(parameters: parameters, seeds: 1, rewindPoints: rewinds.count, levels: levels, controls: false))
        }
        try training.checkMemory(config, split, checkpoints: rewinds.count + 2, keptSnapshots: rewinds.count, extra: extra,
                                 flags: [.copies: "--copies \(instability.copies)", .points: "--points \(instability.points)", .rewindPoints: "--rewind \(rewind)",
                                         .checkpoints: "--rewind \(rewind)", .levels: "--levels \(levels)"])
        let analysis = InstabilityAnalysis(training: config, trainingSet: split.train, testSet: split.test,
                                           copies: instability.copies, points: instability.points, threshold: instability.stableBelow)
        try rewindingUsage { try analysis.validate() }
        let imp = levels > 0 ? IMPConfiguration(training: config, levels: levels, densityPerLevel: pruning.densityPerLevel,
                                                 pruning: MagnitudePruning(scope: pruningScope, excludesOutputLayer: excludeOutput),
                                                 rewindIterations: rewinds, controls: false) : nil
        let experiment = StabilityExperiment(training: config, split: split, rewinds: rewinds, analysis: analysis, imp: imp)
        if let out { try checkOutputPath(out); try experiment.check(output: URL(fileURLWithPath: out)) }
        emit("lth stability: mlp \(training.width) (\(config.loss.kind.rawValue) loss) on \(split.train.description); T = \(total), branch points \(rewinds.map(String.init).joined(separator: ",")), \(instability.copies) copies, \(instability.points) points\n")
        let progress = CellProgress(total: experiment.unitCount, quiet: quiet)
        let (result, claim) = try rewindingUsage { try experiment.run(output: out.map { URL(fileURLWithPath: $0) }, progress: progress.experiment) }
        defer { withExtendedLifetime(claim) {} }
        let dense = result.dense, sparse = result.sparse
        let tables = [RewindingTables.instability(dense + sparse, threshold: instability.stableBelow)]
        emit("\n" + TerminalTable.render(tables[0]) + "\n")
        if let out {
            let grid = RewindingGrid(impRows: [], denseInstability: dense, sparseInstability: sparse)
            try ReportBundle.write(tables: tables + [grid.table()], figures: [RewindingFigures.instabilityAgainstIteration(dense: dense, sparse: sparse)],
                                      extra: [("instability_paths.json", try rewindingJSON(["dense": dense, "sparse": sparse]))], to: URL(fileURLWithPath: out))
            emit("lth stability: wrote \(out)\n")
        }
    }
}
