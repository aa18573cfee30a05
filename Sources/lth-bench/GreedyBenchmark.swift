import CKernels
import COpenBLAS
import Dispatch
import Engine
import LinearAlgebra

/// Benchmark of exact greedy forward selection (THEORY.md section 3), plain lines (the first names
/// the OpenBLAS kernels and the build of the C Gram-sum kernel in use, `lth_isa_active()`):
/// 1. memory bandwidth in this run: a two-thread streaming sum and one full float32 sgemv over
///    the same m x N float32 activation matrix (m = 60000, N = 10000, 2.4 GB); the larger is the
///    denominator of the fractions below;
/// 2. one exact full-pass step (GB of activations streamed per second, fraction of bandwidth);
/// 3. the run to k = 200 (random nonnegative activations with about 50% zeros, C = 1): the
///    default incremental scorer three times and the one-pass-per-step scorer twice, alternating,
///    with the same picks asserted; printed: total times, distinct picks, passes over
///    the float32 activations, Gram columns, bytes streamed, float64 rescoring counts, extra
///    memory, and the time a one-pass-per-step method needs at the measured bandwidth
///    (k passes of 4 m N bytes);
/// 4. the exact method against the per-candidate forward-pass method (each candidate's loss
///    computed from its own column, a fresh pass per candidate) at N = 2000, m = 5000, k = 20:
///    the same selection is asserted and the speed ratio printed.
enum GreedyBenchmark {
    static func run() {
        print("greedy: OpenBLAS core \(BLASRuntime.coreName), \(BLASRuntime.threadCount) threads; Gram-sum kernel build \(String(cString: lth_isa_name(lth_isa_active())))")
        let m = 60_000
        let n = 10_000
        let k = 200
        let large = randomInstance(m: m, n: n, seed: 1)
        let bytes = Double(m * n * MemoryLayout<Float>.size)
        print("greedy: activations \(m) x \(n) float32 = \(format(bytes / 1e9)) GB, zeros \(format(100 * zeroFraction(large.features.activations.storage)))%")

        let streamRate = bytes / fastest(of: 3) { streamingSum(large.features.activations.storage) } / 1e9
        let gemvRate = bytes / fastest(of: 3) { fullGemv(large.features.activations, count: m) } / 1e9
        let bandwidth = max(streamRate, gemvRate)
        print("bandwidth (best of 3): streaming sum (2 threads) \(format(streamRate)) GB/s, one sgemv over the matrix \(format(gemvRate)) GB/s; reference \(format(bandwidth)) GB/s")

        do {
            // One exact step, interleaved with a full sgemv so that both see the same load:
            // the step time is the first step of a size-1 run (its set-up pass is excluded).
            var ratios: [Double] = []
            var stepTimes: [Double] = []
            for _ in 0..<3 {
                let gemv = fullGemv(large.features.activations, count: m)
                let single = try GreedyForwardSelection(size: 1, exactScoring: .fullPassPerStep)
                    .run(features: large.features, targets: large.targets)
                stepTimes.append(single.stepSeconds[0])
                ratios.append(gemv / single.stepSeconds[0])
            }
            let step = stepTimes.sorted()[1]
            print("exact step (N = \(n), m = \(m), C = 1), 3 trials: median \(format(step)) s = \(format(bytes / step / 1e9)) GB/s = \(format(100 * bytes / step / 1e9 / bandwidth))% of the reference bandwidth; against an sgemv timed just before it: \(ratios.map { format(100 * $0) + "%" }.joined(separator: ", "))")

            try compareScorers(large, k: k, bytes: bytes, bandwidth: bandwidth)
        } catch {
            print("exact run failed: \(error)")
        }

        compareWithForwardPasses()
    }

