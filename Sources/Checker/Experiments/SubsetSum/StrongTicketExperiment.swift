import Engine
import Foundation

/// A strong lottery ticket by SubsetSum (Pensia et al. 2020, THEORY.md section 5) for a trained
/// target (`lth subsetsum ticket`): an MLP with hidden widths h_1..h_{l-1} trained by full-batch
/// gradient descent on the mean squared loss, then approximated, without training, by pruning a
/// random network twice as deep whose inserted layers are `samplesPerInput` (n) times wider:
/// each target weight w (biases folded in by a constant input) by a subset sum of products
/// alpha of the random weights, chosen exactly by meet in the middle (`StrongTicket`).
public struct StrongTicketExperiment: Sendable {
    /// The data (the seed of `data` is also that of the target's initialization).
    public var data: DataRecipe
    /// h_1, ..., the target's hidden widths.
    public var hiddenWidths: [Int]
    /// Full-batch gradient steps of the target.
    public var iterations: Int
    /// The target's step size (mean squared loss).
    public var learningRate: Double
    /// n, the width factor of the random network.
    public var samplesPerInput: Int

    public init(data: DataRecipe, hiddenWidths: [Int], iterations: Int, learningRate: Double, samplesPerInput: Int) {
        self.data = data
        self.hiddenWidths = hiddenWidths
        self.iterations = iterations
        self.learningRate = learningRate
        self.samplesPerInput = samplesPerInput
    }

    /// Trains the target, builds the ticket (seeded by stream 7 of the data's seed) and
    /// evaluates both on the training and test sets. `checkMemory` sees the data's loading
    /// estimate, then the training and the ticket together (17 checkpoints kept).
    /// - Throws: the data's errors, `TrainingError`, `SubsetSumError`, and what `checkMemory` throws.
    public func run(checkMemory: MemoryCheck) throws -> StrongTicketResult {
        try checkMemory(MemoryEstimate.dataSource(data.source), [:])
        let split = try data.load()
        var estimate = MemoryEstimate.training(model: .mlp, widths: hiddenWidths, dimension: split.train.dimension, outputs: split.train.outputCount,
                                               samples: split.train.sampleCount, testSamples: split.test?.sampleCount ?? 0,
                                               checkpoints: 17, keptSnapshots: 17)
        estimate.add(MemoryEstimate.strongTicket(widths: hiddenWidths, dimension: split.train.dimension, outputs: split.train.outputCount,
                                                 factor: samplesPerInput))
        try checkMemory(estimate, [:])
        let start = Date()
        let configuration = TrainingConfiguration(model: .mlp, hiddenWidths: hiddenWidths, length: .iterations(iterations),
                                                  learningRate: learningRate, loss: Loss(kind: .squared, reduction: .mean), seed: data.seed)
        let checkpoints = try Trainer(configuration: configuration, trainingSet: split.train).train()
        guard case .mlp(let target) = checkpoints.last!.network else { fatalError("an mlp configuration trains an MLP") }
        let ticket = try StrongTicket(target: target, samplesPerInput: samplesPerInput, seed: SeededGenerator.derivedSeed(data.seed, stream: 7))
        let train = ticket.evaluate(target: target, on: split.train)
        let test = split.test.map { ticket.evaluate(target: target, on: $0) }
        return StrongTicketResult(experiment: self, ticket: ticket, target: target, train: train, test: test,
                                  dataDescription: split.train.description, seconds: Date().timeIntervalSince(start))
    }
}
