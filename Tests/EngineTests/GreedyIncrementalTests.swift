@testable import Engine
import LinearAlgebra
import PropertyBased
import Testing

/// The incremental exact scorer (Gram columns from the 16-bit copy, cached for repeats) against
/// the one-pass-per-step scorer: the same picks, hence bitwise the same losses, on instances with
/// many re-picks, near-ties and duplicated neurons; and the rigour of its two error bounds
/// (the 16-bit representation and the Gram-column entries).
@Suite struct GreedyIncrementalTests {
    /// Activations Gaussian, negatives set to 0 (`signed` false, unsigned codes) or kept (`signed`
    /// true, signed codes), with per-neuron magnitudes spread over 2^-8...2^8; Gaussian output
    /// weights; targets Gaussian of standard deviation N.
    static func instance(m: Int, n: Int, c: Int, seed: UInt64, signed: Bool) -> (NeuronFeatures, Matrix<Float>) {
        var generator = SeededGenerator(seed: seed)
        let magnitudes = (0..<n).map { _ in Float(sign: .plus, exponent: generator.nextIndex(below: 17) - 8, significand: 1) }
        var activations = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for r in 0..<n {
                let value = generator.nextGaussianFloat() * magnitudes[r]
                activations[i * n + r] = signed ? value : max(0, value)
            }
        }
        let weights = generator.gaussianFloats(count: n * c)
        let scale = Float(n) * (0.5 + generator.nextUniformFloat())
        let bias = generator.gaussianFloats(count: c, standardDeviation: 0.3)
        let targets = generator.gaussianFloats(count: m * c, standardDeviation: Float(n))
        return (NeuronFeatures(activations: Matrix(rows: m, columns: n, storage: activations),
                               outputWeights: Matrix(rows: n, columns: c, storage: weights),
                               featureScale: scale, outputBias: bias),
                Matrix(rows: m, columns: c, storage: targets))
    }

    /// Both exact scorers on one instance.
    static func bothScorers(_ f: NeuronFeatures, _ targets: Matrix<Float>, k: Int,
                            variant: GreedyForwardSelection.Variant = .analyzed,
                            blockRows: Int = 512, refreshBudget: Int? = nil)
        throws -> (incremental: GreedySelection, fullPass: GreedySelection) {
        var incremental = GreedyForwardSelection(variant: variant, size: k, accumulationBlockRows: blockRows,
                                                 exactScoring: .incremental)
        incremental.incrementalRefreshBudget = refreshBudget
        let fullPass = GreedyForwardSelection(variant: variant, size: k, accumulationBlockRows: blockRows,
                                              exactScoring: .fullPassPerStep)
        return (try incremental.run(features: f, targets: targets), try fullPass.run(features: f, targets: targets))
    }

    @Test func picksTheSameNeuronsAsTheFullPassScorerWithManyRepicks() async throws {
        await propertyCheck(count: 60, input: Gen.int(in: 1...60), Gen.int(in: 1...12), Gen.element(of: [1, 3]),
                            Gen.bool, Gen.uint64(in: 0...UInt64.max)) { m, n, c, signed, seed in
            let (f, targets) = GreedyIncrementalTests.instance(m: m, n: n, c: c ?? 1, seed: seed, signed: signed)
            let k = 3 * n + 5
            let (incremental, fullPass) = try GreedyIncrementalTests.bothScorers(f, targets, k: k)
            let context = "m = \(m), N = \(n), C = \(c ?? 1), signed \(signed), seed \(seed)"
            #expect(incremental.picks == fullPass.picks, "\(context)")
            #expect(incremental.sumLosses == fullPass.sumLosses, "\(context)")
            // Every pick but the last is applied at the next step; a repeat reuses its cached column.
            let applied = incremental.picks.dropLast()
            let work = incremental.scoringWork
            #expect(work.gramColumnsComputed == Set(applied).count, "\(context)")
            #expect(work.gramColumnsReused == applied.count - Set(applied).count, "\(context)")
            #expect(work.gramColumnsReused > 0, "k > N forces repeats")
            #expect(work.fixedPointBytes == 2 * m * ((n + 7) / 8 * 8))
            #expect(work.gramCacheBytes == 8 * n * Set(applied).count)
            #expect(work.freshProjections == 1 + work.refreshes)
            #expect(fullPass.scoringWork.freshProjections == k)
            #expect(fullPass.scoringWork.fixedPointBytes == 0)
        }
    }

    @Test func matchesTheNaiveFloat64SearchOnSignedActivations() async throws {
        await propertyCheck(count: 40, input: Gen.int(in: 1...30), Gen.int(in: 1...10), Gen.element(of: [1, 3]),
                            Gen.int(in: 1...25), Gen.uint64(in: 0...UInt64.max)) { m, n, c, k, seed in
            let (f, targets) = GreedyIncrementalTests.instance(m: m, n: n, c: c ?? 1, seed: seed, signed: true)
            let selection = try GreedyForwardSelection(size: k).run(features: f, targets: targets)
            let naive = NaiveGreedy.select(f, targets: targets, k: k)
            #expect(selection.picks == naive.picks, "m = \(m), N = \(n), seed \(seed)")
        }
    }

    /// Duplicated neurons tie at every step they compete: exact copies (6...8 of 0...2), copies one
    /// float32 ulp away in one activation (9, 10 of 3, 4) and copies with every activation moved
    /// by about 2^-16 relative (11...16 of 0...5). With blocks of one row the fresh-pass bound is
    /// about 4u relative while every update adds the 16-bit representation error (about 2^-17
    /// relative), so these near-ties outgrow the accumulated bound and fresh passes help.
    /// Forced (budget 1) and forbidden (Int.max) refreshes change no pick.
    @Test(arguments: [1, 3])
    func nearTiesAndDuplicatedNeuronsFollowTheFullPassScorer(outputs c: Int) throws {
        var refreshed = 0
        for seed: UInt64 in 0..<12 {
            let (base, targets) = GreedyIncrementalTests.instance(m: 80, n: 6, c: c, seed: 300 + seed,
                                                                  signed: seed.isMultiple(of: 3))
            let m = 80, n = 17
            var activations = [Float](repeating: 0, count: m * n)
            var weights = [Float](repeating: 0, count: n * c)
            for r in 0..<n {
                for i in 0..<m { activations[i * n + r] = base.activations[i, r % 6] }
                for o in 0..<c { weights[r * c + o] = base.outputWeights[r % 6, o] }
            }
            for r in 9..<11 {
                let i = (Int(seed) * 7 + r) % m
                activations[i * n + r] = r.isMultiple(of: 2) ? activations[i * n + r].nextUp : activations[i * n + r].nextDown
            }
            var noise = SeededGenerator(seed: 900 + seed)
            for r in 11..<17 {
                for i in 0..<m { activations[i * n + r] *= 1 + 0x1p-16 * noise.nextGaussianFloat() }
            }
            let f = NeuronFeatures(activations: Matrix(rows: m, columns: n, storage: activations),
                                   outputWeights: Matrix(rows: n, columns: c, storage: weights),
                                   featureScale: base.featureScale, outputBias: base.outputBias)
            let k = 40
            let naive = NaiveGreedy.select(f, targets: targets, k: k)
            for budget in [nil, 1, Int.max] {
                for blockRows in [512, 1] {
                    let (incremental, fullPass) = try GreedyIncrementalTests.bothScorers(
                        f, targets, k: k, blockRows: blockRows, refreshBudget: budget)
                    let context = "seed \(300 + seed), block rows \(blockRows), budget \(String(describing: budget))"
                    #expect(incremental.picks == fullPass.picks, "\(context)")
                    #expect(incremental.picks == naive.picks, "\(context)")
                    #expect(incremental.sumLosses == fullPass.sumLosses, "\(context)")
                    #expect(!incremental.picks.contains { (6..<9).contains($0) }, "an exact copy never beats its original")
                    if budget == Int.max { #expect(incremental.scoringWork.refreshes == 0) }
                    if budget == 1 { refreshed += incremental.scoringWork.refreshes }
                }
            }
        }
        #expect(refreshed > 0, "no instance refreshed: the refresh path is not tested")
    }

    @Test func withoutReplacementMatchesTheFullPassScorer() async throws {
        await propertyCheck(count: 30, input: Gen.int(in: 1...40), Gen.int(in: 1...20), Gen.element(of: [1, 3]),
                            Gen.bool, Gen.uint64(in: 0...UInt64.max)) { m, n, c, signed, seed in
            let (f, targets) = GreedyIncrementalTests.instance(m: m, n: n, c: c ?? 1, seed: seed, signed: signed)
            let (incremental, fullPass) = try GreedyIncrementalTests.bothScorers(f, targets, k: n, variant: .withoutReplacement)
            #expect(incremental.picks == fullPass.picks, "m = \(m), N = \(n), seed \(seed)")
            #expect(Set(incremental.picks).count == n)
            #expect(incremental.scoringWork.gramColumnsReused == 0)
            #expect(incremental.scoringWork.gramCacheBytes == 0, "without replacement nothing is cached")
        }
    }

    /// A non-finite activation: the incremental scorer falls back to the full-pass scorer (no
    /// 16-bit copy); the neuron with the NaN is never picked by either.
    @Test func nonFiniteActivationsFallBackToTheFullPassScorer() throws {
        var (f, targets) = GreedyIncrementalTests.instance(m: 30, n: 8, c: 1, seed: 77, signed: false)
        f.activations[4, 3] = .nan
        let (incremental, fullPass) = try GreedyIncrementalTests.bothScorers(f, targets, k: 12)
        #expect(incremental.picks == fullPass.picks)
        #expect(!incremental.picks.contains(3))
        #expect(incremental.scoringWork.fixedPointBytes == 0)
        #expect(incremental.scoringWork.freshProjections == 12)
    }

    /// Issue 14: when every eligible neuron's activations hold a NaN or an infinity, greedy
    /// selection hit a precondition; now it throws. NaN targets or output weights are refused
    /// before any step.
    @Test func nonFiniteEverywhereThrowsInsteadOfTrapping() throws {
        var (f, targets) = GreedyIncrementalTests.instance(m: 12, n: 4, c: 1, seed: 5, signed: false)
        for r in 0..<4 { f.activations[r, r] = r % 2 == 0 ? .nan : .infinity }
        for exactScoring in [GreedyForwardSelection.ExactScoring.incremental, .fullPassPerStep] {
            let greedy = GreedyForwardSelection(variant: .analyzed, size: 3, exactScoring: exactScoring)
            let error = #expect(throws: GreedySelectionError.self) { _ = try greedy.run(features: f, targets: targets) }
            #expect(error == .noFiniteScore(step: 1))
        }
        let (clean, _) = GreedyIncrementalTests.instance(m: 12, n: 4, c: 1, seed: 5, signed: false)
        var badTargets = targets
        badTargets[3, 0] = .nan
        #expect(throws: GreedySelectionError.nonFinite(what: "targets")) {
            _ = try GreedyForwardSelection(variant: .analyzed, size: 2).run(features: clean, targets: badTargets)
        }
        var badWeights = clean
        badWeights.outputWeights[1, 0] = -.infinity
        #expect(throws: GreedySelectionError.nonFinite(what: "output weights")) {
            _ = try GreedyForwardSelection(variant: .analyzed, size: 2).run(features: badWeights, targets: targets)
        }
    }

    /// ||a_r||^2 (bitwise the float64 sum over the rows in increasing order), max |a_ir| and the
    /// sign flag, on sizes that exercise the 8-column vectors, their scalar tail and the 4-row groups.
    @Test(arguments: [false, true])
    func columnStatisticsMatchTheirDefinitions(signed: Bool) throws {
        for (m, n) in [(1, 1), (7, 13), (33, 70), (600, 700)] {
            let (f, _) = GreedyIncrementalTests.instance(m: m, n: n, c: 1, seed: UInt64(m * n), signed: signed)
            let statistics = f.activationColumnStatistics()
            var anyNegative = false
            for r in 0..<n {
                var norm2 = 0.0
                var largest: Float = 0
                for i in 0..<m {
                    let v = f.activations[i, r]
                    norm2 += Double(v) * Double(v)
                    largest = max(largest, abs(v))
                    if v < 0 { anyNegative = true }
                }
                #expect(statistics.norm2[r] == norm2, "m \(m), N \(n), column \(r)")
                #expect(statistics.largestMagnitude[r] == largest)
            }
            #expect(statistics.isNonnegative == !anyNegative)
            #expect(statistics.isFinite)
        }
    }

    /// a_ir = sigma_r q_ir + e_ir with |e_ir| <= rho_r = sigma_r / 2, |q_ir| <= Q, sigma_r the
    /// smallest power of two with max |a_ir| < (Q + 1/2) sigma_r, on columns of every magnitude
    /// (subnormal to 2^120), a zero column, a column whose maximum sits on the limit, and signed data.
    @Test(arguments: [false, true])
    func fixedPointCopyRepresentsEveryActivationWithinItsBound(signed: Bool) throws {
        let m = 37, n = 21
        var generator = SeededGenerator(seed: signed ? 5 : 4)
        var activations = [Float](repeating: 0, count: m * n)
        for r in 0..<n where r != 3 {
            let exponent = r == 0 ? -140 : r == 1 ? 120 : r == 4 ? -20 : generator.nextIndex(below: 60) - 30
            for i in 0..<m {
                let value = generator.nextGaussianFloat() * Float(sign: .plus, exponent: exponent, significand: 1)
                activations[i * n + r] = signed ? value : abs(value)
            }
        }
        activations[5 * n + 2] = .leastNonzeroMagnitude
        // Column 4: maximum exactly (Q + 1/2) 2^-10, which would round to Q + 1 with sigma = 2^-10,
        // so sigma = 2^-9.
        activations[7 * n + 4] = (signed ? -32767.5 : 65535.5) * 0x1p-10
        let features = NeuronFeatures(activations: Matrix(rows: m, columns: n, storage: activations),
                                      outputWeights: Matrix(rows: n, columns: 1, repeating: 1), featureScale: 1, outputBias: [0])
        let statistics = features.activationColumnStatistics()
        #expect(statistics.isNonnegative == !signed)
        let copy = FixedPointActivations(activations: features.activations, statistics: statistics)
        #expect(copy.isUnsigned == !signed)
        #expect(copy.stride == 24)
        for r in 0..<n {
            let sigma = copy.scale[r]
            #expect(sigma.significandBitPattern == 0, "sigma_r is a power of two")
            let limit = (Double(copy.largestCode) + 0.5) * sigma
            #expect(Double(statistics.largestMagnitude[r]) < limit)
            #expect(Double(statistics.largestMagnitude[r]) >= limit / 2 || sigma == 0x1p-126,
                    "sigma_r is the smallest such power of two")
            #expect(copy.representationError[r] <= sigma / 2)
            for i in 0..<m {
                let q: Int = copy.isUnsigned
                    ? Int(copy.codes.load(fromByteOffset: (i * copy.stride + r) * 2, as: UInt16.self))
                    : Int(copy.codes.load(fromByteOffset: (i * copy.stride + r) * 2, as: Int16.self))
                #expect(abs(q) <= copy.largestCode)
                let a = Double(activations[i * n + r])
                #expect(abs(a - sigma * Double(q)) <= copy.representationError[r], "row \(i), column \(r)")
                if a == 0 { #expect(q == 0) }
            }
        }
        #expect(copy.scale[3] == 0x1p-126 && copy.representationError[3] == 0, "a zero column")
        #expect(copy.scale[4] == 0x1p-9, "a maximum of (Q + 1/2) 2^-10 needs sigma = 2^-9")
    }

    /// |g~_pr - a_p . a_r| <= err_p(r) for every p and r, with the exact dot product in float64
    /// (products of float32 values are exact; the float64 sum's own error is added).
    @Test(arguments: [false, true])
    func gramColumnEntriesAreWithinTheirBounds(signed: Bool) throws {
        for seed: UInt64 in 0..<4 {
            let m = 700, n = 19
            let (f, _) = GreedyIncrementalTests.instance(m: m, n: n, c: 1, seed: 40 + seed, signed: signed)
            let statistics = f.activationColumnStatistics()
            let copy = FixedPointActivations(activations: f.activations, statistics: statistics)
            for blockRows in [1, 5, 64] {
                for p in [0, 7, 18] {
                    let gram = GramColumn(neuron: p, column: f.activationColumn(p), fixedPoint: copy, blockRows: blockRows)
                    for r in 0..<n {
                        var exact = 0.0, magnitude = 0.0
                        for i in 0..<m {
                            let product = Double(f.activations[i, p]) * Double(f.activations[i, r])
                            exact += product
                            magnitude += abs(product)
                        }
                        let norm = statistics.norm2[r].squareRoot() * (1 + 1e-12)
                        let bound = gram.errorBound(r, fixedPoint: copy, columnNorm: norm)
                        let difference = abs(gram.values[r] - exact)
                        #expect(difference <= bound + GramColumn.gamma64(m) * magnitude,
                                "p \(p), r \(r), block \(blockRows): |error| \(difference) > bound \(bound)")
                        #expect(bound <= 1e-3 * max(magnitude, 1e-300) + 1e-300, "the bound is useful (relative 1e-3)")
                    }
                }
            }
        }
    }

    /// The Gram pass adds, per column, the products row by row in float32 within blocks of selected
    /// rows and the blocks in float64, whatever the number of workers (they split the columns), for
    /// block sizes that do and do not divide into the groups of 8 rows.
    @Test(arguments: [64, 12, 7, 1])
    func gramSumsFollowTheDocumentedOrder(blockRows: Int) throws {
        let (f, _) = GreedyIncrementalTests.instance(m: 900, n: 700, c: 1, seed: 9, signed: blockRows == 7)
        let statistics = f.activationColumnStatistics()
        let copy = FixedPointActivations(activations: f.activations, statistics: statistics)
        let p = 11
        let column = f.activationColumn(p)
        let (sums, blocks) = copy.gramSums(weights: column, blockRows: blockRows)
        let rows = column.indices.filter { column[$0] != 0 }
        #expect(blocks == (rows.count + blockRows - 1) / blockRows)
        #expect(rows.count * copy.stride >= 1 << 18, "large enough for several workers")
        for r in stride(from: 0, to: 700, by: 37) {
            var total = 0.0
            var start = 0
            while start < rows.count {
                var block: Float = 0
                for t in start..<min(rows.count, start + blockRows) {
                    let offset = (rows[t] * copy.stride + r) * 2
                    let q = copy.isUnsigned ? Float(copy.codes.load(fromByteOffset: offset, as: UInt16.self))
                        : Float(copy.codes.load(fromByteOffset: offset, as: Int16.self))
                    block += column[rows[t]] * q
                }
                total += Double(block)
                start += blockRows
            }
            #expect(sums[r] == total, "column \(r), block rows \(blockRows)")
        }
    }
}
