import Checker
import Engine
import Foundation

/// A validated rewinding grid (`lth rewinding`, or the `rewinding` section of an `lth check`
/// configuration): the data are loaded and every option checked; `run(out:)` trains and measures
/// (1) IMP with rewinding to every t over the seeds, (2) dense and sparse (last IMP level)
/// instability at every t for the first seed, (3) early-bird mask distances and (4) the greedy
/// threshold t_hat on the first seed's dense checkpoints, prints the grid table, and writes the
/// tables and figures to `out` when given. Both commands run this one code path.
struct RewindingGridPlan {
    /// The hidden widths as given (for the header line).
    let width: String
    /// The training configuration (seed 0; each run sets its own).
    let base: TrainingConfiguration
    let split: DataSplit
    /// The IMP seeds (at least two, distinct); the first seeds the other measurements.
    let seedList: [UInt64]
    /// Rewind points t, sorted and distinct, each in 0...T.
    let rewinds: [Int]
    /// Checkpoints of the early-bird and t_hat measurements (0, T and the rewind points included).
    let steps: [Int]
    let levels: Int
    let criterion: MatchingCriterion
    let stableBelow: Double
    let earlyBirdDensity: Double
    let greedyK: Int
    let greedyEps: Double
    let imp: IMPConfiguration
    let analysis: InstabilityAnalysis
    let detector: EarlyBirdDetector

    /// Runs the grid; progress and the table go to standard output; `out` receives
    /// rewinding_grid.csv/.md/.tex, the IMP, instability, early-bird and greedy-threshold tables
    /// and the three figures (.svg/.tex), all written together or none.
    func run(out: String?, latexFloat: Bool = false) throws {
        let seed = seedList[0]
        let total = totalIterations(base, split.train)
        emit("lth rewinding: mlp \(width) (\(base.loss.kind.rawValue) loss) on \(split.train.description); T = \(total), rewind \(rewinds.map(String.init).joined(separator: ",")), \(levels) IMP levels, seeds \(seedList.map(String.init).joined(separator: ",")), \(steps.count) checkpoints\n")

        // (1) IMP over the rewind grid, every seed.
        let runner = IterativeMagnitudePruning(configuration: imp, trainingSet: split.train, testSet: split.test)
        var runs: [IMPRun] = []
        for s in seedList {
            runs += try rewindingUsage { try runner.run(seed: s, progress: { emit("  " + $0 + "\n") }) }
        }
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
        let greedy = try GreedyThreshold.measure(steps: steps, networks: networks, data: split.train, trainingLoss: base.loss.kind,
                                                 subnetworkSize: greedyK, epsilon: greedyEps)
        emit("  t_hat: \(greedy.value.map(String.init) ?? greedy.reason ?? "")\n")

        let grid = RewindingGrid(impRows: impRows, denseInstability: dense, sparseInstability: sparse, earlyBird: earlyBird,
                                 earlyBirdDensity: earlyBirdDensity, greedyThreshold: greedy, theoreticalThreshold: nil,
                                 theoreticalThresholdReason: RewindingCommand.theoremCSentence)
        let table = grid.table()
        emit("\n" + grid.verdictSummary.joined(separator: "\n") + "\n\n" + TerminalTable.render(table) + "\n")
        if let out {
            var tables = [table, RewindingTables.imp(impRows, criterion: criterion),
                          RewindingTables.instability(dense + sparse, threshold: stableBelow), RewindingTables.earlyBird(earlyBird)]
            if !greedy.steps.isEmpty { tables.append(RewindingTables.greedyThreshold(greedy)) }
            let written = try writeRewindingExports(tables: tables, figures: grid.figures(), extra: [], latexTables: true, latexFloat: latexFloat, to: out)
            emit("lth rewinding: written (\(written.count) files):\n" + writtenFilesList(written) + "\n")
        }
    }
}
