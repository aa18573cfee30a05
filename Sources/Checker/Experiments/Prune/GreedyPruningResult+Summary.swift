import Engine
import Foundation

extension GreedyPruningResult {
    /// The summary of `lth prune greedy` (four lines and a blank line): the steps and distinct
    /// neurons, the dense and pruned squared loss in the run's reduction (divided by m for
    /// `.mean`), Theorem B's bound at k with D <= 2 rho, and the folder written. Numbers to 6
    /// significant digits (`%.6g`).
    public var summary: String {
        let m = selection.sampleCount
        let scale = reduction == .mean ? 1 / Double(m) : 1
        // Which loss and which normalization: greedy selection and Theorem B use the squared loss on
        // the training targets whatever loss the network was trained with.
        let lossName = "squared loss 1/2 ||u - y||^2 on the training targets, "
            + (reduction == .mean ? "per-sample mean over" : "summed over") + " m = \(m)"
            + (trainedLoss == .squared ? "" : " (the network was trained with \(trainedLoss.rawValue); greedy selection and Theorem B use the squared loss)")
        func g(_ x: Double) -> String { String(format: "%.6g", x) }
        return """
            lth prune greedy: \(selection.size) steps (\(variantName)) at step \(checkpoint) of \(run), \(selection.selectedNeurons.count) distinct neurons
              \(lossName): dense \(g(denseSumLoss * scale)), pruned \(g(selection.finalSumLoss * scale))\(selection.stoppedAtTarget ? " (target met)" : "")
              Theorem B: pruned <= dense + D^2 H_k/(2k) with D <= 2 rho = \(g(diameterBound)): bound \(g(theoremBSumBounds.last! * scale)), \(holds ? "holds at every step" : "VIOLATED")
              written: \(folder)

            """
    }
}
