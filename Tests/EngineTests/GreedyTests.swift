import Engine
import LinearAlgebra
import PropertyBased
import Testing

/// A random greedy-selection instance: ReLU-like activations (Gaussian, negatives set to 0, so
/// about half are zero), Gaussian output weights, a random feature scale and bias.
struct GreedyTestInstance: Sendable, CustomStringConvertible {
    enum TargetMode: Sendable, CaseIterable {
        /// y Gaussian, unrelated to the features.
        case random
        /// y = c + a random convex combination of the phi_r (so l_star = 0 exactly).
        case insideHull
    }

    let features: NeuronFeatures
    let targets: Matrix<Float>
    let seed: UInt64

    init(m: Int, n: Int, c: Int, seed: UInt64, targetMode: TargetMode = .random) {
        var generator = SeededGenerator(seed: seed)
        let activations = (0..<(m * n)).map { _ in max(0, generator.nextGaussianFloat()) }
        let weights = generator.gaussianFloats(count: n * c)
        let scale = Float(n) * (0.5 + generator.nextUniformFloat())
        let bias = generator.gaussianFloats(count: c, standardDeviation: 0.3)
        features = NeuronFeatures(activations: Matrix(rows: m, columns: n, storage: activations),
                                  outputWeights: Matrix(rows: n, columns: c, storage: weights),
                                  featureScale: scale, outputBias: bias)
        switch targetMode {
        case .random:
            let y = generator.gaussianFloats(count: m * c, standardDeviation: Float(n))
            targets = Matrix(rows: m, columns: c, storage: y)
        case .insideHull:
            let lambda = (0..<n).map { _ in generator.nextUniform() + 0.01 }
            let total = lambda.reduce(0, +)
            let phi = NaiveGreedy.features(features)
            var y = [Float](repeating: 0, count: m * c)
            for index in 0..<(m * c) {
                var value = Double(bias[index % c])
                for r in 0..<n { value += lambda[r] / total * phi[r][index] }
                y[index] = Float(value)
            }
            targets = Matrix(rows: m, columns: c, storage: y)
        }
        self.seed = seed
    }

    var description: String {
        "m = \(features.sampleCount), N = \(features.neuronCount), C = \(features.outputCount), seed = \(seed)"
    }
}

/// The reference: greedy forward selection with every candidate's loss
/// 1/2 ||(S + phi_r)/j - (y - c)||^2 evaluated directly from materialised phi_r in float64.
enum NaiveGreedy {
    /// phi_r = s a_r (outer) b_r as m*C row-major float64 arrays, one per neuron.
    static func features(_ f: NeuronFeatures) -> [[Double]] {
        let m = f.sampleCount, n = f.neuronCount, c = f.outputCount
        let s = Double(f.featureScale)
        return (0..<n).map { r in
            var phi = [Double](repeating: 0, count: m * c)
            for i in 0..<m {
                for o in 0..<c { phi[i * c + o] = s * Double(f.activations[i, r]) * Double(f.outputWeights[r, o]) }
            }
            return phi
        }
    }

    static func selectionTarget(_ f: NeuronFeatures, _ targets: Matrix<Float>) -> [Double] {
        let c = f.outputCount
        return targets.storage.indices.map { Double(targets.storage[$0]) - Double(f.outputBias[$0 % c]) }
    }

    static func loss(_ v: [Double], _ ybar: [Double]) -> Double {
        var total = 0.0
        for index in v.indices { total += (v[index] - ybar[index]) * (v[index] - ybar[index]) }
        return 0.5 * total
    }

    /// Picks (lowest index among equal losses) and the loss after every step.
    static func select(_ f: NeuronFeatures, targets: Matrix<Float>, k: Int,
                       withReplacement: Bool = true) -> (picks: [Int], losses: [Double]) {
        let phi = features(f)
        let ybar = selectionTarget(f, targets)
        var sum = [Double](repeating: 0, count: ybar.count)
        var picks: [Int] = []
        var losses: [Double] = []
        for j in 1...k {
            var best = -1
            var bestLoss = Double.infinity
            for r in 0..<f.neuronCount where withReplacement || !picks.contains(r) {
                let candidate = sum.indices.map { (sum[$0] + phi[r][$0]) / Double(j) }
                let value = loss(candidate, ybar)
                if value < bestLoss { best = r; bestLoss = value }
            }
            for index in sum.indices { sum[index] += phi[best][index] }
            picks.append(best)
            losses.append(loss(sum.map { $0 / Double(j) }, ybar))
        }
        return (picks, losses)
    }

