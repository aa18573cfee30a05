import Engine
import LinearAlgebra

/// Accuracy and losses of one network's outputs on the training and the test set.
///
/// - accuracy: the fraction of samples whose largest output (first index on ties) is the label;
/// - cross-entropy: mean softmax cross-entropy -log p_{i, y_i} (`Loss`, reduction mean);
/// - squared loss: mean 1/2 ||u_i - e_{y_i}||^2 against the one-hot targets (`Loss`, reduction mean),
///   the objective greedy minimises when `greedyTarget` is "labels" (then the training value equals
///   `GreedySelection.sumLosses[k - 1] / m` up to float32 rounding of the outputs).
public struct NetworkPerformance: Sendable, Codable, Equatable {
    public var trainAccuracy: Double
    public var testAccuracy: Double
    public var trainCrossEntropy: Double
    public var testCrossEntropy: Double
    public var trainSquaredLoss: Double
    public var testSquaredLoss: Double

    public init(trainAccuracy: Double, testAccuracy: Double, trainCrossEntropy: Double, testCrossEntropy: Double,
                trainSquaredLoss: Double, testSquaredLoss: Double) {
        self.trainAccuracy = trainAccuracy
        self.testAccuracy = testAccuracy
        self.trainCrossEntropy = trainCrossEntropy
        self.testCrossEntropy = testCrossEntropy
        self.trainSquaredLoss = trainSquaredLoss
        self.testSquaredLoss = testSquaredLoss
    }

    /// Measures outputs (m x C, one row per sample) against class labels.
    public init(trainOutputs: Matrix<Float>, trainLabels: [Int], testOutputs: Matrix<Float>, testLabels: [Int]) {
        let train = NetworkPerformance.measure(trainOutputs, labels: trainLabels)
        let test = NetworkPerformance.measure(testOutputs, labels: testLabels)
        self.init(trainAccuracy: train.accuracy, testAccuracy: test.accuracy, trainCrossEntropy: train.crossEntropy,
                  testCrossEntropy: test.crossEntropy, trainSquaredLoss: train.squared, testSquaredLoss: test.squared)
    }

    /// (accuracy, mean cross-entropy, mean squared loss against one-hot targets) of outputs u.
    public static func measure(_ u: Matrix<Float>, labels: [Int]) -> (accuracy: Double, crossEntropy: Double, squared: Double) {
        let m = u.rows, c = u.columns
        precondition(labels.count == m, "one label per output row")
        let oneHot = Dataset.oneHotTargets(labels: labels, classCount: c)
        let crossEntropy = Loss(kind: .crossEntropy, reduction: .mean)
            .value(outputs: u.storage, targets: oneHot.storage, labels: labels, samples: m, classes: c)
        let squared = Loss(kind: .squared, reduction: .mean)
            .value(outputs: u.storage, targets: oneHot.storage, labels: labels, samples: m, classes: c)
        var correct = 0
        for i in 0..<m {
            var best = 0
            for k in 1..<c where u[i, k] > u[i, best] { best = k }
            if best == labels[i] { correct += 1 }
        }
        return (m > 0 ? Double(correct) / Double(m) : 0, crossEntropy, squared)
    }
}

/// One row of the experiment: the dense network after `iteration` SGD iterations on m samples
/// (one seed), and its greedy subnetwork of size k, before and after fine-tuning.
public struct PaperExperimentRow: Sendable, Codable, Equatable {
    /// Training-set size m.
    public var samples: Int
    public var seed: UInt64
    /// Pre-training iterations t.
    public var iteration: Int
    /// Subnetwork size k (greedy steps, with multiplicity).
    public var subnetworkSize: Int
    /// Number of distinct neurons among the k picks.
    public var distinctNeurons: Int
    /// The dense network (N neurons).
    public var dense: NetworkPerformance
    /// The greedy objective reached, 1/2 ||c + v_k - target||^2 / m on the training set (target:
    /// one-hot labels or the dense outputs, per `greedyTarget`).
    public var greedyObjective: Double
    /// The pruned network c + v_k (greedy weights, no training).
    public var pruned: NetworkPerformance
    /// The pruned network after fine-tuning (nil when `fineTuneSteps` is 0).
    public var fineTuned: NetworkPerformance?

    public init(samples: Int, seed: UInt64, iteration: Int, subnetworkSize: Int, distinctNeurons: Int,
                dense: NetworkPerformance, greedyObjective: Double, pruned: NetworkPerformance, fineTuned: NetworkPerformance?) {
        self.samples = samples
        self.seed = seed
        self.iteration = iteration
        self.subnetworkSize = subnetworkSize
        self.distinctNeurons = distinctNeurons
        self.dense = dense
        self.greedyObjective = greedyObjective
        self.pruned = pruned
        self.fineTuned = fineTuned
    }
}

/// The completed work for one (m, seed): kept as the unit `units/m<M>-seed<S>.json` so that an
/// interrupted run resumes where it stopped.
public struct PaperExperimentCell: Sendable, Codable, Equatable {
    public var samples: Int
    public var seed: UInt64
    /// `Dataset.description` of the training subset.
    public var dataDescription: String
    /// `Dataset.checksum` of the training subset (a changed data file is detected on resume).
    public var dataChecksum: String
    /// Rows in the order checkpoint, then k.
    public var rows: [PaperExperimentRow]

    public init(samples: Int, seed: UInt64, dataDescription: String, dataChecksum: String, rows: [PaperExperimentRow]) {
        self.samples = samples
        self.seed = seed
        self.dataDescription = dataDescription
        self.dataChecksum = dataChecksum
        self.rows = rows
    }

    /// What is wrong with this cell as cell (m, seed) with `rowCount` rows (checkpoints x
    /// subnetwork sizes), or nil.
    public func problem(samples m: Int, seed: UInt64, rowCount: Int) -> String? {
        samples == m && self.seed == seed && rows.count == rowCount
            ? nil : "not the cell m = \(m), seed \(seed) with \(rowCount) rows (checkpoints x subnetwork sizes)"
    }

    /// The unit name of the cell, e.g. "m1000-seed0".
    public static func unitName(samples: Int, seed: UInt64) -> String { "m\(samples)-seed\(seed)" }
}
