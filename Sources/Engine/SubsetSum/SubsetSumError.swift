/// Errors of the SubsetSum computations. Each `description` is one line naming the offending
/// quantity (as the algorithm names it; the command line names its flag) and what is allowed.
public enum SubsetSumError: Error, Equatable, CustomStringConvertible, Sendable {
    /// More values than an exact method handles, e.g. 27 values for the sorted list of all 2^n sums.
    case tooManyValues(count: Int, limit: Int, method: String)
    /// A parameter outside its domain.
    case invalidParameter(EngineParameter, value: String, allowed: String)
    /// The Monte Carlo experiment reached no n(eps) for enough epsilons to fit the constant.
    case fitImpossible(reason: String)

    public var description: String {
        switch self {
        case let .tooManyValues(count, limit, method):
            return "n = \(count) is too large for \(method): the limit is n <= \(limit)"
        case let .invalidParameter(parameter, value, allowed):
            return "invalid value \(value) for \(parameter.name): expected \(allowed)"
        case let .fitImpossible(reason):
            return "cannot fit n(eps) = C log2(1/eps) + c0: \(reason)"
        }
    }
}
