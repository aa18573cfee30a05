/// Errors of greedy forward selection. Each `description` is one line naming the offending
/// option (as the algorithm names it; the command line names its flag) and the allowed values.
public enum GreedySelectionError: Error, Equatable, CustomStringConvertible, Sendable {
    /// An option outside its domain, e.g.
    /// `invalidOption(.subnetworkSize, value: "0", allowed: "an integer in 1...10000")`.
    case invalidOption(EngineParameter, value: String, allowed: String)
    /// The targets do not match the features, e.g. `shapeMismatch(what: "targets", found: "100 x 2", expected: "100 x 1")`.
    case shapeMismatch(what: String, found: String, expected: String)
    /// A non-finite number (NaN or +-inf) where the selection needs finite ones, e.g.
    /// `nonFinite(what: "targets")` or `nonFinite(what: "output weights")`.
    case nonFinite(what: String)
    /// At step `step` no eligible neuron has a finite score (every remaining activation column
    /// holds a NaN or an infinity), so there is no pick.
    case noFiniteScore(step: Int)

    public var description: String {
        switch self {
        case let .invalidOption(parameter, value, allowed):
            return "invalid value \(value) for \(parameter.name): expected \(allowed)"
        case let .shapeMismatch(what, found, expected):
            return "\(what) have shape \(found), expected \(expected) (samples x outputs of the neuron features)"
        case let .nonFinite(what):
            return "\(what) hold a NaN or an infinity (allowed: finite numbers)"
        case let .noFiniteScore(step):
            return "greedy selection step \(step): no eligible neuron has a finite score (their activations hold NaN or infinities)"
        }
    }
}
