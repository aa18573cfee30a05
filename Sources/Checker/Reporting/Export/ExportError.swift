/// Why a results folder (of `lth check` or `lth reproduce`) cannot be exported. Each `description` is one line naming the
/// folder or file, what is wrong with it and what to do.
public enum ExportError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The folder is not the results folder of `lth check` (`reason` says what is missing).
    case notARun(path: String, reason: String)
    /// `configuration.json` exists but the check has not finished: `completed` of `total` runs
    /// (m, seed) are done and/or `report/result.json` is missing.
    case inProgress(path: String, completed: Int, total: Int)
    /// A partial export was asked for but no run (m, seed) has completed yet.
    case nothingCompleted(path: String)
    /// `report/result.json` differs from the result recomputed from the cells.
    case staleReport(path: String)
    /// An output path that is not allowed (wrong extension, a folder, a missing folder).
    case badOutput(path: String, allowed: String)
    /// A file or folder that could not be written.
    case unwritable(path: String, reason: String)
    /// latexmk ran and failed; `line` is the first error line of its log.
    case compileFailed(path: String, line: String)
    /// The repository configuration named with --config is not the one the run was made with.
    case configurationMismatch(file: String, fileHash: String, runHash: String)
    /// The configuration file named with --config cannot be read (`reason` names the problem).
    case unreadableConfiguration(file: String, reason: String)
    /// A results folder of `lth reproduce` whose tables and figures are not written yet:
    /// `completed` of `total` cells (m, seed) are done.
    case reproduceInProgress(path: String, completed: Int, total: Int)
    /// An export file of `lth reproduce` (`file`) differs from the one recomputed from the cells.
    case staleExports(path: String, file: String)

    /// One line naming the folder or file and what is wrong, without the command line's
    /// vocabulary (the command line adds what to run: `ExportError+CommandLine`).
    public var description: String {
        switch self {
        case let .notARun(path, reason):
            return "\(path) is not the results folder of a check (\(reason))"
        case let .inProgress(path, completed, total):
            return "\(path) is a check still in progress (\(completed) of \(total) runs (m, seed) done, no complete report/result.json yet)"
        case let .nothingCompleted(path):
            return "\(path) is a check in progress with no completed run (m, seed) yet: nothing to export, even partially"
        case let .staleReport(path):
            return "\(path)/report/result.json does not match the result recomputed from its cells (written by another lth version, or edited)"
        case let .badOutput(path, allowed):
            return "invalid output path \(path): expected \(allowed)"
        case let .unwritable(path, reason):
            return "cannot write \(path): \(reason)"
        case let .compileFailed(path, line):
            return "latexmk could not compile \(path): \(line)"
        case let .configurationMismatch(file, fileHash, runHash):
            return "configuration file \(file) hashes to \(fileHash) but the run was made with \(runHash)"
        case let .unreadableConfiguration(file, reason):
            return "configuration file \(file): \(reason)"
        case let .reproduceInProgress(path, completed, total):
            return "\(path) is a reproduction folder that is not finished (\(completed) of \(total) cells (m, seed) done; tables.txt, written last, is needed too)"
        case let .staleExports(path, file):
            return "\(path)/\(file) does not match the tables recomputed from its cells (written by another lth version, or edited)"
        }
    }
}
