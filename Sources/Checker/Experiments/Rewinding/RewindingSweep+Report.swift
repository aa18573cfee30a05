import Foundation

extension RewindingSweep {
    /// The grid of the finished cells with every table and figure it reports: the grid table
    /// (one row per rewind point t) first, then the IMP, instability and early-bird tables and,
    /// when t_hat was measured at some checkpoint, the greedy-threshold table; the three figures.
    /// `lth rewinding` and the `rewinding` section of `lth check` both report through this.
    /// - Throws: `PruningError` from the IMP summary (e.g. seeds without a standard deviation).
    public func report(cells: [RewindingCell], theoreticalThresholdReason: String) throws
        -> (grid: RewindingGrid, tables: [Table], figures: [Figure]) {
        let (result, impRows) = try grid(cells: cells, theoreticalThresholdReason: theoreticalThresholdReason)
        var tables = [result.table(), RewindingTables.imp(impRows, criterion: criterion),
                      RewindingTables.instability(result.denseInstability + result.sparseInstability, threshold: stableBelow)]
        if let earlyBird = result.earlyBird { tables.append(RewindingTables.earlyBird(earlyBird)) }
        if let greedy = result.greedyThreshold, !greedy.steps.isEmpty { tables.append(RewindingTables.greedyThreshold(greedy)) }
        return (result, tables, result.figures())
    }
}
