/// Errors of the Checker's result model, statistics and exports. Each `description` is one
/// line naming the offending field (or file) and what is allowed.
public enum CheckerError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A value outside its domain, e.g. `invalidValue(field: "theoremB[3].prunedLoss", value: "-1", allowed: "a finite number >= 0")`.
    case invalidValue(field: String, value: String, allowed: String)
    /// A law fit that cannot be made from the data, e.g. fewer than 3 points.
    case insufficientData(fit: String, reason: String)
    /// A file or folder that could not be written.
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidValue(field, value, allowed):
            return "invalid value \(value) for \(field): expected \(allowed)"
        case let .insufficientData(fit, reason):
            return "cannot fit \(fit): \(reason)"
        case let .unwritable(path, reason):
            return "cannot write \(path): \(reason)"
        }
    }
}

/// Validation helpers shared by the row initialisers.
enum Validate {
    static func nonNegative(_ x: Double, _ field: String) throws {
        guard x.isFinite, x >= 0 else {
            throw CheckerError.invalidValue(field: field, value: "\(x)", allowed: "a finite number >= 0")
        }
    }

    static func positive(_ x: Double, _ field: String) throws {
        guard x.isFinite, x > 0 else {
            throw CheckerError.invalidValue(field: field, value: "\(x)", allowed: "a finite number > 0")
        }
    }

    static func atLeast(_ n: Int, _ minimum: Int, _ field: String) throws {
        guard n >= minimum else {
            throw CheckerError.invalidValue(field: field, value: "\(n)", allowed: "an integer >= \(minimum)")
        }
    }
}