    /// The run to k: incremental (3 runs) and one pass per step (2 runs), alternating (I F I F I) so
    /// that both see the same machine load; the picks must agree.
    static func compareScorers(_ instance: (features: NeuronFeatures, targets: Matrix<Float>), k: Int, bytes: Double,
                               bandwidth: Double) throws {
        let clock = ContinuousClock()
        func timed(_ scoring: GreedyForwardSelection.ExactScoring) throws -> (GreedySelection, Double) {
            let start = clock.now
            let selection = try GreedyForwardSelection(size: k, exactScoring: scoring)
                .run(features: instance.features, targets: instance.targets)
            return (selection, seconds(clock.now - start))
        }
        var incrementalTimes: [Double] = []
        var fullPassTimes: [Double] = []
        var incremental: GreedySelection?
        var fullPass: GreedySelection?
        for round in 0..<3 {
            let (selection, time) = try timed(.incremental)
            incrementalTimes.append(time)
            incremental = selection
            if round < 2 {
                let (other, otherTime) = try timed(.fullPassPerStep)
                fullPassTimes.append(otherTime)
                fullPass = other
            }
        }
        guard let incremental, let fullPass else { return }
        let same = incremental.picks == fullPass.picks
        let median = incrementalTimes.sorted()[1]
        let fullPassMedian = fullPassTimes.reduce(0, +) / Double(fullPassTimes.count)
        let work = incremental.scoringWork
        let steps = incremental.stepSeconds.sorted()
        print("incremental run to k = \(k), 3 runs: median \(format(median)) s (\(incrementalTimes.map { format($0) }.joined(separator: ", ")) s; set-up \(format(incremental.setupSeconds)) s incl. the column-statistics pass; steps median \(format(steps[steps.count / 2])) s, slowest \(format(steps[steps.count - 1])) s, the 16-bit copy made after the first pick)")
        print("incremental work: \(incremental.selectedNeurons.count) distinct picks; \(work.activationPasses) passes over the float32 activations (1 statistics, 1 to make the 16-bit copy, \(work.freshProjections) fresh projections of which \(work.refreshes) refreshes); \(work.gramColumnsComputed) Gram columns computed, \(work.gramColumnsReused) reused; \(format(work.bytesStreamed / 1e9)) GB streamed = \(format(work.bytesStreamed / Double(k) / 1e9)) GB per step (a full pass: \(format(bytes / 1e9)) GB); float64 rescoring at \(incremental.float64ScoredCounts.filter { $0 > 0 }.count) of \(k) steps (\(incremental.float64ScoredCounts.reduce(0, +)) candidates); extra memory \(format(Double(work.fixedPointBytes) / 1e9)) GB (16-bit copy) + \(format(Double(work.gramCacheBytes) / 1e6)) MB (cached Gram columns)")
        let onePassAtBandwidth = Double(k) * bytes / (bandwidth * 1e9)
        print("one pass per step, 2 runs: mean \(format(fullPassMedian)) s (\(fullPassTimes.map { format($0) }.joined(separator: ", ")) s; \(fullPass.scoringWork.activationPasses) passes, float64 rescoring at \(fullPass.float64ScoredCounts.filter { $0 > 0 }.count) steps, \(fullPass.float64ScoredCounts.reduce(0, +)) candidates); at the reference bandwidth its k passes take \(format(onePassAtBandwidth)) s")
        print("incremental speed-up: \(format(fullPassMedian / median))x (means/medians), \(format(fullPassTimes.min()! / incrementalTimes.min()!))x (best against best), \(format(onePassAtBandwidth / median))x against k passes at the reference bandwidth; same selection: \(same ? "yes" : "NO"), sum loss \(format(incremental.sumLosses[0])) -> \(format(incremental.finalSumLoss))")
        precondition(same, "greedy benchmark: the incremental and the one-pass-per-step scorers selected different neurons")
    }

    /// Exact (one pass per step) against per-candidate forward passes on a smaller problem.
    static func compareWithForwardPasses() {
        let m = 5_000
        let n = 2_000
        let k = 20
        let small = randomInstance(m: m, n: n, seed: 2)
        let clock = ContinuousClock()
        do {
            let start = clock.now
            let exact = try GreedyForwardSelection(size: k).run(features: small.features, targets: small.targets)
            let exactSeconds = seconds(clock.now - start)
            let forwardStart = clock.now
            let forward = perCandidateForwardPasses(small.features, targets: small.targets, k: k)
            let forwardSeconds = seconds(clock.now - forwardStart)
            let same = forward == exact.picks
            print("exact vs per-candidate forward passes (N = \(n), m = \(m), k = \(k)): exact \(format(exactSeconds)) s, forward passes \(format(forwardSeconds)) s, speed-up \(format(forwardSeconds / exactSeconds))x, same selection: \(same ? "yes" : "NO")")
            precondition(same, "greedy benchmark: the exact method and the forward-pass method selected different neurons")
        } catch {
            print("exact run failed: \(error)")
        }
    }

    /// The reference method: at step j every candidate r's output (S + phi_r)/j is formed from
    /// its own activation column and its loss 1/2 ||(S + phi_r)/j - ybar||^2 summed in float64
    /// (O(m) per candidate, O(N m) per step); lowest index wins ties.
    static func perCandidateForwardPasses(_ f: NeuronFeatures, targets: Matrix<Float>, k: Int) -> [Int] {
        let m = f.sampleCount
        let n = f.neuronCount
        let s = Double(f.featureScale)
        let ybar = (0..<m).map { Double(targets.storage[$0]) - Double(f.outputBias[0]) }
        var sum = [Double](repeating: 0, count: m)
        var picks: [Int] = []
        f.activations.storage.withUnsafeBufferPointer { a in
            for j in 1...k {
                let jj = Double(j)
                var best = -1
                var bestLoss = Double.infinity
                for r in 0..<n {
                    let b = s * Double(f.outputWeights.storage[r])
                    var loss = 0.0
                    for i in 0..<m {
                        let d = (sum[i] + b * Double(a[i * n + r])) / jj - ybar[i]
                        loss += d * d
                    }
                    if loss < bestLoss { bestLoss = loss; best = r }
                }
                let b = s * Double(f.outputWeights.storage[best])
                for i in 0..<m { sum[i] += b * Double(a[i * n + best]) }
                picks.append(best)
            }
        }
        return picks
    }

