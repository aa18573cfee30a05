/// Errors of greedy forward selection. Each `description` is one line naming the offending
/// option (by its command-line flag where there is one) and the allowed values.
public enum GreedySelectionError: Error, Equatable, CustomStringConvertible, Sendable {
    /// An option outside its domain, e.g.
    /// `invalidOption(flag: "--greedy-k", value: "0", allowed: "an integer in 1...10000")`.
    case invalidOption(flag: String, value: String, allowed: String)
    /// The targets do not match the features, e.g. `shapeMismatch(what: "targets", found: "100 x 2", expected: "100 x 1")`.
    case shapeMismatch(what: String, found: String, expected: String)

    public var description: String {
        switch self {
        case let .invalidOption(flag, value, allowed):
            return "invalid value \(value) for \(flag): expected \(allowed)"
        case let .shapeMismatch(what, found, expected):
            return "\(what) have shape \(found), expected \(expected) (samples x outputs of the neuron features)"
        }
    }
}
