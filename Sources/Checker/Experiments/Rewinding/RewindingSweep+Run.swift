import Engine
import Foundation

extension RewindingSweep {
    /// What a run of the grid gives its caller: `summary` (the verdict summary, a blank line and
    /// the grid table in terminal form, ending in a newline) and the files written to the
    /// output folder (empty without one).
    public struct Outcome: Sendable {
        public var summary: String
        public var written: [URL]
    }

    /// The one line that opens a run (the network, the data, T, the rewind points, the levels,
    /// the seeds and the number of checkpoints).
    public var headerLine: String {
        let total = SparseTrainer(configuration: base, trainingSet: split.train).totalIterations
        return "lth rewinding: mlp \(base.hiddenWidths.map(String.init).joined(separator: ",")) (\(base.loss.kind.rawValue) loss) on \(split.train.description); T = \(total), rewind \(rewinds.map(String.init).joined(separator: ",")), \(levels) IMP levels, seeds \(seeds.map(String.init).joined(separator: ",")), \(steps.count) checkpoints"
    }

    /// Runs the grid in `output` (claimed for the whole run: locked, marked with the
    /// configuration hash; the finished cells, one per seed, kept in `output`/units and reused by
    /// a later run with the same options) or in memory without one: `progress.note` gets
    /// `headerLine` first, then the measurements' lines, `progress.unit` one line per cell.
    /// With an output folder, rewinding_grid.csv/.md/.tex, the IMP, instability, early-bird and
    /// greedy-threshold tables (CSV, Markdown, LaTeX: a bare tabular, or a table float with
    /// `latexFloat`) and the three figures (.svg/.tex) are written together or not at all.
    /// `theoreticalThresholdReason` fills the t* column (Theorem C gives no t* for the MLP).
    /// - Throws: `OutputError` for a folder in use, not lth's or of another configuration;
    ///   `ExperimentError` for a damaged kept cell; `PruningError` from the IMP summary; what
    ///   training and writing throw.
    public func run(output: URL?, latexFloat: Bool, theoreticalThresholdReason: String, header: (String) -> Void,
                    progress: ExperimentProgress) throws -> Outcome {
        var sweep = self
        sweep.outputFolder = output
        let claim = try output.map(sweep.claim)
        defer { withExtendedLifetime(claim) {} }
        if claim != nil { try sweep.checkKeptCells() }  // a damaged cell is refused before the header line
        header(headerLine)
        let cells = try sweep.run(in: claim, progress: progress)
        let report = try sweep.report(cells: cells, theoreticalThresholdReason: theoreticalThresholdReason)
        let summary = report.grid.verdictSummary.joined(separator: "\n") + "\n\n" + TerminalTable.render(report.tables[0]) + "\n"
        let written = try output.map {
            try ReportBundle.write(tables: report.tables, figures: report.figures, latexTables: true, latexFloat: latexFloat, to: $0)
        } ?? []
        return Outcome(summary: summary, written: written)
    }
}