    /// v_k = (1/k) sum_j phi_{r_j} (m*C row-major).
    static func average(_ f: NeuronFeatures, picks: [Int]) -> [Double] {
        let phi = features(f)
        var sum = [Double](repeating: 0, count: f.sampleCount * f.outputCount)
        for r in picks { for index in sum.indices { sum[index] += phi[r][index] } }
        return sum.map { $0 / Double(picks.count) }
    }

    /// max_{r, s} ||phi_r - phi_s|| by direct differences.
    static func diameter(_ f: NeuronFeatures) -> Double {
        let phi = features(f)
        var best = 0.0
        for r in phi.indices {
            for t in phi.indices where t > r {
                var total = 0.0
                for index in phi[r].indices { total += (phi[r][index] - phi[t][index]) * (phi[r][index] - phi[t][index]) }
                best = max(best, total)
            }
        }
        return best.squareRoot()
    }
}

func isClose(_ a: Double, _ b: Double, relative: Double = 1e-9) -> Bool {
    abs(a - b) <= relative * max(1, abs(a), abs(b))
}

@Suite struct GreedyTests {
    @Test func analyzedPicksTheSameNeuronsAsTheNaiveFloat64Search() async throws {
        await propertyCheck(count: 60, input: Gen.int(in: 1...40), Gen.int(in: 1...25), Gen.element(of: [1, 3]),
                            Gen.int(in: 1...20), Gen.uint64(in: 0...UInt64.max)) { m, n, c, k, seed in
            let instance = GreedyTestInstance(m: m, n: n, c: c ?? 1, seed: seed)
            let selection = try GreedyForwardSelection(size: k).run(features: instance.features, targets: instance.targets)
            let naive = NaiveGreedy.select(instance.features, targets: instance.targets, k: k)
            #expect(selection.picks == naive.picks, "\(instance)")
            #expect(zip(selection.sumLosses, naive.losses).allSatisfy { isClose($0, $1) }, "\(instance)")
        }
    }

    @Test(arguments: [1, 2, 7, 64])
    func blockSizeDoesNotChangeThePicks(blockRows: Int) throws {
        for seed: UInt64 in 0..<6 {
            let instance = GreedyTestInstance(m: 150, n: 40, c: seed.isMultiple(of: 2) ? 1 : 3, seed: seed)
            let selection = try GreedyForwardSelection(size: 25, accumulationBlockRows: blockRows)
                .run(features: instance.features, targets: instance.targets)
            let naive = NaiveGreedy.select(instance.features, targets: instance.targets, k: 25)
            #expect(selection.picks == naive.picks, "\(instance)")
        }
    }

    @Test func identicalNeuronsTieToTheLowestIndex() throws {
        // Three copies of the neuron that the naive search picks first.
        let base = GreedyTestInstance(m: 20, n: 8, c: 1, seed: 11)
        let first = NaiveGreedy.select(base.features, targets: base.targets, k: 1).picks[0]
        let copies = Array([1, 2, 5, 7].filter { $0 != first }.prefix(3))
        var activations = base.features.activations
        var weights = base.features.outputWeights
        for copy in copies {
            for i in 0..<activations.rows { activations[i, copy] = base.features.activations[i, first] }
            weights[copy, 0] = base.features.outputWeights[first, 0]
        }
        let features = NeuronFeatures(activations: activations, outputWeights: weights,
                                      featureScale: base.features.featureScale, outputBias: base.features.outputBias)
        let group = Set(copies + [first])
        let selection = try GreedyForwardSelection(size: 6).run(features: features, targets: base.targets)
        for (j, r) in selection.picks.enumerated() where group.contains(r) {
            #expect(r == group.min()!, "step \(j + 1) picked copy \(r) instead of the lowest index")
        }
        #expect(selection.picks[0] == group.min()!)
        #expect(selection.float64ScoredCounts[0] >= 4, "the four equal candidates must be rescored in float64")
        let naive = NaiveGreedy.select(features, targets: base.targets, k: 6)
        #expect(selection.picks == naive.picks)
    }

