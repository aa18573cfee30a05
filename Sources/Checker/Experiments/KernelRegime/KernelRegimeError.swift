/// Why a run cannot be compared with the kernel-regime prediction. Each `description` is one
/// line naming the problem and what is allowed.
public enum KernelRegimeError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The run is not full-batch gradient descent on the squared loss of the NTK network.
    case notKernelRegimeRun(path: String, reason: String)
    /// The run directory records no data recipe (written by an older lth).
    case noDataRecipe(path: String)
    /// The rebuilt training set differs from the one the run used.
    case dataChanged(path: String, found: String, recorded: String)
    /// A checkpoint is not the network the run's configuration describes.
    case checkpointMismatch(path: String, step: Int, reason: String)

    public var description: String {
        switch self {
        case let .notKernelRegimeRun(path, reason):
            return "\(path) is not a kernel-regime run: \(reason) (allowed: an ntk run, full batch, momentum 0, weight decay 0)"
        case let .noDataRecipe(path):
            return "\(path)/config.json has no data recipe: the run was written by an older lth; train it again"
        case let .dataChanged(path, found, recorded):
            return "the training data of \(path) has changed since the run (checksum \(found), recorded \(recorded))"
        case let .checkpointMismatch(path, step, reason):
            return "checkpoint \(step) of \(path) does not match the run: \(reason)"
        }
    }
}