    /// Nonnegative activations: 0 with probability 1/2, else uniform in (0, 1); output weights
    /// +-1; featureScale N (a standard layer, s = 1); targets uniform in [-1, 1]; no bias.
    static func randomInstance(m: Int, n: Int, seed: UInt64) -> (features: NeuronFeatures, targets: Matrix<Float>) {
        var storage = [Float](repeating: 0, count: m * n)
        let rows = m
        storage.withUnsafeMutableBufferPointer { buffer in
            let base = UncheckedPointer(buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                var state = SeededGenerator.derivedSeed(seed, stream: UInt64(part))
                let lower = part * rows / 2 * n
                let upper = (part + 1) * rows / 2 * n
                for index in lower..<upper {
                    let bits = SeededGenerator.splitMix64(&state)
                    base.pointer[index] = bits & 1 == 0 ? 0 : Float(bits >> 40) * 0x1p-24
                }
            }
        }
        var generator = SeededGenerator(seed: seed)
        let weights = (0..<n).map { _ in generator.nextSign() }
        let targets = (0..<m).map { _ in 2 * generator.nextUniformFloat() - 1 }
        let features = NeuronFeatures(activations: Matrix(rows: m, columns: n, storage: storage),
                                      outputWeights: Matrix(rows: n, columns: 1, storage: weights),
                                      featureScale: Float(n), outputBias: [0])
        return (features, Matrix(rows: m, columns: 1, storage: targets))
    }

    /// A raw pointer shared by the two workers of `concurrentPerform` (disjoint ranges).
    struct UncheckedPointer: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<Float>
        init(_ pointer: UnsafeMutablePointer<Float>) { self.pointer = pointer }
    }

    /// Seconds for a two-thread streaming sum over the buffer (16-wide SIMD accumulators).
    static func streamingSum(_ values: [Float]) -> Double {
        let clock = ContinuousClock()
        var total: Float = 0
        let start = clock.now
        values.withUnsafeBufferPointer { buffer in
            let base = UncheckedPointer(UnsafeMutablePointer(mutating: buffer.baseAddress!))
            let count = buffer.count
            let partials = PartialSums()
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                let lower = (part * count / 2) & ~63
                let upper = part == 1 ? count : ((count / 2) & ~63)
                let raw = UnsafeRawPointer(base.pointer)
                var accumulators = (SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>())
                var index = lower
                while index + 64 <= upper {
                    accumulators.0 += raw.loadUnaligned(fromByteOffset: index * 4, as: SIMD16<Float>.self)
                    accumulators.1 += raw.loadUnaligned(fromByteOffset: (index + 16) * 4, as: SIMD16<Float>.self)
                    accumulators.2 += raw.loadUnaligned(fromByteOffset: (index + 32) * 4, as: SIMD16<Float>.self)
                    accumulators.3 += raw.loadUnaligned(fromByteOffset: (index + 48) * 4, as: SIMD16<Float>.self)
                    index += 64
                }
                var sum = (accumulators.0 + accumulators.1 + accumulators.2 + accumulators.3).sum()
                while index < upper { sum += base.pointer[index]; index += 1 }
                partials.store(sum, at: part)
            }
            total = partials.values.reduce(0, +)
        }
        let elapsed = seconds(clock.now - start)
        precondition(total.isFinite, "streaming sum overflowed")
        return elapsed
    }

    /// Two result slots written by the two workers (each its own slot).
    final class PartialSums: @unchecked Sendable {
        var values: [Float] = [0, 0]
        func store(_ value: Float, at slot: Int) { values[slot] = value }
    }

    /// Seconds for one float32 sgemv A^T x over the whole m x N matrix (OpenBLAS threads).
    static func fullGemv(_ a: Matrix<Float>, count m: Int) -> Double {
        let x = [Float](repeating: 1, count: m)
        var y = [Float](repeating: 0, count: a.columns)
        let clock = ContinuousClock()
        let start = clock.now
        a.storage.withUnsafeBufferPointer { buffer in
            cblas_sgemv(CblasRowMajor, CblasTrans, Int32(a.rows), Int32(a.columns), 1, buffer.baseAddress!,
                        Int32(a.columns), x, 1, 0, &y, 1)
        }
        return seconds(clock.now - start)
    }

    /// The smallest of `count` timings.
    static func fastest(of count: Int, _ body: () -> Double) -> Double {
        (0..<count).map { _ in body() }.min() ?? .nan
    }

    static func zeroFraction(_ values: [Float]) -> Double {
        var zeros = 0
        let stride = 97
        var index = 0
        var seen = 0
        while index < values.count { if values[index] == 0 { zeros += 1 }; seen += 1; index += stride }
        return Double(zeros) / Double(seen)
    }

    static func seconds(_ duration: Duration) -> Double {
        duration.inSeconds
    }

    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        let scaled = (value * 1000).rounded() / 1000
        return "\(scaled)"
    }
}
