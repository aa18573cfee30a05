import Checker
import Foundation
import LinearAlgebra

/// The one progress reporter of the long commands (check, reproduce, rewinding's cells; the
/// units of imp, stability, earlybird and train): one line per cell or unit
/// on standard error, `[3/8, 0:42 elapsed, ETA 1:24] <the cell's line>`; nothing with
/// `--quiet`. ETA = elapsed / cells done x cells to come (cells kept from an earlier run make
/// it optimistic at first). On a terminal the same lines scroll above a bar that is redrawn in
/// place (`[#####.....] 3/8, ETA 1:24`) until the last cell; elsewhere (a log, a pipe) plain
/// lines only.
final class CellProgress {
    let total: Int
    let quiet: Bool
    /// Whether standard error is a terminal (the bar is drawn only there).
    let isTerminal: Bool
    private let start = ContinuousClock.now
    private var done = 0
    private var barShown = false

    init(total: Int, quiet: Bool, isTerminal: Bool = isatty(STDERR_FILENO) != 0) {
        self.total = total
        self.quiet = quiet
        self.isTerminal = isTerminal
    }

    /// Reports one finished cell (computed or kept) with the experiment's line for it.
    func cell(_ line: String) {
        done += 1
        guard !quiet else { return }
        let elapsed = (ContinuousClock.now - start).inSeconds
        let eta = Self.clock(elapsed / Double(done) * Double(max(0, total - done)))
        clearBar()
        printError("  [\(done)/\(total), \(Self.clock(elapsed)) elapsed, ETA \(eta)] \(line)")
        if isTerminal && done < total {
            FileHandle.standardError.write(Data(Self.bar(done: done, total: total, eta: eta).utf8))
            barShown = true
        }
    }

    /// `  [#####.........] 3/8, ETA 1:24`: 30 columns, one `#` per 1/30 of the cells done.
    static func bar(done: Int, total: Int, eta: String) -> String {
        let filled = total > 0 ? min(30, done * 30 / total) : 30
        return "  [" + String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled) + "] \(done)/\(total), ETA \(eta)"
    }

    /// Carriage return, then clear to the end of the line: erases the bar on a terminal.
    static let eraseLine = Data("\r\u{1B}[K".utf8)

    /// Erases the bar before another line.
    private func clearBar() {
        guard barShown else { return }
        FileHandle.standardError.write(Self.eraseLine)
        barShown = false
    }

    /// The reporter as an experiment's progress: `unit` per unit, `note` for other lines.
    var experiment: ExperimentProgress {
        ExperimentProgress(unit: { [self] in cell($0) }, note: { [self] in note($0) })
    }

    /// Any other progress line (not a cell), unless quiet.
    func note(_ line: String) {
        guard !quiet else { return }
        clearBar()
        printError(line)
    }

    /// m:ss, or h:mm:ss from an hour on.
    static func clock(_ seconds: Double) -> String {
        let s = max(0, Int(seconds.rounded()))
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