    /// Near-ties below float32 resolution: a copy of the best neuron with one activation moved
    /// by one float32 ulp. The two scores differ by far less than the float32 rounding of a
    /// sum over m = 300 samples; only the float64 refinement can tell which is better, and in
    /// some of these cases the copy (higher index) is the right pick.
    @Test func nearTiesBelowFloat32ResolutionFollowTheFloat64Search() throws {
        var higherIndexWins = 0
        for seed: UInt64 in 0..<16 {
            let base = GreedyTestInstance(m: 300, n: 12, c: 1, seed: 100 + seed)
            let first = NaiveGreedy.select(base.features, targets: base.targets, k: 1).picks[0]
            let copy = first == 11 ? 10 : 11
            var activations = base.features.activations
            var weights = base.features.outputWeights
            for i in 0..<activations.rows { activations[i, copy] = base.features.activations[i, first] }
            weights[copy, 0] = base.features.outputWeights[first, 0]
            let row = Int(seed) * 7 % 300
            activations[row, copy] = seed.isMultiple(of: 2) ? activations[row, copy].nextUp : activations[row, copy].nextDown
            let features = NeuronFeatures(activations: activations, outputWeights: weights,
                                          featureScale: base.features.featureScale, outputBias: base.features.outputBias)
            let selection = try GreedyForwardSelection(size: 3).run(features: features, targets: base.targets)
            let naive = NaiveGreedy.select(features, targets: base.targets, k: 3)
            #expect(selection.picks == naive.picks, "seed \(100 + seed)")
            #expect(selection.float64ScoredCounts[0] >= 2)
            if naive.picks[0] == max(first, copy) { higherIndexWins += 1 }
        }
        #expect(higherIndexWins > 0, "no case needed the higher index: the test would not detect a float32-only search")
    }

    @Test func withoutReplacementNeverRepeatsAndMatchesTheNaiveSearch() async throws {
        await propertyCheck(count: 40, input: Gen.int(in: 1...30), Gen.int(in: 1...20), Gen.element(of: [1, 3]),
                            Gen.uint64(in: 0...UInt64.max)) { m, n, c, seed in
            let instance = GreedyTestInstance(m: m, n: n, c: c ?? 1, seed: seed)
            let selection = try GreedyForwardSelection(variant: .withoutReplacement, size: n)
                .run(features: instance.features, targets: instance.targets)
            #expect(Set(selection.picks).count == selection.picks.count, "\(instance)")
            #expect(selection.picks.count == n)
            #expect(selection.multiplicities.allSatisfy { $0 == 1 })
            let naive = NaiveGreedy.select(instance.features, targets: instance.targets, k: n, withReplacement: false)
            #expect(selection.picks == naive.picks, "\(instance)")
        }
    }

