/// Errors of the kernel-regime prediction (THEORY.md section 9).
public enum KernelPredictionError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A LAPACK routine reported info != 0 on a matrix of the given order.
    case lapack(function: String, info: Int, order: Int)
    /// A step size that is not a finite number > 0.
    case invalidStepSize(Double)
    /// A vector whose length is not the order of the kernel matrix.
    case lengthMismatch(expected: Int, found: Int)
    /// A loss target that is not a finite number >= 0.
    case invalidLossTarget(Double)
    /// A step t < 0.
    case invalidStep(Int)

    public var description: String {
        switch self {
        case let .lapack(function, info, order):
            return "\(function) failed on the \(order) x \(order) kernel matrix (info \(info))"
        case let .invalidStepSize(eta):
            return "step size eta = \(eta) is not allowed (allowed: a finite number > 0)"
        case let .lengthMismatch(expected, found):
            return "a residual of length \(found) does not match the \(expected) x \(expected) kernel matrix"
        case let .invalidLossTarget(eps):
            return "loss target \(eps) is not allowed (allowed: a finite number >= 0)"
        case let .invalidStep(t):
            return "step \(t) is not allowed (allowed: an integer >= 0)"
        }
    }
}
