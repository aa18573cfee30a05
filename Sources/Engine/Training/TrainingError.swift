/// An error of the training engine; `description` is one line naming the problem.
public enum TrainingError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A malformed option value (training length, schedule, configuration).
    case invalidArgument(String)
    /// The loss became NaN or infinite at `step`.
    case nonFiniteLoss(step: Int, learningRate: Double)
    /// The per-sample loss exceeded `factor` times the initial per-sample loss at `step`.
    case diverged(step: Int, loss: Double, initialLoss: Double, factor: Double, learningRate: Double)

    public var description: String {
        switch self {
        case .invalidArgument(let message):
            return message
        case .nonFiniteLoss(let step, let eta):
            return "training diverged at step \(step): the loss is NaN or infinite (learning rate \(eta) is probably too large)"
        case .diverged(let step, let loss, let initial, let factor, let eta):
            return "training diverged at step \(step): per-sample loss \(loss) exceeds \(factor) x the initial per-sample loss \(initial) (learning rate \(eta) is probably too large)"
        }
    }
}