    @Test func withoutReplacementRejectsSizesAboveN() {
        let instance = GreedyTestInstance(m: 5, n: 4, c: 1, seed: 1)
        #expect(throws: GreedySelectionError.self) {
            try GreedyForwardSelection(variant: .withoutReplacement, size: 5).run(features: instance.features, targets: instance.targets)
        }
    }

    @Test func sampledIsDeterministicUnderASeed() throws {
        let instance = GreedyTestInstance(m: 60, n: 30, c: 3, seed: 5)
        for withReplacement in [true, false] {
            let options = GreedyForwardSelection.SampledScoring(candidateCount: 7, batchSize: 13, seed: 42,
                                                                withReplacement: withReplacement)
            let selection = GreedyForwardSelection(variant: .sampled(options), size: 20)
            let first = try selection.run(features: instance.features, targets: instance.targets)
            let second = try selection.run(features: instance.features, targets: instance.targets)
            #expect(first.picks == second.picks)
            #expect(first.sumLosses == second.sumLosses)
            #expect(first.float64ScoredCounts.allSatisfy { $0 == 7 })
            if !withReplacement { #expect(Set(first.picks).count == 20) }
            // The reported loss is the full-data loss of the picks.
            let v = NaiveGreedy.average(instance.features, picks: first.picks)
            let ybar = NaiveGreedy.selectionTarget(instance.features, instance.targets)
            #expect(isClose(first.finalSumLoss, NaiveGreedy.loss(v, ybar)))
        }
    }

    @Test func sampledDrawsDependOnTheSeed() throws {
        let instance = GreedyTestInstance(m: 60, n: 30, c: 1, seed: 6)
        var distinct = Set<[Int]>()
        for seed: UInt64 in 0..<8 {
            let options = GreedyForwardSelection.SampledScoring(candidateCount: 3, batchSize: 10, seed: seed)
            distinct.insert(try GreedyForwardSelection(variant: .sampled(options), size: 10)
                .run(features: instance.features, targets: instance.targets).picks)
        }
        #expect(distinct.count > 1, "eight seeds gave one selection: the seed is not used")
    }

    @Test func sampledWithAllCandidatesAndTheFullBatchEqualsAnalyzed() async throws {
        await propertyCheck(count: 30, input: Gen.int(in: 1...30), Gen.int(in: 1...20), Gen.element(of: [1, 3]),
                            Gen.int(in: 1...15), Gen.uint64(in: 0...UInt64.max)) { m, n, c, k, seed in
            let instance = GreedyTestInstance(m: m, n: n, c: c ?? 1, seed: seed)
            let analyzed = try GreedyForwardSelection(size: k).run(features: instance.features, targets: instance.targets)
            let options = GreedyForwardSelection.SampledScoring(candidateCount: n, batchSize: m, seed: seed)
            let sampled = try GreedyForwardSelection(variant: .sampled(options), size: k)
                .run(features: instance.features, targets: instance.targets)
            #expect(sampled.picks == analyzed.picks, "\(instance)")
            #expect(sampled.sumLosses == analyzed.sumLosses, "\(instance)")
        }
    }

    @Test func stopsAtTheFirstStepMeetingTheTarget() throws {
        for seed: UInt64 in 0..<8 {
            let instance = GreedyTestInstance(m: 40, n: 20, c: seed.isMultiple(of: 2) ? 1 : 3, seed: seed,
                                              targetMode: .insideHull)
            let full = try GreedyForwardSelection(size: 30).run(features: instance.features, targets: instance.targets)
            #expect(!full.stoppedAtTarget)
            let stopAt = 3 + Int(seed)  // the target is the loss of this step
            let target = full.sumLosses[stopAt - 1]
            let expected = full.sumLosses.firstIndex { $0 <= target }! + 1
            for lossTarget in [GreedyForwardSelection.LossTarget.sum(target), .mean(target / 40)] {
                let stopped = try GreedyForwardSelection(size: 30, lossTarget: lossTarget)
                    .run(features: instance.features, targets: instance.targets)
                #expect(stopped.stoppedAtTarget)
                #expect(stopped.size == expected)
                #expect(stopped.picks == Array(full.picks.prefix(expected)))
                #expect(stopped.sumLosses.dropLast().allSatisfy { $0 > target })
            }
        }
        // A target never met runs to k.
        let instance = GreedyTestInstance(m: 10, n: 5, c: 1, seed: 3)
        let run = try GreedyForwardSelection(size: 7, lossTarget: .sum(0)).run(features: instance.features, targets: instance.targets)
        #expect(run.size == 7 && !run.stoppedAtTarget)
    }

    @Test func countsSumToKAndMatchThePicks() async throws {
        await propertyCheck(count: 30, input: Gen.int(in: 1...20), Gen.int(in: 1...15), Gen.int(in: 1...40),
                            Gen.uint64(in: 0...UInt64.max)) { m, n, k, seed in
            let instance = GreedyTestInstance(m: m, n: n, c: 1, seed: seed)
            let selection = try GreedyForwardSelection(size: k).run(features: instance.features, targets: instance.targets)
            #expect(selection.multiplicities.reduce(0, +) == k)
            #expect(selection.counts.values.reduce(0, +) == k)
            #expect(selection.selectedNeurons == selection.selectedNeurons.sorted())
            for (r, count) in selection.counts { #expect(selection.picks.filter { $0 == r }.count == count) }
            #expect(selection.meanLosses.count == k)
            #expect(zip(selection.meanLosses, selection.sumLosses).allSatisfy { $0 == $1 / Double(m) })
        }
    }

    @Test func thePrunedNetworkReproducesVk() async throws {
        await propertyCheck(count: 30, input: Gen.int(in: 1...30), Gen.int(in: 1...20), Gen.element(of: [1, 3]),
                            Gen.int(in: 1...25), Gen.uint64(in: 0...UInt64.max)) { m, n, c, k, seed in
            let c = c ?? 1
            let instance = GreedyTestInstance(m: m, n: n, c: c, seed: seed)
            let f = instance.features
            let selection = try GreedyForwardSelection(size: k).run(features: f, targets: instance.targets)
            let v = NaiveGreedy.average(f, picks: selection.picks)
            // Rounding scale: the largest (1/k) sum_j |phi_{r_j}| entry plus |c| (float32 weights).
            let phi = NaiveGreedy.features(f)
            let scale = v.indices.map { index in
                selection.picks.reduce(0.0) { $0 + abs(phi[$1][index]) } / Double(k) + Double(abs(f.outputBias[index % c]))
            }.max() ?? 1
            let dense = selection.prunedOutput(denseActivations: f.activations)
            let pruned = selection.prunedFeatures(denseActivations: f.activations)
            let fromSelected = selection.prunedOutput(selectedActivations: pruned.activations)
            let averaged = NaiveGreedy.features(pruned)  // the pruned network's own features
            for index in v.indices {
                let expected = v[index] + Double(f.outputBias[index % c])
                #expect(abs(Double(dense.storage[index]) - expected) <= 1e-5 * max(1, scale), "\(instance)")
                #expect(dense.storage[index] == fromSelected.storage[index])
                let mean = averaged.reduce(0.0) { $0 + $1[index] } / Double(pruned.neuronCount)
                #expect(abs(mean + Double(f.outputBias[index % c]) - expected) <= 1e-5 * max(1, scale))
            }
            #expect(pruned.neuronCount == selection.selectedNeurons.count)
            // Loss of the evaluated pruned network = the reported final loss (float32 outputs).
            var loss = 0.0
            for index in v.indices {
                let d = Double(dense.storage[index]) - Double(instance.targets.storage[index])
                loss += 0.5 * d * d
            }
            #expect(isClose(loss, selection.finalSumLoss, relative: 1e-5))
        }
    }

    @Test func radiusAndExactDiameterMatchTheirDefinitions() async throws {
        await propertyCheck(count: 30, input: Gen.int(in: 1...25), Gen.int(in: 1...20), Gen.element(of: [1, 3]),
                            Gen.uint64(in: 0...UInt64.max)) { m, n, c, seed in
            let instance = GreedyTestInstance(m: m, n: n, c: c ?? 1, seed: seed)
            let f = instance.features
            let phi = NaiveGreedy.features(f)
            let mean = phi[0].indices.map { index in phi.reduce(0.0) { $0 + $1[index] } / Double(n) }
            let rho = phi.map { p in p.indices.reduce(0.0) { $0 + (p[$1] - mean[$1]) * (p[$1] - mean[$1]) }.squareRoot() }.max()!
            #expect(isClose(f.featureRadius(), rho))
            #expect(zip(f.featureMean().storage, mean).allSatisfy { isClose($0, $1) })
            let diameter = NaiveGreedy.diameter(f)
            #expect(abs(f.exactFeatureDiameter() - diameter) <= 1e-6 * max(1, diameter), "\(instance)")
            #expect(diameter <= f.featureDiameterUpperBound() * (1 + 1e-12) + 1e-12)
            #expect(rho <= diameter * (1 + 1e-12) + 1e-12, "rho <= D since the mean is in the hull")
            let dense = NaiveGreedy.loss(mean, NaiveGreedy.selectionTarget(f, instance.targets))
            #expect(isClose(f.denseSumLoss(targets: instance.targets), dense))
        }
    }

    @Test func invalidOptionsThrowOneLineErrors() {
        let instance = GreedyTestInstance(m: 6, n: 4, c: 2, seed: 9)
        let wrongTargets = Matrix<Float>(rows: 6, columns: 1, repeating: 0)
        let cases: [(GreedyForwardSelection, Matrix<Float>, String)] = [
            (GreedyForwardSelection(size: 0), instance.targets, "the subnetwork size k"),
            (GreedyForwardSelection(size: 3), wrongTargets, "targets"),
            (GreedyForwardSelection(size: 3, lossTarget: .sum(-1)), instance.targets, "the loss target"),
            (GreedyForwardSelection(variant: .sampled(.init(candidateCount: 5, batchSize: 2, seed: 0)), size: 3),
             instance.targets, "the number of candidates"),
            (GreedyForwardSelection(variant: .sampled(.init(candidateCount: 2, batchSize: 0, seed: 0)), size: 3),
             instance.targets, "the batch size"),
            (GreedyForwardSelection(size: 3, accumulationBlockRows: 0), instance.targets, "the accumulation block rows"),
        ]
        for (selection, targets, flag) in cases {
            do {
                _ = try selection.run(features: instance.features, targets: targets)
                Issue.record("expected an error naming \(flag)")
            } catch let error as GreedySelectionError {
                #expect(error.description.contains(flag))
                #expect(!error.description.contains("\n"))
                #expect(!error.description.contains("--"), "the engine names parameters, not flags")
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }
}
