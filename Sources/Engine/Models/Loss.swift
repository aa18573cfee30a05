import Foundation

/// How a loss over a set of m samples is reduced: the plain sum, or the sum divided by m.
public enum LossReduction: String, Sendable, Codable, CaseIterable {
    /// l = sum over samples (THEORY.md's convention: l(u) = 1/2 ||u - y||^2).
    case sum
    /// l / m, the per-sample average.
    case mean
}

/// The training objective.
public enum LossKind: String, Sendable, Codable, CaseIterable {
    /// Squared loss l = 1/2 ||u - y||^2 (Frobenius norm over the m x C outputs).
    case squared
    /// Softmax cross-entropy l = sum_i -log( exp(u_{i,y_i}) / sum_c exp(u_{i,c}) ) over C >= 2 classes.
    case crossEntropy = "cross-entropy"
}

/// A loss: objective and reduction. Values are accumulated in float64.
///
/// - Squared: l = 1/2 sum_i ||u_i - y_i||^2, gradient dl/du_i = u_i - y_i.
/// - Cross-entropy: with p_i = softmax(u_i) (computed as exp(u_ic - max_c u_ic) / sum, stable),
///   l = -sum_i log p_{i, y_i}, gradient dl/du_i = p_i - e_{y_i}.
/// - Mean: both the value and the gradient are divided by the number of samples m
///   (by the batch size for a minibatch step).
public struct Loss: Sendable, Codable, Equatable {
    public var kind: LossKind
    public var reduction: LossReduction

    public init(kind: LossKind, reduction: LossReduction) {
        self.kind = kind
        self.reduction = reduction
    }

    /// The reduced loss of outputs `u` (m x C, row-major) against `targets` (squared loss,
    /// m x C) or `labels` (cross-entropy, class indices).
    public func value(outputs u: [Float], targets: [Float], labels: [Int]?, samples m: Int, classes c: Int) -> Double {
        var total = 0.0
        switch kind {
        case .squared:
            for k in 0..<(m * c) {
                let e = Double(u[k]) - Double(targets[k])
                total += e * e
            }
            total *= 0.5
        case .crossEntropy:
            guard let labels else { preconditionFailure("cross-entropy needs class labels") }
            for i in 0..<m {
                total += Loss.crossEntropy(row: Array(u[(i * c)..<((i + 1) * c)]), label: labels[i])
            }
        }
        return reduction == .mean && m > 0 ? total / Double(m) : total
    }

    /// -log softmax(row)[label], computed as logsumexp(row) - row[label] with the maximum
    /// subtracted first.
    public static func crossEntropy(row: [Float], label: Int) -> Double {
        let top = Double(row.max() ?? 0)
        var s = 0.0
        for v in row { s += exp(Double(v) - top) }
        return top + log(s) - Double(row[label])
    }
}
