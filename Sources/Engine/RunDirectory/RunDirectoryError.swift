/// An error creating or reading a run directory; `description` is one line naming the path.
public enum RunDirectoryError: Error, CustomStringConvertible, Sendable, Equatable {
    case alreadyExists(String)
    case missing(String)
    case incomplete(String)
    case unreadable(path: String, reason: String)
    case modelMismatch(path: String, found: String, expected: String)
    case shapeMismatch(path: String, file: String, found: [Int], expected: [Int])
    case noSuchCheckpoint(path: String, step: Int, available: [Int])

    public var description: String {
        switch self {
        case .alreadyExists(let p):
            return "run directory '\(p)' already exists (choose another output folder or remove it)"
        case .missing(let p):
            return "no run directory at '\(p)'"
        case .incomplete(let p):
            return "run directory '\(p)' is incomplete (no 'complete' marker: the run was interrupted or is still running)"
        case .unreadable(let p, let reason):
            return "'\(p)': \(reason)"
        case .modelMismatch(let p, let found, let expected):
            return "checkpoint '\(p)' holds a \(found) model, expected \(expected) (allowed: \(expected))"
        case .shapeMismatch(let p, let file, let found, let expected):
            return "checkpoint '\(p)': \(file) has shape \(found) but meta.json implies \(expected)"
        case .noSuchCheckpoint(let p, let step, let available):
            return "run directory '\(p)' has no checkpoint at step \(step) (available: \(available.map(String.init).joined(separator: ", ")))"
        }
    }
}
