/// Why an experiment cannot use what an earlier run kept. Each `description` is one line naming
/// the file, what is wrong and what to do; all are bad input (the folder the user chose).
public enum ExperimentError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A kept unit that cannot be read (not lth's JSON, or edited).
    case damagedUnit(path: String, reason: String)
    /// A kept unit of another configuration or other data than the folder's owner.
    case foreignUnit(path: String, field: String, recorded: String, expected: String)
    /// A results folder of an earlier lth (cells in `cells/`, no owner marker), which this
    /// version neither resumes nor overwrites.
    case earlierLayout(folder: String)

    public var description: String {
        switch self {
        case let .damagedUnit(path, reason):
            return "kept unit \(path) cannot be read (\(reason)); remove it to compute it again"
        case let .foreignUnit(path, field, recorded, expected):
            return "kept unit \(path) was computed with \(field) \(recorded), not \(expected); remove it (or the whole folder) to compute it again"
        case let .earlierLayout(folder):
            return "output folder \(folder) holds the cells of an earlier lth (in cells/, before units/); this version does not resume it and touches nothing in it: write to another folder, or rm -r '\(folder)' to start fresh"
        }
    }
}
