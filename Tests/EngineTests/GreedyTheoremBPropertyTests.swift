import Engine
import LinearAlgebra
import PropertyBased
import Testing

/// Theorem B (THEORY.md section 3) on random instances: for every k >= 1 the `analyzed`
/// greedy selection satisfies
///     1/2 ||v_k - ybar||^2 <= l_star + D^2 H_k / (2k),   H_k = 1 + 1/2 + ... + 1/k,
/// with D the exact diameter of {phi_r}. l_star (the minimum over the convex hull) is replaced
/// by the valid upper bounds l(ubar) (the dense output is the plain mean, in the hull) and
/// min_r l(phi_r) (every vertex is in the hull); when the targets are built inside the hull
/// l_star = 0 exactly and the inequality is checked with the true l_star.
@Suite struct GreedyTheoremBPropertyTests {
    /// H_k as a plain sum.
    static func harmonic(_ k: Int) -> Double {
        var total = 0.0
        for i in 1...k { total += 1 / Double(i) }
        return total
    }

    /// Checks the inequality at every step 1...k of one instance; returns the smallest slack
    /// (bound - loss) relative to the bound.
    @discardableResult
    static func check(_ instance: GreedyTestInstance, k: Int, lStarIsZero: Bool) throws -> Double {
        let f = instance.features
        let selection = try GreedyForwardSelection(size: k).run(features: f, targets: instance.targets)
        let diameter = f.exactFeatureDiameter()
        let naiveDiameter = NaiveGreedy.diameter(f)
        #expect(abs(diameter - naiveDiameter) <= 1e-6 * max(1, naiveDiameter))
        let ybar = NaiveGreedy.selectionTarget(f, instance.targets)
        let vertexLoss = NaiveGreedy.features(f).map { NaiveGreedy.loss($0, ybar) }.min()!
        let denseLoss = f.denseSumLoss(targets: instance.targets)
        let lStarUpper = lStarIsZero ? 0 : min(vertexLoss, denseLoss)
        var smallestSlack = Double.infinity
        for j in 1...selection.size {
            let bound = lStarUpper + diameter * diameter * harmonic(j) / (2 * Double(j))
            let loss = selection.sumLosses[j - 1]
            // Rounding allowance: relative 1e-9 of the quantities involved.
            #expect(loss <= bound + 1e-9 * max(1, bound, lStarUpper),
                    "Theorem B violated at k = \(j): loss \(loss) > bound \(bound) (\(instance))")
            smallestSlack = min(smallestSlack, (bound - loss) / max(bound, 1e-300))
        }
        return smallestSlack
    }

    @Test func theoremBHoldsOnRandomInstances() async throws {
        await propertyCheck(count: 80, input: Gen.int(in: 1...30), Gen.int(in: 1...20), Gen.element(of: [1, 2, 3]),
                            Gen.int(in: 1...40), Gen.uint64(in: 0...UInt64.max)) { m, n, c, k, seed in
            let instance = GreedyTestInstance(m: m, n: n, c: c ?? 1, seed: seed, targetMode: .random)
            try GreedyTheoremBPropertyTests.check(instance, k: k, lStarIsZero: false)
        }
    }

    @Test func theoremBHoldsWithTheExactLStarForTargetsInsideTheHull() async throws {
        await propertyCheck(count: 80, input: Gen.int(in: 1...30), Gen.int(in: 2...20), Gen.element(of: [1, 3]),
                            Gen.int(in: 1...60), Gen.uint64(in: 0...UInt64.max)) { m, n, c, k, seed in
            let instance = GreedyTestInstance(m: m, n: n, c: c ?? 1, seed: seed, targetMode: .insideHull)
            try GreedyTheoremBPropertyTests.check(instance, k: k, lStarIsZero: true)
        }
    }

    /// The bound is not vacuous on these instances: a test that could never fail would not
    /// check anything. With y inside the hull of two far-apart points the greedy loss at k = 1
    /// is of the order of D^2 / 2 (the bound at k = 1 is D^2 / 2).
    @Test func theBoundIsAttainedUpToAConstantOnTwoPoints() throws {
        // phi_0 = (1, 0), phi_1 = (0, 1) (m = 2, C = 1, s = 1, N = 2 through featureScale), y = midpoint.
        let features = NeuronFeatures(activations: Matrix(rows: 2, columns: 2, storage: [1, 0, 0, 1]),
                                      outputWeights: Matrix(rows: 2, columns: 1, storage: [1, 1]),
                                      featureScale: 1, outputBias: [0])
        let targets = Matrix<Float>(rows: 2, columns: 1, storage: [0.5, 0.5])
        let selection = try GreedyForwardSelection(size: 4).run(features: features, targets: targets)
        let d2 = features.exactFeatureDiameter() * features.exactFeatureDiameter()
        #expect(abs(d2 - 2) < 1e-12)
        // k = 1: loss 1/4 = D^2 / 8 against the bound D^2 / 2; k = 2: exact midpoint, loss 0.
        #expect(abs(selection.sumLosses[0] - 0.25) < 1e-12)
        #expect(selection.sumLosses[1] == 0)
        #expect(selection.picks[0] == 0, "equal losses: lowest index first")
        #expect(selection.picks[1] == 1)
    }
}
