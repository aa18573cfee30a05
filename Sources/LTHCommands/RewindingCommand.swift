import ArgumentParser
import Checker
import Engine
import Foundation
import LinearAlgebra

/// `lth rewinding`: the checker's grid over rewind points t for one MLP and one data set — IMP
/// matching per density, dense and sparse instability, early-bird distance, the greedy
/// pre-training threshold t_hat and (where it applies) the theoretical t*.
struct RewindingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rewinding",
        abstract: "One table per rewind point t: IMP matching, instability, early-bird distance, t_hat and t*.",
        discussion: """
            For the same data and MLP: (1) IMP with rewinding to every t of --rewind over --seeds \
            (as 'lth imp', no controls); (2) the error barrier of --copies copies of the dense \
            network and of the IMP subnetwork of the last level (seed = the first seed) branched at t \
            (as 'lth stability'); (3) the early-bird neuron-mask distance (--earlybird-density, \
            output-weighted-norm score; the early-bird table in --out also reports a ticket where 3 \
            consecutive distances stay below 0.1) between consecutive checkpoints of the dense run of the first \
            seed, at the checkpoints of --checkpoints together with the rewind points (as 'lth \
            earlybird'); (4) the greedy pre-training threshold t_hat(eps, k): the first of those \
            checkpoints at which greedy forward selection (analyzed variant: with replacement, exact \
            scoring of all neurons on all training samples, ties to the lowest index) of k = \
            --greedy-k picks from the dense network's hidden layer reaches train loss <= eps = \
            --greedy-eps, with the squared loss in the mean convention 1/(2m) sum_i ||u_S(x_i) - y_i||^2 \
            on the one-hot labels y_i (the zero predictor scores 1/2, the best constant 1/2 (1 - 1/C) \
            for C balanced classes; the default eps = 0.25 asks for half of the zero predictor's loss). \
            The MLP is trained with cross-entropy, so its logits are not fitted to the one-hot \
            labels in squared loss (--width 300 at T = 400: dense network 86, best greedy k = 50 \
            subnetwork 0.39); when no checkpoint reaches eps the column says so and gives both losses. \
            t_hat needs a one-hidden-layer MLP (e.g. --width 300); otherwise its column says why it is \
            empty. Theorem C's t* is stated for the NTK two-layer network with +-1 labels, so for this \
            MLP the t* column says so instead of a number.

            Examples:
              lth rewinding
              lth rewinding --width 300 --greedy-k 50 --greedy-eps 0.25 --out runs/rewinding
            """)

    @OptionGroup var training: RewindingOptions

    @Option(help: "Seeds of IMP (at least two: matching uses the sd over seeds); the first also seeds the instability, early-bird and greedy runs.")
    var seeds: String = "0,1"

    @Option(help: "Rewind points t, a comma list (each in 0...T).")
    var rewind: String = "0,50,100"

    @Option(help: "Number of IMP levels L.")
    var levels: Int = 2

    @Option(name: .customLong("density-per-level"), help: "Fraction of the remaining weights each IMP level keeps, in (0, 1).")
    var densityPerLevel: Double = 0.5

    @Option(help: "Pruning scope: global or layer-wise.")
    var scope: String = "global"

    @Option(name: .customLong("matching-sd"), help: "Matching tolerance in dense standard deviations over seeds (>= 0).")
    var matchingSD: Double = 1

    @Option(help: "Number of copies branched at t for the instability (at least 2).")
    var copies: Int = 2

    @Option(help: "Points on the line between the copies, endpoints included (>= 2).")
    var points: Int = 11

    @Option(name: .customLong("stable-below"), help: "Stability threshold on the error barrier, in [0, 1].")
    var stableBelow: Double = 0.02

    @Option(help: "Checkpoint schedule of the early-bird and t_hat measurements: 0,100,500 | every:N | geom:1,2,... | geometric:COUNT (0, T and the rewind points always included).")
    var checkpoints: String = "every:50"

    @Option(name: .customLong("earlybird-density"), help: "Neuron density of the early-bird masks (fraction of each hidden layer kept), in (0, 1].")
    var earlyBirdDensity: Double = 0.5

    @Option(name: .customLong("greedy-k"), help: "Size k of the greedy subnetwork (picks with multiplicity, >= 1).")
    var greedyK: Int = 50

    @Option(name: .customLong("greedy-eps"), help: "Train-loss target eps of t_hat: squared loss, mean convention 1/(2m) sum ||u - y||^2 on one-hot labels (> 0).")
    var greedyEps: Double = 0.25

    @Option(help: "Folder for rewinding_grid.csv/.md/.tex, the IMP, instability and early-bird tables, and the three figures (.svg/.tex).")
    var out: String?

    /// The t* column for the MLP: Theorem C does not apply, and no number is invented.
    static let theoremCSentence = "Theorem C is stated for the NTK two-layer network with +-1 labels; no t* for this MLP"

    func run() throws {
        let (base, split) = try training.load()
        let seedList = try parseIntegers(seeds, flag: "--seeds").map(UInt64.init)
        guard seedList.count >= 2 else {
            throw UsageError("--seeds: '\(seeds)' gives \(seedList.count) seed (allowed: at least two seeds, matching compares with the standard deviation over seeds)")
        }
        guard Set(seedList).count == seedList.count else { throw UsageError("--seeds: '\(seeds)' repeats a seed (allowed: distinct seeds)") }
        guard levels >= 1 else { throw UsageError("--levels: \(levels) is out of range (allowed: >= 1)") }
        guard densityPerLevel > 0, densityPerLevel < 1 else {
            throw UsageError("--density-per-level: \(densityPerLevel) is outside (0, 1) (the fraction of weights each level keeps)")
        }
        guard let pruningScope = PruningScope(rawValue: scope) else { throw UsageError("--scope: '\(scope)' is not a scope (allowed: global, layer-wise)") }
        guard matchingSD >= 0, matchingSD.isFinite else { throw UsageError("--matching-sd: \(matchingSD) is out of range (allowed: a finite number >= 0)") }
        guard copies >= 2 else { throw UsageError("--copies: \(copies) is out of range (allowed: at least 2 copies; instability compares two trained copies)") }
        guard points >= 2 else { throw UsageError("--points: \(points) is out of range (allowed: at least 2, the line's endpoints)") }
        guard stableBelow >= 0, stableBelow <= 1 else { throw UsageError("--stable-below: \(stableBelow) is outside [0, 1]") }
        guard earlyBirdDensity > 0, earlyBirdDensity <= 1 else {
            throw UsageError("--earlybird-density: \(earlyBirdDensity) is outside (0, 1] (the fraction of each hidden layer kept)")
        }
        guard greedyK >= 1 else { throw UsageError("--greedy-k: \(greedyK) is out of range (allowed: an integer >= 1)") }
        guard greedyEps > 0, greedyEps.isFinite else { throw UsageError("--greedy-eps: \(greedyEps) is out of range (allowed: a finite number > 0)") }
        let rewinds = Array(Set(try parseIntegers(rewind, flag: "--rewind"))).sorted()
        let total = RewindingOptions.total(base, split.train)
        for t in rewinds where t > total { throw UsageError(PruningError.rewindPastEnd(iteration: t, total: total).description) }
        let schedule: CheckpointSchedule
        do { schedule = try CheckpointSchedule(parsing: checkpoints) } catch { throw UsageError("--checkpoints: \(error)") }
        let seed = seedList[0]
        var config = base
        config.seed = seed
        let trainer = SparseTrainer(configuration: config, trainingSet: split.train)
        let steps = Array(Set(schedule.steps(total: trainer.totalIterations, perEpoch: trainer.iterationsPerEpoch) + rewinds + [0, total])).sorted()

        let imp = IMPConfiguration(training: config, levels: levels, densityPerLevel: densityPerLevel,
                                   pruning: MagnitudePruning(scope: pruningScope), rewindIterations: rewinds, controls: false)
        try rewindingUsage { try imp.validate(for: split.train) }
        let analysis = InstabilityAnalysis(training: config, trainingSet: split.train, testSet: split.test,
                                           copies: copies, points: points, threshold: stableBelow)
        try rewindingUsage { try analysis.validate() }
        let detector = EarlyBirdDetector(densities: [earlyBirdDensity], window: 3, threshold: 0.1, score: .outputWeightedNorm)
        try rewindingUsage { try detector.validate() }
        emit("lth rewinding: mlp \(training.width) on \(split.train.description); T = \(total), rewind \(rewinds.map(String.init).joined(separator: ",")), \(levels) IMP levels, seeds \(seedList.map(String.init).joined(separator: ",")), \(steps.count) checkpoints\n")

        // (1) IMP over the rewind grid, every seed.
        let runner = IterativeMagnitudePruning(configuration: imp, trainingSet: split.train, testSet: split.test)
        var runs: [IMPRun] = []
        for s in seedList {
            runs += try rewindingUsage { try runner.run(seed: s, progress: { emit("  " + $0 + "\n") }) }
        }
        let criterion = MatchingCriterion(standardDeviations: matchingSD)
        let impRows = try rewindingUsage { try IMPSummaryRow.rows(runs, criterion: criterion) }

        // (2) Dense and sparse (last IMP level) instability at every t, first seed.
        var dense: [InstabilityMeasurement] = []
        var sparse: [InstabilityMeasurement] = []
        for run in runs where run.seed == seed {
            let t = run.rewindIteration
            dense.append(try rewindingUsage { try analysis.measure(start: run.rewoundWeights, at: t, seed: seed) })
            let mask = run.masks[levels]
            sparse.append(try rewindingUsage { try analysis.measure(start: mask.applied(to: run.rewoundWeights), at: t, mask: mask, seed: seed) })
            emit("  t = \(t): dense barrier \(NumberFormat.short(dense.last!.barrier)), sparse (density \(NumberFormat.short(sparse.last!.density))) barrier \(NumberFormat.short(sparse.last!.barrier))\n")
        }

        // (3) Early-bird distances and (4) t_hat on the checkpoints of the first seed's dense run.
        let parent = try rewindingUsage { try runner.denseRun(seed: seed, snapshots: Set(steps)) }
        let networks = steps.map { parent.snapshots[$0]! }
        let earlyBird = try rewindingUsage { try detector.detect(steps: steps, networks: networks) }
        let greedy = try greedyThreshold(steps: steps, networks: networks, data: split.train)
        emit("  t_hat: \(greedy.value.map { String(Int($0)) } ?? greedy.reason)\n")

        let grid = RewindingGrid(impRows: impRows, denseInstability: dense, sparseInstability: sparse, earlyBird: earlyBird,
                                 earlyBirdDensity: earlyBirdDensity, greedyThreshold: greedy.value, theoreticalThreshold: nil)
        let table = Self.explained(grid.table(), greedyReason: greedy.value == nil ? greedy.reason : nil,
                                   theoremCReason: Self.theoremCSentence)
        emit("\n" + TerminalTable.render(table) + "\n")
        if let out {
            let tables = [table, RewindingTables.imp(impRows, criterion: criterion),
                          RewindingTables.instability(dense + sparse, threshold: stableBelow), RewindingTables.earlyBird(earlyBird)]
            var files: [(name: String, contents: String)] = []
            for t in tables {
                files.append((t.name + ".csv", CSVTable.render(t)))
                files.append((t.name + ".md", MarkdownTable.render(t)))
                files.append((t.name + ".tex", LaTeXTable.render(t)))
            }
            for f in grid.figures() {
                files.append((f.name + ".svg", SVGFigure.render(f)))
                files.append((f.name + ".tex", PGFPlotsFigure.render(f)))
            }
            do {
                try ExportFolder.write(files, to: URL(fileURLWithPath: out))
            } catch let error as CheckerError {
                throw UsageError("--out: \(error.description)")
            }
            emit("lth rewinding: wrote \(out)\n")
        }
    }

    /// t_hat(eps, k): the first checkpoint whose network's greedy subnetwork of size k (analyzed
    /// variant) has mean train loss 1/(2m) sum ||u_S(x_i) - y_i||^2 <= eps. `value` is nil when
    /// the MLP has more than one hidden layer or no checkpoint reaches eps; `reason` says which.
    func greedyThreshold(steps: [Int], networks: [MLP], data: Dataset) throws -> (value: Double?, reason: String) {
        let hidden = networks[0].layers.count - 1
        guard hidden == 1 else {
            return (nil, "greedy selection needs one hidden layer; this MLP has \(hidden) (use e.g. --width 300)")
        }
        // One-hot class targets (the MLP's outputs), also for data whose raw targets are +-1 scalars.
        let targets = Dataset.oneHotTargets(labels: data.classLabels ?? [], classCount: data.classCount ?? networks[0].layers[1].outputCount)
        let selection = GreedyForwardSelection(variant: .analyzed, size: greedyK)
        var best = Double.infinity
        var denseLoss = Double.nan
        for (t, network) in zip(steps, networks) {
            let features = try network.neuronFeatures(on: data.x)
            let result = try selection.run(features: features, targets: targets)
            best = min(best, result.finalMeanLoss)
            if result.finalMeanLoss <= greedyEps { return (Double(t), "") }
            denseLoss = features.denseSumLoss(targets: targets) / Double(features.sampleCount)
        }
        return (nil, "not reached by T = \(steps.last!) (k = \(greedyK), eps = \(NumberFormat.short(greedyEps)); best greedy loss \(NumberFormat.short(best)), dense network at T \(NumberFormat.short(denseLoss)))")
    }

    /// The grid's table with the empty t_hat and t* cells replaced by the sentence saying why.
    static func explained(_ table: Table, greedyReason: String?, theoremCReason: String?) -> Table {
        var rows = table.rows
        for (key, reason) in [("greedy_threshold", greedyReason), ("theoretical_threshold", theoremCReason)] {
            guard let reason, let c = table.columns.firstIndex(where: { $0.key == key }) else { continue }
            for r in rows.indices where rows[r][c] == .missing { rows[r][c] = .text(reason) }
        }
        return Table(name: table.name, title: table.title, caption: table.caption, columns: table.columns, rows: rows,
                     footnotes: table.footnotes)
    }
}
