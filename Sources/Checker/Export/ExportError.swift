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

    public var description: String {
        switch self {
        case let .notARun(path, reason):
            return "\(path) is not the results folder of a check (\(reason)); make one with 'lth check --out \(path)'"
        case let .inProgress(path, completed, total):
            return "\(path) is a check still in progress (\(completed) of \(total) runs (m, seed) done, no complete report/result.json yet); wait until 'lth check' finishes, or export what is done with --partial"
        case let .nothingCompleted(path):
            return "\(path) is a check in progress with no completed run (m, seed) yet: nothing to export, even with --partial"
        case let .staleReport(path):
            return "\(path)/report/result.json does not match the result recomputed from its cells (written by another lth version, or edited); rerun 'lth check' with the same configuration and --out \(path) to refresh the report"
        case let .badOutput(path, allowed):
            return "invalid output path \(path) for --out: expected \(allowed)"
        case let .unwritable(path, reason):
            return "cannot write \(path): \(reason)"
        case let .compileFailed(path, line):
            return "latexmk could not compile \(path): \(line)"
        case let .configurationMismatch(file, fileHash, runHash):
            return "invalid value \(file) for --config: its configuration hashes to \(fileHash) but the run was made with \(runHash); name the configuration file the run was made from"
        case let .unreadableConfiguration(file, reason):
            return "invalid value \(file) for --config: \(reason)"
        case let .reproduceInProgress(path, completed, total):
            return "\(path) is an 'lth reproduce' folder that is not finished (\(completed) of \(total) cells (m, seed) done; tables.txt, written last, is needed too); wait until 'lth reproduce --out \(path)' finishes (--partial is for 'lth check' folders only)"
        case let .staleExports(path, file):
            return "\(path)/\(file) does not match the tables recomputed from its cells (written by another lth version, or edited); run 'lth reproduce --out \(path)' with the same configuration again (it reuses the cells) to refresh it"
        }
    }
}
