/// Errors of iterative magnitude pruning, linear-mode stability and early-bird detection.
/// Each `description` is one line naming the offending option (as the algorithm names it; the
/// command line names its flag) and the allowed values.
public enum PruningError: Error, Equatable, CustomStringConvertible, Sendable {
    /// An option outside its domain, e.g. `invalidOption(.density, value: "1.5", allowed: "a number in (0, 1]")`.
    case invalidOption(EngineParameter, value: String, allowed: String)
    /// A rewind (or branch) iteration after the last training iteration T.
    case rewindPastEnd(iteration: Int, total: Int)
    /// A mask or network whose shape does not match the network it is used with.
    case shapeMismatch(what: String, found: String, expected: String)

    public var description: String {
        switch self {
        case let .invalidOption(parameter, value, allowed):
            return "invalid value \(value) for \(parameter.name): expected \(allowed)"
        case let .rewindPastEnd(iteration, total):
            return "invalid value \(iteration) for the rewind iteration: it lies past the end of training (expected an iteration in 0...\(total))"
        case let .shapeMismatch(what, found, expected):
            return "\(what) has shape \(found), expected \(expected)"
        }
    }

    /// Checks that `density` lies in (0, 1].
    static func checkDensity(_ density: Double, parameter: EngineParameter) throws {
        guard density > 0, density <= 1, density.isFinite else {
            throw PruningError.invalidOption(parameter, value: "\(density)", allowed: "a density in (0, 1]")
        }
    }
}
