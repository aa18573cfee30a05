import Foundation
import LinearAlgebra
import PropertyBased
import Testing
@testable import Engine

/// Naive references: every subset by its bit mask, sums added in ascending index order.
enum NaiveSubsetSum {
    static func sums(_ x: [Double]) -> [Double] {
        (0..<(1 << x.count)).map { mask in
            var s = 0.0
            for i in 0..<x.count where mask & (1 << i) != 0 { s += x[i] }
            return s
        }
    }

    static func distance(_ z: Double, _ sums: [Double]) -> Double {
        sums.map { abs(z - $0) }.min()!
    }

    static func values(count n: Int, scale: Double, seed: UInt64) -> [Double] {
        var g = SeededGenerator(seed: seed)
        return (0..<n).map { _ in scale * (2 * g.nextUniform() - 1) }
    }
}

@Suite struct SubsetSumTests {
    @Test func sortedSumsEqualTheNaiveEnumeration() async throws {
        await propertyCheck(count: 60, input: Gen.int(in: 0...12), Gen.uint64(in: 0...UInt64.max)) { n, seed in
            let x = NaiveSubsetSum.values(count: n, scale: 1, seed: seed)
            let sorted = try SubsetSums.sorted(x)
            #expect(sorted == NaiveSubsetSum.sums(x).sorted())
        }
    }

    /// The exact worst-case error against brute force: the naive distance at z = -1, z = +1
    /// and at every midpoint of consecutive naive sums inside [-1, 1] (the exact breakpoints),
    /// and on a grid of spacing h (whose maximum is within h/2 of the supremum, the distance
    /// being 1-Lipschitz). Scales 0.15 and 3 make the ends decide (sums that do not reach +-1,
    /// and sums far outside [-1, 1]).
    @Test func worstCaseErrorMatchesBruteForce() async throws {
        await propertyCheck(count: 60, input: Gen.int(in: 0...10), Gen.element(of: [0.15, 1.0, 3.0]),
                            Gen.uint64(in: 0...UInt64.max)) { n, scale, seed in
            let x = NaiveSubsetSum.values(count: n, scale: scale ?? 1, seed: seed)
            let gap = try SubsetSums.worstCaseError(x)
            let sums = NaiveSubsetSum.sums(x).sorted()
            var breakpoints = [-1.0, 1.0]
            for i in 0..<(sums.count - 1) {
                let m = (sums[i] + sums[i + 1]) / 2
                if m >= -1 && m <= 1 { breakpoints.append(m) }
            }
            let exact = breakpoints.map { NaiveSubsetSum.distance($0, sums) }.max()!
            #expect(abs(gap.error - exact) <= 1e-12, "exact \(exact), computed \(gap.error), values \(x)")
            let h = 2.0 / 4000
            let grid = (0...4000).map { NaiveSubsetSum.distance(-1 + Double($0) * h, sums) }.max()!
            #expect(grid <= gap.error + 1e-12)
            #expect(gap.error <= grid + h / 2 + 1e-12)
            #expect(gap.location >= -1 && gap.location <= 1)
            #expect(abs(NaiveSubsetSum.distance(gap.location, sums) - gap.error) <= 1e-12)
        }
    }

    @Test func endsAreMeasuredToTheNearestSum() throws {
        // Sums 0, 0.25: z = -1 is 1 from 0 (the smallest sum >= -1; none below), z = +1 is 0.75
        // from 0.25 (none above), the gap gives 0.125.
        #expect(try SubsetSums.worstCaseError([0.25]) == CoverageGap(error: 1, location: -1))
        // Sums -2.5, -1.5, 0, 1: z = -1 is 0.5 from -1.5 (a sum below -1 counts), the gap
        // (-1.5, 0) has its midpoint -0.75 inside [-1, 1] and half-width 0.75, the gap (0, 1) 0.5.
        #expect(try SubsetSums.worstCaseError([-2.5, 1]) == CoverageGap(error: 0.75, location: -0.75))
        // Sums -1.2, -0.9, 0, 0.3: the gap (-1.2, -0.9) has its midpoint -1.05 outside [-1, 1]
        // and counts only through z = -1 (0.1 from -0.9); z = +1 is 0.7 from 0.3 and decides.
        let end = try SubsetSums.worstCaseError([-1.2, 0.3])
        #expect(end.location == 1 && abs(end.error - 0.7) <= 1e-15)
        // No values: the only sum 0 is 1 away from both ends; the first end (-1) is reported.
        #expect(try SubsetSums.worstCaseError([]) == CoverageGap(error: 1, location: -1))
    }

