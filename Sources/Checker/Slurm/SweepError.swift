/// Errors of running a sweep cell by cell (Slurm array tasks, collection, status); each
/// `description` is one line naming the folder, cell or program and what to do.
public enum SweepError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A cell index outside the sweep (bad input).
    case noSuchCell(index: Int, count: Int)
    /// Cells without their file when the report is collected (runtime).
    case cellsMissing(folder: String, names: [String])
    /// Another live process holds the cell's lock (runtime).
    case cellBusy(lock: String, holder: String)
    /// A folder that was not prepared for a Slurm run (bad input).
    case notASlurmFolder(folder: String, reason: String)
    /// A Slurm command that failed or is missing (runtime).
    case scheduler(command: String, reason: String)
    /// A file or folder that could not be written (runtime).
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .noSuchCell(index, count):
            return "cell \(index) does not exist: this configuration has \(count) cells (allowed: 0...\(count - 1))"
        case let .cellsMissing(folder, names):
            let shown = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", ..." : "")
            return "\(names.count) \(names.count == 1 ? "cell is" : "cells are") not finished in \(folder) (\(shown)); see 'lth status' of the output folder"
        case let .cellBusy(lock, holder):
            return "the cell is being computed by \(holder) (lock \(lock)); remove the lock only if that process is gone"
        case let .notASlurmFolder(folder, reason):
            return "\(folder) is not the output folder of a Slurm run: \(reason)"
        case let .scheduler(command, reason):
            return "\(command) failed: \(reason)"
        case let .unwritable(path, reason):
            return "cannot write \(path): \(reason)"
        }
    }
}
