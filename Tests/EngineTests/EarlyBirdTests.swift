import Foundation
import Testing
import PropertyBased
import LinearAlgebra
@testable import Engine

@Suite struct EarlyBirdTests {
    @Test func distanceOfIdenticalMasksIsZeroAndOfComplementsIsOne() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...1_000_000), Gen.int(in: 1...50), Gen.int(in: 1...50)) { seed, n1, n2 in
            var g = SeededGenerator(seed: UInt64(seed))
            let mask = NeuronMask(kept: [(0..<n1).map { _ in g.nextBernoulli(0.5) }, (0..<n2).map { _ in g.nextBernoulli(0.3) }])
            #expect(mask.distance(to: mask) == 0)
            #expect(mask.distance(to: mask.complement) == 1)
            let other = NeuronMask(kept: [(0..<n1).map { _ in g.nextBernoulli(0.5) }, (0..<n2).map { _ in g.nextBernoulli(0.3) }])
            #expect(mask.distance(to: other) == other.distance(to: mask))
            let differ = zip(mask.kept.flatMap { $0 }, other.kept.flatMap { $0 }).filter { $0 != $1 }.count
            #expect(mask.distance(to: other) == Double(differ) / Double(n1 + n2))
        }
    }

    @Test func topMasksKeepTheHighestScoresWithExactCounts() async throws {
        await propertyCheck(count: 40, input: Gen.int(in: 1...1000), Gen.int(in: 0...100_000)) { permille, seed in
            let density = Double(permille) / 1000
            let model = PruningFixtures.network(seed: UInt64(seed))
            let scores = NeuronMaskScore.outputWeightedNorm.scores(model)
            let mask = try! NeuronMask.top(scores, density: density)
            for l in scores.indices {
                let kept = mask.kept[l].filter { $0 }.count
                #expect(kept == max(1, MagnitudePruning.keptCount(density: density, of: scores[l].count)))
                let keptMin = scores[l].indices.filter { mask.kept[l][$0] }.map { scores[l][$0] }.min()!
                let prunedMax = scores[l].indices.filter { !mask.kept[l][$0] }.map { scores[l][$0] }.max() ?? -1
                #expect(keptMin >= prunedMax)
            }
        }
        let ties = try NeuronMask.top([[1, 1, 1, 1]], density: 0.5)
        #expect(ties.kept == [[true, true, false, false]])
    }

    @Test func outputWeightedNormIsInvariantToReLURescaling() throws {
        var model = PruningFixtures.network(seed: 4)
        let before = NeuronMaskScore.outputWeightedNorm.scores(model)
        let r = 5, c: Float = 4
        let d = model.layers[0].inputCount, n = model.layers[0].outputCount
        for i in 0..<d { model.layers[0].weights.storage[r * d + i] *= c }
        model.layers[0].bias[r] *= c
        for o in 0..<model.layers[1].outputCount { model.layers[1].weights.storage[o * n + r] /= c }
        let after = NeuronMaskScore.outputWeightedNorm.scores(model)
        #expect(abs(after[0][r] - before[0][r]) <= 1e-5 * before[0][r])
        // The outgoing norm alone is not invariant.
        #expect(NeuronMaskScore.outgoingNorm.scores(model)[0][r] < NeuronMaskScore.outgoingNorm.scores(PruningFixtures.network(seed: 4))[0][r])
    }

    @Test func ticketIsDeclaredAfterWindowOfSmallDistances() throws {
        // Distinct networks at checkpoints 0-2, then one network at 3-9: the consecutive distance
        // k (between checkpoints k-1 and k) is 0 from k = 4 on, so with window 5 the ticket is
        // checkpoint 4 + 5 - 1 = 8.
        let changing = (0..<3).map { PruningFixtures.network(seed: UInt64(100 + $0)) }
        let frozen = PruningFixtures.network(seed: 200)
        let networks = changing + [MLP](repeating: frozen, count: 7)
        let steps = (0..<networks.count).map { $0 * 10 }
        let result = try EarlyBirdDetector(densities: [0.5], window: 5, threshold: 0.1).detect(steps: steps, networks: networks)
        let track = result.tracks[0]
        #expect(track.consecutiveDistances[0] == nil)
        #expect(track.consecutiveDistances[4...].allSatisfy { $0 == 0 })
        #expect(track.consecutiveDistances[3]! >= 0.1)
        #expect(track.ticketIndex == 8 && track.ticketStep == 80)
        for i in 0..<networks.count {
            #expect(track.pairwiseDistances[i][i] == 0)
            for j in 0..<networks.count { #expect(track.pairwiseDistances[i][j] == track.pairwiseDistances[j][i]) }
            if i > 0 { #expect(track.consecutiveDistances[i] == track.pairwiseDistances[i][i - 1]) }
        }
        // A window longer than the frozen stretch finds no ticket.
        let none = try EarlyBirdDetector(densities: [0.5], window: 7, threshold: 0.1).detect(steps: steps, networks: networks)
        #expect(none.tracks[0].ticketIndex == nil)
    }

    @Test func detectsOnATrainedRun() throws {
        let config = PruningFixtures.configuration(iterations: 40)
        let trainer = SparseTrainer(configuration: config, trainingSet: PruningFixtures.train)
        let steps = Array(stride(from: 0, through: 40, by: 4))
        let run = try trainer.train(from: trainer.initialNetwork(seed: 0), at: 0, dataOrderSeed: 0, snapshots: Set(steps))
        let result = try EarlyBirdDetector().detect(steps: steps, networks: steps.map { run.snapshots[$0]! })
        #expect(result.tracks.map(\.density) == [0.3, 0.5, 0.7])
        for track in result.tracks {
            #expect(track.masks.count == steps.count)
            if let k = track.ticketIndex { #expect(((k - 4)...k).allSatisfy { track.consecutiveDistances[$0]! < 0.1 }) }
        }
    }

    @Test func badInputIsRejected() throws {
        let a = PruningFixtures.network(seed: 0)
        #expect(throws: PruningError.self) { try EarlyBirdDetector(densities: [0]).detect(steps: [0, 1], networks: [a, a]) }
        #expect(throws: PruningError.self) { try EarlyBirdDetector(densities: [1.2]).detect(steps: [0, 1], networks: [a, a]) }
        #expect(throws: PruningError.self) { try EarlyBirdDetector().detect(steps: [0], networks: [a]) }
        #expect(throws: PruningError.self) { try EarlyBirdDetector(window: 0).detect(steps: [0, 1], networks: [a, a]) }
        #expect(throws: PruningError.self) { try EarlyBirdDetector().detect(steps: [1, 1], networks: [a, a]) }
    }
}
