/// Errors of the analytic side. Each `description` is one line naming the offending
/// quantity (as the mathematics names it) and what is allowed; the command line names the
/// flag instead (`BoundsParameter` to flag).
public enum BoundsError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A parameter outside its domain, e.g. `invalidParameter(.delta, value: "1.5", allowed: "a number in (0, 1)")`.
    case invalidParameter(BoundsParameter, value: String, allowed: String)
    /// Hinf is not positive definite (within rounding): two points are parallel or one is zero.
    case singularGram(reason: String)
    /// A GSL routine or LAPACK call reported an error status.
    case numerical(function: String, status: Int, message: String)

    public var description: String {
        switch self {
        case let .invalidParameter(parameter, value, allowed):
            return "invalid value \(value) for \(parameter.name): expected \(allowed)"
        case let .singularGram(reason):
            return "lambda0 = 0: \(reason)"
        case let .numerical(function, status, message):
            return "numerical failure in \(function) (status \(status)): \(message)"
        }
    }
}
