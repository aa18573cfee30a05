import Foundation
import Testing
import PropertyBased
import LinearAlgebra
@testable import Engine

/// Small fixtures shared by the pruning, stability and early-bird suites.
enum PruningFixtures {
    static let train = TrainingFixtures.multiClass(m: 64, d: 12, classes: 3, seed: 1)
    static let test = TrainingFixtures.multiClass(m: 48, d: 12, classes: 3, seed: 2)

    static func configuration(iterations: Int = 24, momentum: Double = 0, weightDecay: Double = 0, seed: UInt64 = 0) -> TrainingConfiguration {
        TrainingConfiguration(model: .mlp, hiddenWidths: [16, 8], length: .iterations(iterations), learningRate: 0.05,
                              batchSize: 10, momentum: momentum, weightDecay: weightDecay,
                              loss: Loss(kind: .crossEntropy, reduction: .mean), seed: seed)
    }

    static func network(seed: UInt64, widths: [Int] = [16, 8]) -> MLP {
        MLP(inputs: 12, hiddenWidths: widths, outputs: 3, seed: seed)
    }

    static func bits(_ model: MLP) -> [UInt32] {
        model.layers.flatMap { $0.weights.storage.map(\.bitPattern) + $0.bias.map(\.bitPattern) }
    }
}

@Suite struct PruningTests {
    // MARK: masks under training

    /// Both MLP kernels: two hidden layers (`MLPKernel`) and one (`TwoLayerMLPKernel`, whose
    /// first-layer mask is kept in its panel layout, a width of 20 leaving 12 padding neurons).
    @Test(arguments: [[16, 8], [20]])
    func masksNeverRevivePrunedWeightsThroughMomentumAndWeightDecay(widths: [Int]) throws {
        var config = PruningFixtures.configuration(iterations: 30, momentum: 0.9, weightDecay: 0.01)
        config.hiddenWidths = widths
        let trainer = SparseTrainer(configuration: config, trainingSet: PruningFixtures.train, testSet: PruningFixtures.test)
        let start = PruningFixtures.network(seed: 3, widths: widths)
        let mask = PruningMask.random(matching: try MagnitudePruning(scope: .layerwise).prune(start, mask: PruningMask(denseFor: start), density: 0.3), seed: 9)
        let run = try trainer.train(from: start, at: 0, mask: mask, dataOrderSeed: 5, snapshots: Set(0...30))
        #expect(run.snapshots.count == 31)
        for (_, network) in run.snapshots.sorted(by: { $0.key < $1.key }) + [(30, run.network)] {
            for l in network.layers.indices {
                for k in mask.kept[l].indices where !mask.kept[l][k] {
                    #expect(network.layers[l].weights.storage[k].bitPattern == 0)
                }
            }
        }
        // The kept weights did train.
        var moved = 0
        for l in start.layers.indices {
            for k in mask.kept[l].indices where mask.kept[l][k] && run.network.layers[l].weights.storage[k] != start.layers[l].weights.storage[k] { moved += 1 }
        }
        #expect(moved > mask.keptCounts.reduce(0, +) / 2)
    }

    @Test func impMasksAreNestedAndFinalNetworksRespectThem() throws {
        let config = IMPConfiguration(training: PruningFixtures.configuration(iterations: 20, momentum: 0.5, weightDecay: 0.001),
                                      levels: 3, rewindIterations: [0, 6], controls: true)
        let imp = IterativeMagnitudePruning(configuration: config, trainingSet: PruningFixtures.train, testSet: PruningFixtures.test)
        let runs = try imp.run(seed: 4)
        #expect(runs.map(\.rewindIteration) == [0, 6])
        for run in runs {
            #expect(run.levels.map(\.level) == [0, 1, 2, 3])
            for k in 1..<run.masks.count {
                #expect(run.masks[k].isSubmask(of: run.masks[k - 1]))
                #expect(run.levels[k].density == Double(MagnitudePruning.keptCount(density: config.densities[k - 1], of: run.masks[k].weightCounts.reduce(0, +)))
                        / Double(run.masks[k].weightCounts.reduce(0, +)))
                let final = run.finalNetworks[k]
                for l in final.layers.indices {
                    for i in run.masks[k].kept[l].indices where !run.masks[k].kept[l][i] { #expect(final.layers[l].weights.storage[i] == 0) }
                }
                #expect(run.levels[k].randomPruningTestAccuracy != nil && run.levels[k].reinitializationTestAccuracy != nil)
            }
        }
        // Level 1 prunes the same dense final weights whatever t: identical masks.
        #expect(runs[0].masks[1] == runs[1].masks[1])
        #expect(runs[1].rewoundWeights != runs[0].rewoundWeights)
    }

