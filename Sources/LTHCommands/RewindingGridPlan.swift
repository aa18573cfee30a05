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
    /// The owner recorded in the output folder (the command and every option).
    var owner = OutputFolder.Owner(command: "lth rewinding", configuration: "")

    /// The grid as a sweep of cells (one per IMP seed), kept in `out`/cells when `out` is given.
    func sweep(out: String?) -> RewindingSweep {
        RewindingSweep(base: base, split: split, seeds: seedList, rewinds: rewinds, steps: steps, levels: levels, criterion: criterion,
                       stableBelow: stableBelow, earlyBirdDensity: earlyBirdDensity, greedyK: greedyK, greedyEps: greedyEps,
                       imp: imp, analysis: analysis, detector: detector, outputFolder: out.map { URL(fileURLWithPath: $0) })
    }

    /// Runs the grid; progress goes to standard error, the verdict summary and the table to
    /// standard output (which starts with the summary); `out` receives
    /// rewinding_grid.csv/.md/.tex, the IMP, instability, early-bird and greedy-threshold tables
    /// and the three figures (.svg/.tex), all written together or none, and keeps the finished
    /// cells (one per seed) in `out`/cells, which a later run with the same options reuses.
    func run(out: String?, latexFloat: Bool = false) throws {
        let claim = try out.map { try OutputFolder.claim(URL(fileURLWithPath: $0), owner: owner) }
        defer { withExtendedLifetime(claim) {} }
        let total = totalIterations(base, split.train)
        printError("lth rewinding: mlp \(width) (\(base.loss.kind.rawValue) loss) on \(split.train.description); T = \(total), rewind \(rewinds.map(String.init).joined(separator: ",")), \(levels) IMP levels, seeds \(seedList.map(String.init).joined(separator: ",")), \(steps.count) checkpoints")
        let sweep = self.sweep(out: out)
        try sweep.prepare()
        let cells = try sweep.cells.map { try sweep.cell($0.index) { printError("  " + $0) } }
        let (grid, impRows) = try rewindingUsage { try sweep.grid(cells: cells, theoreticalThresholdReason: RewindingCommand.theoremCSentence) }
        let table = grid.table()
        emit(grid.verdictSummary.joined(separator: "\n") + "\n\n" + TerminalTable.render(table) + "\n")
        if let out {
            var tables = [table, RewindingTables.imp(impRows, criterion: criterion),
                          RewindingTables.instability(grid.denseInstability + grid.sparseInstability, threshold: stableBelow),
                          RewindingTables.earlyBird(grid.earlyBird!)]
            if let greedy = grid.greedyThreshold, !greedy.steps.isEmpty { tables.append(RewindingTables.greedyThreshold(greedy)) }
            let written = try writeRewindingExports(tables: tables, figures: grid.figures(), extra: [], latexTables: true, latexFloat: latexFloat, to: out)
            emit("lth rewinding: written (\(written.count) files):\n" + writtenFilesList(written) + "\n")
        }
    }
}
