import Foundation
import Testing
import PropertyBased
import LinearAlgebra
@testable import Engine

@Suite struct StabilityTests {
    let evaluation = MLPEvaluation(loss: Loss(kind: .crossEntropy, reduction: .mean))

    @Test func theBarrierOfANetworkWithItselfIsZero() throws {
        let a = PruningFixtures.network(seed: 1)
        let path = try LinearInterpolation.errors(from: a, to: a, count: 30, on: PruningFixtures.test, evaluation: evaluation)
        #expect(path.count == 30)
        #expect(Set(path).count == 1)
        #expect(LinearInterpolation.barrier(path) == 0)
        let analysis = InstabilityAnalysis(training: PruningFixtures.configuration(), trainingSet: PruningFixtures.train, testSet: PruningFixtures.test)
        let measured = try analysis.measure(copies: [a, a], branchIteration: 0)
        #expect(measured.barrier == 0 && measured.isStable)
    }

    @Test func interpolationEndpointsAreTheNetworksThemselves() async {
        await propertyCheck(count: 25, input: Gen.int(in: 0...100_000), Gen.int(in: 2...40)) { seed, points in
            let a = PruningFixtures.network(seed: UInt64(seed)), b = PruningFixtures.network(seed: UInt64(seed) + 1)
            #expect(PruningFixtures.bits(LinearInterpolation.point(a, b, alpha: 0)) == PruningFixtures.bits(a))
            #expect(PruningFixtures.bits(LinearInterpolation.point(a, b, alpha: 1)) == PruningFixtures.bits(b))
            for alpha in LinearInterpolation.alphas(count: points) {
                #expect(PruningFixtures.bits(LinearInterpolation.point(a, a, alpha: alpha)) == PruningFixtures.bits(a))
            }
            // The midpoint is the average (to float32 rounding).
            let mid = LinearInterpolation.point(a, b, alpha: 0.5)
            let w = mid.layers[1].weights.storage[3], expected = (a.layers[1].weights.storage[3] + b.layers[1].weights.storage[3]) / 2
            #expect(abs(w - expected) <= 1e-6)
        }
    }

    @Test func pathEndpointsEqualTheTrainedNetworksErrors() throws {
        let config = PruningFixtures.configuration(iterations: 30)
        let analysis = InstabilityAnalysis(training: config, trainingSet: PruningFixtures.train, testSet: PruningFixtures.test, points: 7)
        let trainer = SparseTrainer(configuration: config, trainingSet: PruningFixtures.train)
        let start = trainer.initialNetwork(seed: 3)
        let copies = try (0..<2).map { j in
            try trainer.train(from: start, at: 4, dataOrderSeed: SeededGenerator.derivedSeed(3, stream: InstabilityAnalysis.branchStream + UInt64(j))).network
        }
        let measured = try analysis.measure(start: start, at: 4, seed: 3)
        let errors = try copies.map { try evaluation.error($0, on: PruningFixtures.test) }
        #expect(measured.copyErrors == errors)
        #expect(measured.meanErrors.first == errors[0] && measured.meanErrors.last == errors[1])
        let sixths: [Double] = (0...6).map { Double($0) / 6 }
        #expect(measured.alphas == sixths)
        // The path evaluated here point by point, and the barrier written out from its definition
        // (largest error on the path minus the mean of the endpoint errors), not taken from the
        // function under test.
        let path = try sixths.map { alpha in try evaluation.error(LinearInterpolation.point(copies[0], copies[1], alpha: alpha), on: PruningFixtures.test) }
        #expect(measured.meanErrors == path)
        var largest = path[0]
        for e in path where e > largest { largest = e }
        #expect(measured.barrier == largest - (path[0] + path[6]) / 2)
        #expect(measured.isStable == (measured.barrier < 0.02))
        #expect(copies[0] != copies[1], "different data orders give different copies")
    }

    @Test func sparseCopiesStaySparseAlongTheLine() throws {
        let config = PruningFixtures.configuration(iterations: 12, momentum: 0.9)
        let start = PruningFixtures.network(seed: 8)
        let mask = try MagnitudePruning().prune(start, mask: PruningMask(denseFor: start), density: 0.25)
        let analysis = InstabilityAnalysis(training: config, trainingSet: PruningFixtures.train, testSet: PruningFixtures.test, copies: 3, points: 5)
        let measured = try analysis.measure(start: mask.applied(to: start), at: 2, mask: mask, seed: 1)
        #expect(measured.pairBarriers.count == 3)
        #expect(abs(measured.density - 0.25) < 0.01)
        let trainer = SparseTrainer(configuration: config, trainingSet: PruningFixtures.train)
        let a = try trainer.train(from: start, at: 2, mask: mask, dataOrderSeed: 1).network
        let b = try trainer.train(from: start, at: 2, mask: mask, dataOrderSeed: 2).network
        let mid = LinearInterpolation.point(a, b, alpha: 0.4)
        for l in mid.layers.indices {
            for k in mask.kept[l].indices where !mask.kept[l][k] { #expect(mid.layers[l].weights.storage[k] == 0) }
        }
    }

    @Test func barrierOfHandComputedPaths() {
        // max(path) - (first + last) / 2, worked out by hand.
        #expect(LinearInterpolation.barrier([0.5, 0.5]) == 0)
        #expect(LinearInterpolation.barrier([0.25, 0.75, 0.5]) == 0.375)   // 0.75 - 0.375
        #expect(LinearInterpolation.barrier([0.5, 0.25, 1.0]) == 0.25)     // 1.0 - 0.75
        #expect(LinearInterpolation.barrier([0.125, 0.875, 0.625, 0.375]) == 0.625) // 0.875 - 0.25
    }

    @Test func barrierIsNeverNegative() async {
        await propertyCheck(count: 100, input: Gen.int(in: 2...40), Gen.int(in: 0...1_000_000)) { n, seed in
            var g = SeededGenerator(seed: UInt64(seed))
            let errors = (0..<n).map { _ in g.nextUniform() }
            let b = LinearInterpolation.barrier(errors)
            #expect(b >= 0)
            #expect(b >= errors.max()! - max(errors[0], errors[n - 1]))
        }
    }

    @Test func badInputIsRejected() throws {
        let config = PruningFixtures.configuration(iterations: 10)
        let a = PruningFixtures.network(seed: 0)
        #expect(throws: PruningError.self) {
            try InstabilityAnalysis(training: config, trainingSet: PruningFixtures.train, copies: 1).measure(start: a, at: 0, seed: 0)
        }
        #expect(throws: PruningError.self) {
            try InstabilityAnalysis(training: config, trainingSet: PruningFixtures.train, points: 1).measure(copies: [a, a], branchIteration: 0)
        }
        #expect(throws: PruningError.rewindPastEnd(iteration: 11, total: 10)) {
            try InstabilityAnalysis(training: config, trainingSet: PruningFixtures.train).measure(start: a, at: 11, seed: 0)
        }
        #expect(throws: PruningError.self) {
            try InstabilityAnalysis(training: config, trainingSet: PruningFixtures.train).measure(copies: [a], branchIteration: 0)
        }
    }
}