    // MARK: training segments

    @Test func sparseTrainerFromInitializationReproducesTrainer() throws {
        let config = PruningFixtures.configuration(iterations: 17, momentum: 0.9, weightDecay: 0.001, seed: 7)
        let reference = try Trainer(configuration: config, trainingSet: PruningFixtures.train).train().last!
        let trainer = SparseTrainer(configuration: config, trainingSet: PruningFixtures.train)
        let run = try trainer.train(from: trainer.initialNetwork(seed: 7), at: 0, dataOrderSeed: 7)
        #expect(TrainingFixtures.bits(reference.network) == PruningFixtures.bits(run.network))
    }

    @Test func resumingAtIterationTReplaysTheSameBatches() throws {
        // Without momentum the state is the weights alone, so t -> T from W(t) equals 0 -> T.
        for t in [0, 3, 6, 7, 13, 20] {
            let config = PruningFixtures.configuration(iterations: 20)  // 7 batches per epoch (64 / 10)
            let trainer = SparseTrainer(configuration: config, trainingSet: PruningFixtures.train)
            let whole = try trainer.train(from: trainer.initialNetwork(seed: 2), at: 0, dataOrderSeed: 11, snapshots: [t])
            let resumed = try trainer.train(from: whole.snapshots[t]!, at: t, dataOrderSeed: 11)
            #expect(PruningFixtures.bits(whole.network) == PruningFixtures.bits(resumed.network), "t = \(t)")
        }
        let config = PruningFixtures.configuration(iterations: 20)
        let trainer = SparseTrainer(configuration: config, trainingSet: PruningFixtures.train)
        let a = try trainer.train(from: trainer.initialNetwork(seed: 2), at: 5, dataOrderSeed: 1)
        let b = try trainer.train(from: trainer.initialNetwork(seed: 2), at: 5, dataOrderSeed: 2)
        #expect(a.network != b.network, "a different data order gives a different network")
    }

    // MARK: magnitude pruning