    @Test func prefixErrorsAreTheErrorsOfThePrefixes() throws {
        let x = NaiveSubsetSum.values(count: 12, scale: 1, seed: 11)
        let errors = try SubsetSums.prefixWorstCaseErrors(x)
        #expect(errors.count == 13)
        for k in 0...12 {
            #expect(errors[k] == (try SubsetSums.worstCaseError(Array(x[0..<k]))).error)
            if k > 0 { #expect(errors[k] <= errors[k - 1]) }
        }
        let stopped = try SubsetSums.prefixWorstCaseErrors(x, stoppingAtOrBelow: 0.1)
        #expect(stopped.last! <= 0.1)
        #expect(stopped.dropLast().allSatisfy { $0 > 0.1 })
        #expect(Array(errors[0..<stopped.count]) == stopped)
    }

    @Test func theSizeLimitsAreEnforced() throws {
        let tooMany = [Double](repeating: 0.5, count: SubsetSums.exactLimit + 1)
        #expect(throws: SubsetSumError.tooManyValues(count: 27, limit: 26, method: "the sorted list of all 2^n subset sums")) {
            try SubsetSums.sorted(tooMany)
        }
        do {
            _ = try SubsetSums.worstCaseError(tooMany)
            Issue.record("n = 27 must be refused")
        } catch let error as SubsetSumError {
            #expect(error.description.contains("n <= 26"))
            #expect(!error.description.contains("\n"))
        }
        #expect(throws: SubsetSumError.self) { try SubsetSums.prefixWorstCaseErrors(tooMany) }
        #expect(throws: SubsetSumError.tooManyValues(count: 41, limit: 40, method: "meet in the middle")) {
            try MeetInTheMiddle.bestSubset([Double](repeating: 0.1, count: 41), target: 0)
        }
        #expect(throws: SubsetSumError.self) { try LuekerExperiment(maximumCount: 27) }
        #expect(throws: SubsetSumError.self) { try LuekerExperiment(epsilons: [0.1, 1]) }
        #expect(throws: SubsetSumError.self) { try LuekerExperiment(trials: 0) }
    }

    @Test func meetInTheMiddleEqualsBruteForce() async throws {
        await propertyCheck(count: 60, input: Gen.int(in: 0...16), Gen.uint64(in: 0...UInt64.max)) { n, seed in
            let x = NaiveSubsetSum.values(count: n, scale: 1, seed: seed)
            var g = SeededGenerator(seed: seed ^ 0xABCD)
            let z = 4 * g.nextUniform() - 2
            let best = try MeetInTheMiddle.bestSubset(x, target: z)
            let brute = NaiveSubsetSum.sums(x).map { abs($0 - z) }.min()!
            #expect(abs(best.error - brute) <= 1e-12, "n \(n): meet in the middle \(best.error), brute force \(brute)")
            #expect(best.indices == best.indices.sorted() && Set(best.indices).count == best.indices.count)
            #expect(best.indices.allSatisfy { (0..<n).contains($0) })
            let recomputed = best.indices.reduce(0.0) { $0 + x[$1] }
            #expect(abs(recomputed - best.sum) <= 1e-12)
            #expect(best.error == abs(best.sum - z))
        }
    }

    @Test func anExactlyReachableTargetIsHit() throws {
        let x = [0.5, -0.25, 0.125, 0.75, -1, 0.0625]
        let best = try MeetInTheMiddle.bestSubset(x, target: 0.5 + 0.125 - 1)
        #expect(best.error == 0)
        #expect(best.indices.reduce(0.0) { $0 + x[$1] } == -0.375)
    }

    /// The pruned pair computes the subset sums it claims: for x = t e_k the output is
    /// t alpha+_jk (t > 0) or t alpha-_jk (t < 0); alpha+- are sums of kept products c b of the
    /// right sign; for any x the output is sum_k slope_jk(sign x_k) x_k; the claimed errors are
    /// |alpha+- - W|.
    @Test func prunedPairComputesTheClaimedSums() throws {
        var g = SeededGenerator(seed: 3)
        var w = Matrix<Double>(rows: 3, columns: 4, storage: (0..<12).map { _ in 2 * g.nextUniform() - 1 })
        w[1, 2] = 1.5  // outside [-1, 1]: the second layer's range widens to [-1.5, 1.5]
        let pair = try PrunedLayerPair(approximating: w, samplesPerInput: 10, seed: 42)
        #expect(pair.scale == 1.5)
        let n = 10, d = 4
        var worst = 0.0
        for j in 0..<3 {
            for k in 0..<4 {
                var plus = 0.0, minus = 0.0
                for s in 0..<n where pair.secondLayer[j, k * n + s] != 0 {
                    #expect(pair.keptNeurons[k * n + s])
                    let b = pair.firstLayer[k * n + s]
                    #expect(abs(pair.secondLayer[j, k * n + s]) <= pair.scale)
                    if b > 0 { plus += pair.secondLayer[j, k * n + s] * b } else { minus += pair.secondLayer[j, k * n + s] * b }
                }
                #expect(abs(plus - pair.positiveSlopes[j * d + k]) <= 1e-12)
                #expect(abs(minus - pair.negativeSlopes[j * d + k]) <= 1e-12)
                worst = max(worst, abs(plus - w[j, k]), abs(minus - w[j, k]))
            }
        }
        #expect(abs(worst - pair.maximumWeightError) <= 1e-12)
        // Basis inputs.
        for k in 0..<4 {
            for t in [0.7, -1.3] {
                var x = Matrix<Double>(rows: 1, columns: 4, repeating: 0)
                x[0, k] = t
                let out = pair.apply(x)
                for j in 0..<3 {
                    let slope = t > 0 ? pair.positiveSlopes[j * d + k] : pair.negativeSlopes[j * d + k]
                    #expect(abs(out[0, j] - t * slope) <= 1e-12)
                }
            }
        }
        // A general input is the sum over k.
        let x = Matrix<Double>(rows: 1, columns: 4, storage: [0.3, -0.8, 0.5, -0.1])
        let out = pair.apply(x)
        for j in 0..<3 {
            var expected = 0.0
            for k in 0..<4 {
                let t = x[0, k]
                expected += t * (t > 0 ? pair.positiveSlopes[j * d + k] : pair.negativeSlopes[j * d + k])
            }
            #expect(abs(out[0, j] - expected) <= 1e-12)
        }
        // More random weights per target weight: the subset sums get closer.
        let wide = try PrunedLayerPair(approximating: w, samplesPerInput: 30, seed: 42)
        #expect(wide.maximumWeightError < 0.01)
        #expect(pair.randomWeightCount == n * d * d + 3 * n * d)
    }

    /// The ticket is the composition of its pairs with a ReLU between them, on (x, 1); the
    /// augmented layers reproduce the MLP; the output error obeys the layer-wise bound
    /// |v - u| <= (e_2 sum_j |h_j| + |W'_2| r_1) computed from the per-weight errors.
    @Test func strongTicketComposesItsPairs() throws {
        let target = MLP(inputs: 5, hiddenWidths: [4], outputs: 2, seed: 9)
        let ticket = try StrongTicket(target: target, samplesPerInput: 20, seed: 1)
        #expect(ticket.randomWidths == [6, 120, 5, 100, 2])
        var g = SeededGenerator(seed: 77)
        let x = Matrix<Float>(rows: 7, columns: 5, storage: (0..<35).map { _ in Float(2 * g.nextUniform() - 1) })
        let u = StrongTicket.targetOutputs(target, x)
        let reference = target.outputs(x)
        for (a, b) in zip(u.storage, reference.storage) { #expect(abs(a - Double(b)) <= 1e-5) }
        let v = ticket.outputs(x)
        let xPrime = StrongTicket.withConstantInput(x)
        var hidden = ticket.pairs[0].apply(xPrime)
        for i in 0..<hidden.storage.count { hidden.storage[i] = max(0, hidden.storage[i]) }
        let manual = ticket.pairs[1].apply(hidden)
        #expect(v == manual)
        // Error bound: per-weight errors e_1, e_2 and the augmented layers W'_1, W'_2.
        let layers = StrongTicket.augmentedLayers(target)
        let e1 = ticket.pairs[0].maximumWeightError, e2 = ticket.pairs[1].maximumWeightError
        for i in 0..<7 {
            let l1 = (0..<6).reduce(0.0) { $0 + abs(xPrime[i, $1]) } * e1  // |h~_j - h_j| <= l1
            for c in 0..<2 {
                let hSum = (0..<5).reduce(0.0) { $0 + abs(hidden[i, $1]) }
                let w2Sum = (0..<5).reduce(0.0) { $0 + abs(layers[1][c, $1]) }
                #expect(abs(v[i, c] - u[i, c]) <= e2 * hSum + w2Sum * l1 + 1e-9)
            }
        }
        #expect(ticket.targetWeightCount == 5 * 6 + 2 * 5)
        #expect(ticket.keptWeightCount <= ticket.randomWeightCount)
    }

    @Test func fitRecoversAKnownConstant() throws {
        let epsilons = [0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001]
        let exact = try LuekerFit.leastSquares(epsilons: epsilons, counts: epsilons.map { 2.7 * log2(1 / $0) + 1.3 })
        #expect(abs(exact.slope - 2.7) <= 1e-12 && abs(exact.intercept - 1.3) <= 1e-12)
        #expect(abs(exact.naturalLogConstant - 2.7 / log(2)) <= 1e-12)
        var g = SeededGenerator(seed: 5)
        let noisy = epsilons.map { 2.7 * log2(1 / $0) + 1.3 + 0.1 * (2 * g.nextUniform() - 1) }
        let fit = try LuekerFit.leastSquares(epsilons: epsilons, counts: noisy)
        #expect(abs(fit.slope - 2.7) <= 0.05)
        #expect(throws: SubsetSumError.self) { try LuekerFit.leastSquares(epsilons: [0.1, 0.1], counts: [3, 4]) }
    }

    /// The measurement pipeline (quantile, fit, bootstrap) on synthetic per-trial counts
    /// N_t(eps) = round(C log2(1/eps) + c0) + (0 or 1, each with probability 1/2): with 50
    /// trials and eps <= 0.1 at most 5 failures are allowed, so n(eps) is the larger count, and
    /// the fit recovers C up to the rounding.
    @Test func measurementRecoversAKnownConstantFromSyntheticTrials() throws {
        let epsilons = [0.1, 0.05, 0.02, 0.01, 0.005]
        let experiment = try LuekerExperiment(epsilons: epsilons, trials: 50, seed: 1, maximumCount: 26, bootstrapResamples: 200)
        var g = SeededGenerator(seed: 8)
        let counts: [[Int?]] = epsilons.map { eps in
            (0..<50).map { _ in Int((3.0 * log2(1 / eps) - 2).rounded()) + (g.nextUniform() < 0.5 ? 0 : 1) }
        }
        let m = try LuekerMeasurement(experiment: experiment, firstCounts: counts)
        #expect(abs(m.fit.slope - 3.0) <= 0.2)
        #expect(m.slopeInterval.contains(m.fit.slope) || abs(m.slopeInterval.lowerBound - m.fit.slope) < 1e-9)
        #expect(m.resamplesUsed == 200)
        // n(eps) is the smallest n with P >= 1 - eps.
        for (e, eps) in epsilons.enumerated() {
            let n = try #require(m.requiredCounts[e])
            #expect(m.successProbability(epsilonIndex: e, count: n) >= 1 - eps)
            #expect(m.successProbability(epsilonIndex: e, count: n - 1) < 1 - eps)
        }
        #expect(LuekerMeasurement.quantile([1, 2, 3, 4], 0.5) == 2.5)
        #expect(LuekerMeasurement.quantile([1, 2, 3, 4], 1) == 4)
    }

    @Test func monteCarloIsDeterministicUnderTheSeedAndConsistent() throws {
        let epsilons = [0.2, 0.1, 0.05]
        let a = try LuekerExperiment(epsilons: epsilons, trials: 40, seed: 5, maximumCount: 16, bootstrapResamples: 100).run()
        let b = try LuekerExperiment(epsilons: epsilons, trials: 40, seed: 5, maximumCount: 16, bootstrapResamples: 100).run()
        #expect(a == b)
        let c = try LuekerExperiment(epsilons: epsilons, trials: 40, seed: 6, maximumCount: 16, bootstrapResamples: 100).run()
        #expect(a.firstCounts != c.firstCounts)
        // Each trial's first sufficient count agrees with the exact error of its prefixes.
        for t in 0..<5 {
            let x = a.experiment.samples(trial: t)
            for (e, eps) in epsilons.enumerated() {
                let n = try #require(a.firstCounts[e][t])
                #expect(try SubsetSums.worstCaseError(Array(x[0..<n])).error <= eps)
                if n > 0 { #expect(try SubsetSums.worstCaseError(Array(x[0..<(n - 1)])).error > eps) }
            }
        }
        // P_hat is non-decreasing in n, and smaller eps needs at least as many samples.
        for e in epsilons.indices {
            let p = (0...16).map { a.successProbability(epsilonIndex: e, count: $0) }
            #expect(zip(p, p.dropFirst()).allSatisfy { $0 <= $1 })
        }
        for t in 0..<40 { #expect((a.firstCounts[0][t] ?? 99) <= (a.firstCounts[2][t] ?? 99)) }
        // The ticket too.
        let target = MLP(inputs: 4, hiddenWidths: [3], outputs: 1, seed: 2)
        let t1 = try StrongTicket(target: target, samplesPerInput: 8, seed: 3)
        let t2 = try StrongTicket(target: target, samplesPerInput: 8, seed: 3)
        #expect(t1.pairs.map(\.secondLayer) == t2.pairs.map(\.secondLayer))
        #expect(t1.pairs.map(\.firstLayer) == t2.pairs.map(\.firstLayer))
    }
}
