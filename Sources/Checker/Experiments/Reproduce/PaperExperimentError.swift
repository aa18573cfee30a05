/// Errors of the paper experiment; each `description` is one line naming the field, file or
/// folder and what is allowed (or how to start fresh).
public enum PaperExperimentError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A configuration value outside its domain.
    case invalidConfiguration(field: String, value: String, allowed: String)
    /// A configuration file or a cell file that cannot be read.
    case unreadable(path: String, reason: String)
    /// The output folder holds results of another configuration.
    case differentConfiguration(folder: String, reason: String)
    /// The data does not fit the configuration (e.g. m larger than the training split).
    case dataMismatch(String)

    public var description: String {
        switch self {
        case let .invalidConfiguration(field, value, allowed):
            return "invalid value \(value) for \(field) in the experiment configuration: expected \(allowed)"
        case let .unreadable(path, reason):
            return "cannot read \(path): \(reason)"
        case let .differentConfiguration(folder, reason):
            return "the output folder \(folder) \(reason); to start fresh: rm -r '\(folder)' (or choose another output folder)"
        case let .dataMismatch(message):
            return message
        }
    }
}
