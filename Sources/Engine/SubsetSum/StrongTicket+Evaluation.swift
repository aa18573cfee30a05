import LinearAlgebra

/// Target and ticket side by side on one data set.
public struct StrongTicketEvaluation: Sendable, Equatable {
    /// Samples m.
    public var sampleCount: Int
    /// sup over the samples and outputs of |u_target(x) - u_ticket(x)|.
    public var supOutputError: Double
    /// Accuracy of the target and of the ticket (nil for data without class labels). A single
    /// output predicts class 0 when u >= 0 (the +1 target) and class 1 otherwise; several
    /// outputs predict the first index of the largest output.
    public var targetAccuracy: Double?
    public var ticketAccuracy: Double?
    /// The fraction of samples on which target and ticket predict the same class.
    public var agreement: Double?
}

extension StrongTicket {
    /// Evaluates target and ticket on `data` (both in float64; the target through its augmented layers).
    public func evaluate(target: MLP, on data: Dataset) -> StrongTicketEvaluation {
        let u = StrongTicket.targetOutputs(target, data.x)
        let v = outputs(data.x)
        var sup = 0.0
        for (a, b) in zip(u.storage, v.storage) { sup = max(sup, abs(a - b)) }
        var result = StrongTicketEvaluation(sampleCount: data.sampleCount, supOutputError: sup)
        if let labels = data.classLabels {
            let p = StrongTicket.predictions(u), q = StrongTicket.predictions(v)
            let m = Double(labels.count)
            result.targetAccuracy = Double(zip(p, labels).filter { $0 == $1 }.count) / m
            result.ticketAccuracy = Double(zip(q, labels).filter { $0 == $1 }.count) / m
            result.agreement = Double(zip(p, q).filter { $0 == $1 }.count) / m
        }
        return result
    }

    /// Predicted classes (see `StrongTicketEvaluation.targetAccuracy`).
    static func predictions(_ u: Matrix<Double>) -> [Int] {
        (0..<u.rows).map { i in
            if u.columns == 1 { return u[i, 0] >= 0 ? 0 : 1 }
            var best = 0
            for c in 1..<u.columns where u[i, c] > u[i, best] { best = c }
            return best
        }
    }
}