    @Test func globalAndLayerwiseDensitiesAreExact() async {
        await propertyCheck(count: 40, input: Gen.int(in: 1...1000), Gen.int(in: 1...12), Gen.int(in: 1...9), Gen.int(in: 0...1)) { permille, w1, w2, excluded in
            let density = Double(permille) / 1000
            let model = PruningFixtures.network(seed: UInt64(permille), widths: [w1, w2])
            let dense = PruningMask(denseFor: model)
            for scope in PruningScope.allCases {
                let rule = MagnitudePruning(scope: scope, excludesOutputLayer: excluded == 1)
                let mask = try! rule.prune(model, mask: dense, density: density)
                let layers = rule.prunableLayers(layerCount: 3)
                switch scope {
                case .layerwise:
                    for l in layers { #expect(mask.keptCounts[l] == MagnitudePruning.keptCount(density: density, of: mask.weightCounts[l])) }
                case .global:
                    let total = layers.reduce(0) { $0 + mask.weightCounts[$1] }
                    #expect(layers.reduce(0) { $0 + mask.keptCounts[$1] } == MagnitudePruning.keptCount(density: density, of: total))
                }
                if excluded == 1 { #expect(mask.keptCounts[2] == mask.weightCounts[2]) }
            }
        }
    }

    @Test func keptWeightsAreTheLargestAndNeverRevived() async {
        await propertyCheck(count: 30, input: Gen.int(in: 0...10_000), Gen.int(in: 50...950), Gen.int(in: 50...950)) { seed, first, second in
            let model = PruningFixtures.network(seed: UInt64(seed))
            let (d1, d2) = (Double(max(first, second)) / 1000, Double(min(first, second)) / 1000)
            for scope in PruningScope.allCases {
                let rule = MagnitudePruning(scope: scope)
                let m1 = try! rule.prune(model, mask: PruningMask(denseFor: model), density: d1)
                // Prune again from different weights: only weights of m1 may survive.
                let other = PruningFixtures.network(seed: UInt64(seed) + 1)
                let m2 = try! rule.prune(other, mask: m1, density: d2)
                #expect(m2.isSubmask(of: m1))
                let groups: [[Int]] = scope == .global ? [[0, 1, 2]] : [[0], [1], [2]]
                for group in groups {
                    var smallestKept = Float.infinity, largestPruned: Float = -1
                    for l in group {
                        for (k, w) in model.layers[l].weights.storage.enumerated() {
                            if m1.kept[l][k] { smallestKept = min(smallestKept, abs(w)) } else { largestPruned = max(largestPruned, abs(w)) }
                        }
                    }
                    #expect(smallestKept >= largestPruned)
                }
            }
        }
    }

    @Test func tiesKeepTheLowerFlatIndex() throws {
        var model = PruningFixtures.network(seed: 0, widths: [4, 3])
        for l in model.layers.indices {
            for k in model.layers[l].weights.storage.indices { model.layers[l].weights.storage[k] = k % 2 == 0 ? 0.5 : -0.5 }
        }
        let dense = PruningMask(denseFor: model)
        let layerwise = try MagnitudePruning(scope: .layerwise).prune(model, mask: dense, density: 0.5)
        for l in 0..<3 {
            let n = layerwise.weightCounts[l], k = MagnitudePruning.keptCount(density: 0.5, of: n)
            #expect(layerwise.kept[l] == (0..<n).map { $0 < k })
        }
        let global = try MagnitudePruning(scope: .global).prune(model, mask: dense, density: 0.5)
        let flat = global.kept.flatMap { $0 }
        let k = MagnitudePruning.keptCount(density: 0.5, of: flat.count)
        #expect(flat == (0..<flat.count).map { $0 < k })
    }

    @Test func randomPruningControlKeepsLayerCounts() throws {
        let model = PruningFixtures.network(seed: 5)
        let mask = try MagnitudePruning(scope: .global, excludesOutputLayer: true).prune(model, mask: PruningMask(denseFor: model), density: 0.2)
        let a = PruningMask.random(matching: mask, seed: 1), b = PruningMask.random(matching: mask, seed: 2)
        #expect(a.keptCounts == mask.keptCounts && b.keptCounts == mask.keptCounts)
        #expect(a != b && a != mask)
        #expect(a == PruningMask.random(matching: mask, seed: 1))
        #expect(a.kept[2].allSatisfy { $0 })
    }

    // MARK: matching

    @Test func matchingIsWithinOneStandardDeviationOfTheDenseMean() throws {
        let dense = [0.90, 0.92, 0.94]  // mean 0.92, sd 0.02
        let criterion = MatchingCriterion()
        #expect(abs(try criterion.threshold(dense: dense) - 0.90) < 1e-12)
        #expect(try criterion.isMatching(sparse: [0.905, 0.90], dense: dense))
        #expect(try !criterion.isMatching(sparse: [0.899, 0.895], dense: dense))
        #expect(try MatchingCriterion(standardDeviations: 2).isMatching(sparse: [0.89], dense: dense))
    }

    // MARK: bad input

    @Test func badInputIsRejectedWithOneLine() throws {
        let model = PruningFixtures.network(seed: 0)
        for density in [0.0, -0.1, 1.5, .nan] {
            #expect(throws: PruningError.self) { try MagnitudePruning().prune(model, mask: PruningMask(denseFor: model), density: density) }
        }
        let half = try MagnitudePruning().prune(model, mask: PruningMask(denseFor: model), density: 0.5)
        #expect(throws: PruningError.self) { try MagnitudePruning().prune(model, mask: half, density: 0.8) }
        let training = PruningFixtures.configuration(iterations: 10)
        let past = IMPConfiguration(training: training, levels: 2, rewindIterations: [11])
        #expect(throws: PruningError.rewindPastEnd(iteration: 11, total: 10)) { try past.validate(for: PruningFixtures.train) }
        #expect(throws: PruningError.self) { try IMPConfiguration(training: training, densities: [0.8, 1.2]).validate(for: PruningFixtures.train) }
        #expect(throws: PruningError.self) { try IMPConfiguration(training: training, densities: [0.5, 0.6]).validate(for: PruningFixtures.train) }
        #expect(throws: PruningError.self) { try MatchingCriterion().threshold(dense: [0.9]) }
        let trainer = SparseTrainer(configuration: training, trainingSet: PruningFixtures.train)
        #expect(throws: PruningError.rewindPastEnd(iteration: 12, total: 10)) { try trainer.train(from: model, at: 12, dataOrderSeed: 0) }
        let description = PruningError.rewindPastEnd(iteration: 12, total: 10).description
        #expect(!description.contains("\n") && description.contains("the rewind iteration") && description.contains("0...10"))
        #expect(PruningError.invalidOption(.density, value: "1.5", allowed: "a density in (0, 1]").description
                == "invalid value 1.5 for the density: expected a density in (0, 1]")
    }
}
