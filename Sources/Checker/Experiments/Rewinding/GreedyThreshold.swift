import Engine
import LinearAlgebra

/// The greedy pre-training threshold t_hat(eps, k) of the rewinding grid, measured on the
/// checkpoints of one dense MLP run exactly as `TheoryExperiment` measures it for the NTK network:
///
/// - at every checkpoint t, greedy forward selection (`GreedyForwardSelection`, analyzed variant:
///   with replacement, 1/k averaging, exact scoring of all N hidden neurons on all m training
///   samples, ties to the lowest index) picks k neurons of the hidden layer, and
///   l_k(t) = 1/(2m) sum_i ||c + v_k(x_i) - y_i||^2 is its train loss (mean convention);
/// - t_hat = the first checkpoint with l_k(t) <= eps (`TheoremCRow.firstCheckpoint`), nil if none.
///
/// Targets y_i: the training targets when the MLP was trained with the squared loss (the loss it
/// minimised: one-hot rows, or +-1 for two classes), the one-hot class labels when it was trained
/// with cross-entropy (its C outputs are then logits, not fitted to y in squared loss).
///
/// Greedy selection is defined for a two-layer network u(x) = sum_r b_r relu(w_r . x + bias_r) + c
/// (THEORY.md section 3); for an MLP with more hidden layers nothing is measured and `reason`
/// says so. Whenever `value` is nil, `reason` is the sentence saying exactly why.
public struct GreedyThreshold: Sendable, Equatable, Codable {
    /// k, the number of picks (with multiplicity).
    public let subnetworkSize: Int
    /// eps, mean convention.
    public let epsilon: Double
    /// The checkpoints t, increasing (empty when nothing was measured).
    public let steps: [Int]
    /// l_k(t) at each checkpoint.
    public let greedyLosses: [Double]
    /// The dense network's l(t) = 1/(2m) sum_i ||u(x_i) - y_i||^2 on the same targets.
    public let denseLosses: [Double]
    /// t_hat, or nil.
    public let value: Int?
    /// Why `value` is nil (nil when it is not).
    public let reason: String?

    /// Measures l_k(t) and l(t) at every checkpoint and finds t_hat.
    /// - Parameters:
    ///   - steps: checkpoints t (any order; reported increasing), one network each.
    ///   - trainingLoss: the loss the networks were trained with (selects the targets, see above).
    /// - Throws: `GreedySelectionError` from the selection.
    public static func measure(steps: [Int], networks: [MLP], data: Dataset, trainingLoss: LossKind,
                               subnetworkSize k: Int, epsilon: Double) throws -> GreedyThreshold {
        precondition(steps.count == networks.count && !steps.isEmpty, "one network per checkpoint")
        let hidden = networks[0].layers.count - 1
        guard hidden == 1 else {
            return GreedyThreshold(subnetworkSize: k, epsilon: epsilon, steps: [], greedyLosses: [], denseLosses: [], value: nil,
                                   reason: "greedy selection is defined for a two-layer network (one hidden layer); this MLP has \(hidden) hidden layers (train one hidden layer)")
        }
        let targets: Matrix<Float>
        switch trainingLoss {
        case .squared: targets = data.targets
        case .crossEntropy:
            targets = Dataset.oneHotTargets(labels: data.classLabels ?? [], classCount: networks[0].outputCount)
        }
        let order = steps.indices.sorted { steps[$0] < steps[$1] }
        let selection = GreedyForwardSelection(variant: .analyzed, size: k)
        var greedy: [Double] = [], dense: [Double] = []
        for i in order {
            let features = try networks[i].neuronFeatures(on: data.x)
            greedy.append(try selection.run(features: features, targets: targets).finalMeanLoss)
            dense.append(features.denseSumLoss(targets: targets) / Double(features.sampleCount))
        }
        let sortedSteps = order.map { steps[$0] }
        let value = TheoremCRow.firstCheckpoint(meeting: epsilon, checkpoints: sortedSteps, values: greedy)
        var reason: String? = nil
        if value == nil {
            let best = greedy.indices.min { greedy[$0] < greedy[$1] }!
            var text = "not reached by T = \(sortedSteps.last!) (k = \(k), eps = \(NumberFormat.short(epsilon))): best greedy loss \(NumberFormat.short(greedy[best])) at t = \(sortedSteps[best]), dense network at T \(NumberFormat.short(dense.last!))"
            if trainingLoss == .crossEntropy {
                text += "; trained with cross-entropy, whose logits are not fitted to the one-hot targets in squared loss (training with the squared loss trains what greedy selection measures)"
            }
            reason = text
        }
        return GreedyThreshold(subnetworkSize: k, epsilon: epsilon, steps: sortedSteps, greedyLosses: greedy, denseLosses: dense,
                               value: value, reason: reason)
    }

    public init(subnetworkSize: Int, epsilon: Double, steps: [Int], greedyLosses: [Double], denseLosses: [Double],
                value: Int?, reason: String?) {
        self.subnetworkSize = subnetworkSize
        self.epsilon = epsilon
        self.steps = steps
        self.greedyLosses = greedyLosses
        self.denseLosses = denseLosses
        self.value = value
        self.reason = reason
    }
}
