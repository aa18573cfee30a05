/// How long to train: a number of iterations (`500it`, or a bare `500`) or of epochs (`3ep`).
///
/// One iteration is one gradient step (full batch or one minibatch); one epoch is
/// ceil(m / B) iterations (the last minibatch of an epoch holds the m mod B leftover samples).
public enum TrainingLength: Sendable, Equatable, Codable, CustomStringConvertible {
    case iterations(Int)
    case epochs(Int)

    /// Parses `500it`, `500` (iterations) or `3ep` (epochs); the count must be a non-negative integer.
    public init(parsing text: String) throws {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let (digits, isEpochs): (Substring, Bool)
        if t.hasSuffix("ep") { (digits, isEpochs) = (t.dropLast(2), true) }
        else if t.hasSuffix("it") { (digits, isEpochs) = (t.dropLast(2), false) }
        else { (digits, isEpochs) = (Substring(t), false) }
        guard let n = Int(digits), n >= 0, digits.allSatisfy(\.isNumber) else {
            throw TrainingError.invalidArgument(
                "invalid training length '\(text)' (allowed: a non-negative integer followed by 'it' for iterations or 'ep' for epochs, e.g. 500it, 3ep)")
        }
        self = isEpochs ? .epochs(n) : .iterations(n)
    }

    /// The largest number of iterations a run may have, 2^40 (about 1.1e12: 13 days at one
    /// microsecond per step); longer lengths are refused by `TrainingConfiguration.validate(for:)`,
    /// so that step arithmetic (T + 1, t + stride) never overflows.
    public static let maximumIterations = 1 << 40

    /// The number of iterations, given the iterations per epoch; `Int.max` when epochs x
    /// iterations per epoch overflows (checked with `multipliedReportingOverflow`).
    public func iterations(perEpoch: Int) -> Int {
        switch self {
        case .iterations(let n): return n
        case .epochs(let e):
            let (product, overflow) = e.multipliedReportingOverflow(by: perEpoch)
            return overflow ? Int.max : product
        }
    }

    public var description: String {
        switch self {
        case .iterations(let n): return "\(n)it"
        case .epochs(let e): return "\(e)ep"
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

import Foundation
