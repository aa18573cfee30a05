import Foundation
import LinearAlgebra
import Testing
@testable import Checker
@testable import Engine

/// The summary of `lth prune greedy` (`GreedyPruningResult.summary`) from fixed numbers: the
/// branches the command-line golden file does not reach (sum reduction, a network trained with
/// cross-entropy, a violated bound), against hand-written text.
@Suite struct GreedyPruningSummaryTests {
    /// m = 4 samples, N = 3 neurons, picks 2, 0, 2 (k = 3, neurons {0, 2}).
    static func result(reduction: LossReduction, trainedLoss: LossKind, bounds: [Double]) -> GreedyPruningResult {
        let features = NeuronFeatures(activations: Matrix(rows: 4, columns: 3, storage: [1, 0, 2, 0, 1, 1, 2, 1, 0, 1, 1, 1]),
                                      outputWeights: Matrix(rows: 3, columns: 1, storage: [0.5, -1, 2]), featureScale: 1, outputBias: [0.25])
        let selection = GreedySelection(variant: .analyzed, picks: [2, 0, 2], sumLosses: [1.5, 0.75, 0.5], sampleCount: 4,
                                        stoppedAtTarget: false, float64ScoredCounts: [3, 3, 3], features: features)
        return GreedyPruningResult(run: "runs/demo", checkpoint: 100, variantName: "analyzed", folder: "runs/demo/pruned/step-100-analyzed-k3",
                                   selection: selection, denseSumLoss: 0.25, diameterBound: 2, theoremBSumBounds: bounds,
                                   reduction: reduction, trainedLoss: trainedLoss)
    }

    @Test func sumReductionAfterCrossEntropy() {
        // l(u) + D^2 H_j / (2 j) with D = 2: 0.25 + 2, 0.25 + 1.5, 0.25 + 11/9.
        let result = Self.result(reduction: .sum, trainedLoss: .crossEntropy, bounds: [2.25, 1.75, 0.25 + 11.0 / 9])
        #expect(result.holds)
        #expect(result.summary == """
            lth prune greedy: 3 steps (analyzed) at step 100 of runs/demo, 2 distinct neurons
              squared loss 1/2 ||u - y||^2 on the training targets, summed over m = 4 (the network was trained with cross-entropy; greedy selection and Theorem B use the squared loss): dense 0.25, pruned 0.5
              Theorem B: pruned <= dense + D^2 H_k/(2k) with D <= 2 rho = 2: bound 1.47222, holds at every step
              written: runs/demo/pruned/step-100-analyzed-k3

            """)
    }

    @Test func meanReductionViolated() {
        let result = Self.result(reduction: .mean, trainedLoss: .squared, bounds: [2.25, 0.5, 0.4])
        #expect(!result.holds)
        #expect(result.summary == """
            lth prune greedy: 3 steps (analyzed) at step 100 of runs/demo, 2 distinct neurons
              squared loss 1/2 ||u - y||^2 on the training targets, per-sample mean over m = 4: dense 0.0625, pruned 0.125
              Theorem B: pruned <= dense + D^2 H_k/(2k) with D <= 2 rho = 2: bound 0.1, VIOLATED
              written: runs/demo/pruned/step-100-analyzed-k3

            """)
    }
}
