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
    /// The validated grid (data, options, IMP, instability and early-bird set-ups) without an
    /// output folder; `sweep(out:)` gives it one.
    let grid: RewindingSweep
    /// The grid as a sweep of cells (one per IMP seed), kept in `out`/units when `out` is given.
    func sweep(out: String?) -> RewindingSweep {
        var sweep = grid
        sweep.outputFolder = out.map { URL(fileURLWithPath: $0) }
        return sweep
    }

    /// Runs the grid; progress goes to standard error, the verdict summary and the table to
    /// standard output (which starts with the summary); `out` receives
    /// rewinding_grid.csv/.md/.tex, the IMP, instability, early-bird and greedy-threshold tables
    /// and the three figures (.svg/.tex), all written together or none, and keeps the finished
    /// cells (one per seed) in `out`/units, which a later run with the same options reuses.
    func run(out: String?, latexFloat: Bool = false) throws {
        let sweep = self.sweep(out: out)
        // The folder (when given) is claimed (locked, marked with the configuration hash) for the whole run.
        let claim = try sweep.outputFolder.map(sweep.claim)
        defer { withExtendedLifetime(claim) {} }
        let total = totalIterations(grid.base, grid.split.train)
        printError("lth rewinding: mlp \(width) (\(grid.base.loss.kind.rawValue) loss) on \(grid.split.train.description); T = \(total), rewind \(grid.rewinds.map(String.init).joined(separator: ",")), \(grid.levels) IMP levels, seeds \(grid.seeds.map(String.init).joined(separator: ",")), \(grid.steps.count) checkpoints")
        let line = { (text: String) in printError("  " + text) }
        let cells = try sweep.run(in: claim, progress: ExperimentProgress(unit: line, note: line))
        let report = try rewindingUsage { try sweep.report(cells: cells, theoreticalThresholdReason: RewindingCommand.theoremCSentence) }
        emit(report.grid.verdictSummary.joined(separator: "\n") + "\n\n" + TerminalTable.render(report.tables[0]) + "\n")
        if let out {
            let written = try ReportBundle.write(tables: report.tables, figures: report.figures, latexTables: true, latexFloat: latexFloat,
                                                 to: URL(fileURLWithPath: out))
            emit("lth rewinding: written (\(written.count) files):\n" + writtenFilesList(written) + "\n")
        }
    }
}
