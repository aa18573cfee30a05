import ArgumentParser
import Checker

extension ExportError {
    /// The one line of `lth export`: the library's description with the flag concerned and what
    /// to run next.
    func commandLineDescription(in command: (any ParsableCommand.Type)?) -> String {
        switch self {
        case let .notARun(path, _):
            return description + "; make one with 'lth check --out \(path)'"
        case .inProgress:
            return description + "; wait until 'lth check' finishes, or export what is done with --partial"
        case .nothingCompleted:
            return description.replacingOccurrences(of: "even partially", with: "even with --partial")
        case let .staleReport(path):
            return description + "; rerun 'lth check' with the same configuration and --out \(path) to refresh the report"
        case let .badOutput(path, allowed):
            return "invalid value \(path) for --out: expected \(allowed)"
        case let .configurationMismatch(file, fileHash, runHash):
            return "invalid value \(file) for --config: expected the configuration file the run was made from (this one hashes to \(fileHash), the run's to \(runHash))"
        case let .unreadableConfiguration(file, reason):
            return "invalid value \(file) for --config: expected a readable configuration file (\(reason))"
        case let .reproduceInProgress(path, _, _):
            return description.replacingOccurrences(of: "is a reproduction folder", with: "is an 'lth reproduce' folder")
                + "; wait until 'lth reproduce --out \(path)' finishes (--partial is for 'lth check' folders only)"
        case let .staleExports(path, _):
            return description + "; run 'lth reproduce --out \(path)' with the same configuration again (it reuses the cells) to refresh it"
        case .unwritable, .compileFailed:
            return description
        }
    }
}
