import Checker
import Foundation
import LinearAlgebra

/// The one progress reporter of the long commands (check, reproduce, rewinding's cells; the
/// units of imp, stability, earlybird and train): one line per cell or unit
/// on standard error, `[3/8, 0:42 elapsed, ETA 1:24] <the cell's line>`; nothing with
/// `--quiet`. ETA = elapsed / cells done x cells to come (cells kept from an earlier run make
/// it optimistic at first). Plain lines, also on a terminal (no bar), so logs and terminals
/// read the same.
final class CellProgress {
    let total: Int
    let quiet: Bool
    private let start = ContinuousClock.now
    private var done = 0

    init(total: Int, quiet: Bool) {
        self.total = total
        self.quiet = quiet
    }

    /// Reports one finished cell (computed or kept) with the experiment's line for it.
    func cell(_ line: String) {
        done += 1
        guard !quiet else { return }
        let elapsed = (ContinuousClock.now - start).inSeconds
        let eta = Self.clock(elapsed / Double(done) * Double(max(0, total - done)))
        printError("  [\(done)/\(total), \(Self.clock(elapsed)) elapsed, ETA \(eta)] \(line)")
    }

    /// The reporter as an experiment's progress: `unit` per unit, `note` for other lines.
    var experiment: ExperimentProgress {
        ExperimentProgress(unit: { [self] in cell($0) }, note: { [self] in note($0) })
    }

    /// Any other progress line (not a cell), unless quiet.
    func note(_ line: String) {
        if !quiet { printError(line) }
    }

    /// m:ss, or h:mm:ss from an hour on.
    static func clock(_ seconds: Double) -> String {
        let s = max(0, Int(seconds.rounded()))
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
