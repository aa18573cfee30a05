import CKernels
import COpenBLAS
import Engine
import Foundation
import LinearAlgebra

/// Benchmark of the training inner loop, plain lines:
/// 1. this machine's sgemm throughput in the same run: C = A B with 2048 x 2048 float32
///    matrices (2 * 2048^3 FLOP), best of 5, measured before and after the workloads, the larger
///    being the reference; the 1-minute load average is printed first (other processes make
///    every number below slower);
/// 2. one SGD step of the standard two-layer network (N = 4096, d = 784, batch B = 256,
///    C = 10, softmax cross-entropy, mean): FLOP = 4 B N d + 6 B N C (forward Z = X W^T and
///    U = H B^T; backward dH = G B, dB = G^T H, dW = G_Z^T X); printed as time per step and as
///    the fraction of the measured sgemm throughput the step reaches (target >= 80%), plain and
///    with momentum 0.9. The step runs on the fused kernels of `CKernels/include/mlp_step.h`
///    (`TwoLayerMLPKernel`: W kept in 32-neuron panels, Z in panels, H never stored, the output
///    layer's three products and the masking in one pass per panel);
/// 3. one full-batch GD step of the NTK network (m = 2000, d = 64, N = 4096, squared loss):
///    FLOP = 4 m N d (forward Z = X W^T, update W -= eta G^T X); target 160 GFLOP/s (2x the
///    80 GFLOP/s PyTorch eager reaches on this machine type, issue 8). The step runs on the
///    fused kernels of `CKernels/include/ntk_step.h` (no sgemm, Z never stored), whose build
///    (avx512, avx2, generic) is printed;
/// 4. the same step at a small size (m = 400, d = 16, N = 512), where fixed costs dominate:
///    target 0.12 ms per step (5x PyTorch eager's 0.6 ms, issue 8).
/// Each workload also prints, per round, its median step against an sgemm 2048^3 measured in
/// the same round (best of 3): this machine's other tenants change both by up to 2x from one
/// minute to the next, and the before/after reference can miss a slow stretch in between.
/// Step times are the median of the intervals between consecutive `Trainer` step callbacks
/// (each interval holds exactly one step: batch gather, forward, backward, update, the
/// trainer's own bookkeeping). Where the time goes: the same run also times the step's matrix
/// products alone (the exact `ThreadInvariantGEMM` calls the step makes, same shapes, same
/// threads, on buffers of the same sizes), interleaved with the steps in rounds so that both see
/// the same load; the rest of the step is its element-wise passes (bias and ReLU, softmax,
/// masks, column sums) and the trainer's per-step overhead. The fused steps (all four) make no
/// sgemm call: the same products as sgemm calls are the unfused formulation's floor (the
/// products alone, before any element-wise pass), printed as a comparison.
enum TrainingBenchmark {
    /// One matrix product of a step: C <- alpha op(A) op(B) + beta C (row-major).
    struct Product {
        let transA: Bool, transB: Bool
        let m: Int, n: Int, k: Int
        let alpha: Float, beta: Float
    }

    /// A training workload: configuration, data, FLOP per step, and the products one step makes.
    struct Workload {
        let name: String
        let configuration: TrainingConfiguration
        let data: Dataset
        let flops: Double
        let products: [Product]
        let target: String
        /// The step runs on fused kernels (no sgemm): the products are a comparison.
        var isFused = false
    }

    static func run() {
        var load = [0.0, 0.0, 0.0]
        _ = getloadavg(&load, 3)
        print("training: OpenBLAS core \(BLASRuntime.coreName), \(BLASRuntime.threadCount) threads, products in \(ThreadInvariantGEMM.tileRows) x \(ThreadInvariantGEMM.tileColumns) tiles; load average \(format(load[0])) (1 min) on \(ProcessInfo.processInfo.activeProcessorCount) processors")
        // The sgemm reference is measured before and after the workloads and the larger taken:
        // on a shared machine one measurement can fall into a busy spell and make every fraction
        // below look better than it is.
        let before = sgemmThroughput(size: 2048)
        let probe = SgemmProbe(size: 2048)
        let timings = workloads().map { ($0, measure($0, probe: probe)) }
        let after = sgemmThroughput(size: 2048)
        let peak = max(before, after)
        print("training: sgemm 2048^3: \(format(before / 1e9)) GFLOP/s before the workloads, \(format(after / 1e9)) after (best of 5 each); reference \(format(peak / 1e9)) GFLOP/s")
        for (workload, timing) in timings {
            guard let timing else { continue }
            report(workload, timing, peak: peak)
        }
    }

    static func workloads() -> [Workload] {
        let (n, d, b, c) = (4096, 784, 256, 10)
        let mlpData = randomData(m: 8 * b, d: d, classes: c, seed: 1)
        let mlpConfig = TrainingConfiguration(model: .mlp, hiddenWidths: [n], length: .iterations(21), learningRate: 0.01,
                                              batchSize: b, loss: Loss(kind: .crossEntropy, reduction: .mean), seed: 1)
        let eta: Float = 0.01
        let mlpProducts = [
            Product(transA: false, transB: true, m: b, n: n, k: d, alpha: 1, beta: 0),       // Z = X W^T
            Product(transA: false, transB: true, m: b, n: c, k: n, alpha: 1, beta: 0),       // U = H B^T
            Product(transA: false, transB: false, m: b, n: n, k: c, alpha: 1, beta: 0),      // dH = G B
            Product(transA: true, transB: false, m: c, n: n, k: b, alpha: -eta, beta: 1),    // B -= eta G^T H
            Product(transA: true, transB: false, m: n, n: d, k: b, alpha: -eta, beta: 1),    // W -= eta G_Z^T X
        ]
        var momentumConfig = mlpConfig
        momentumConfig.momentum = 0.9
        let momentumProducts = mlpProducts.map { p in
            p.alpha == 1 ? p : Product(transA: p.transA, transB: p.transB, m: p.m, n: p.n, k: p.k, alpha: 1, beta: 0.9)
        }
        let mlpFlops = Double(4 * b * n * d + 6 * b * n * c)
        let mlpTarget = "target >= 80% of sgemm, and >= 250 GFLOP/s (PyTorch eager, issue 8)"

        let (m, dn, nn) = (2000, 64, 4096)
        let ntkConfig = TrainingConfiguration(model: .ntk, hiddenWidths: [nn], length: .iterations(21), learningRate: 1e-3, seed: 2)
        let ntkProducts = [
            Product(transA: false, transB: true, m: m, n: nn, k: dn, alpha: 1, beta: 0),     // Z = X W^T
            Product(transA: true, transB: false, m: nn, n: dn, k: m, alpha: -1e-3, beta: 1), // W -= eta G^T X
        ]
        let (ms, ds, ns) = (400, 16, 512)
        let smallConfig = TrainingConfiguration(model: .ntk, hiddenWidths: [ns], length: .iterations(401), learningRate: 1e-3, seed: 3)
        let smallProducts = [
            Product(transA: false, transB: true, m: ms, n: ns, k: ds, alpha: 1, beta: 0),
            Product(transA: true, transB: false, m: ns, n: ds, k: ms, alpha: -1e-3, beta: 1),
        ]
        return [
            Workload(name: "mlp step (N = \(n), d = \(d), B = \(b), C = \(c), cross-entropy, SGD)", configuration: mlpConfig,
                     data: mlpData, flops: mlpFlops, products: mlpProducts, target: mlpTarget, isFused: true),
            Workload(name: "mlp step, momentum 0.9 (velocities updated in the same kernels)", configuration: momentumConfig,
                     data: mlpData, flops: mlpFlops, products: momentumProducts, target: mlpTarget, isFused: true),
            Workload(name: "ntk full-batch GD step (m = \(m), d = \(dn), N = \(nn), squared loss)", configuration: ntkConfig,
                     data: randomData(m: m, d: dn, classes: 2, seed: 2), flops: Double(4 * m * nn * dn), products: ntkProducts,
                     target: "target >= 160 GFLOP/s, 2x PyTorch eager's 80 (issue 8)", isFused: true),
            Workload(name: "ntk small full-batch GD step (m = \(ms), d = \(ds), N = \(ns), squared loss)", configuration: smallConfig,
                     data: randomData(m: ms, d: ds, classes: 2, seed: 3), flops: Double(4 * ms * ns * ds), products: smallProducts,
                     target: "target <= 0.12 ms/step, 5x PyTorch eager's 0.6 ms (issue 8)", isFused: true),
        ]
    }

    /// Step times of a workload: median and best step, median of the products alone, and per
    /// round the median step and the sgemm 2048^3 throughput measured in that round.
    struct Timing {
        let median: Double
        let best: Double
        let products: Double
        let roundSteps: [Double]
        let roundSgemm: [Double]
    }

    /// Three rounds of (one training run, then as many repetitions of the step's products alone,
    /// then sgemm 2048^3, best of 3); medians over all rounds, and each round's median step
    /// with its sgemm, so that a step can be set against the throughput of the same minutes
    /// (other tenants of this machine change both by up to 2x from one minute to the next).
    /// Nil (with a printed line) when the run fails.
    static func measure(_ workload: Workload, probe: SgemmProbe) -> Timing? {
        let clock = ContinuousClock()
        let steps = workload.configuration.length.iterations(perEpoch: 1)
        var stamps: [ContinuousClock.Instant] = []
        stamps.reserveCapacity(steps + 1)
        var intervals: [Double] = []
        var productTimes: [Double] = []
        var roundSteps: [Double] = []
        var roundSgemm: [Double] = []
        let buffers = workload.products.map(ProductBuffers.init)
        defer { buffers.forEach { $0.deallocate() } }
        for _ in 0..<3 {
            stamps.removeAll(keepingCapacity: true)
            do {
                try Trainer(configuration: workload.configuration, trainingSet: workload.data)
                    .run(onStep: { _ in stamps.append(clock.now) }, onCheckpoint: { _ in })
            } catch {
                print("\(workload.name): failed: \(error)")
                return nil
            }
            let round = zip(stamps, stamps.dropFirst()).map { seconds($1 - $0) }.sorted()
            intervals += round
            roundSteps.append(round[round.count / 2])
            for _ in 0..<(steps - 1) {
                let start = clock.now
                for (product, buffer) in zip(workload.products, buffers) { buffer.multiply(product) }
                productTimes.append(seconds(clock.now - start))
            }
            roundSgemm.append(probe.throughput(trials: 3))
        }
        intervals.sort()
        productTimes.sort()
        return Timing(median: intervals[intervals.count / 2], best: intervals[0], products: productTimes[productTimes.count / 2],
                      roundSteps: roundSteps, roundSgemm: roundSgemm)
    }

    /// Prints a workload's lines against the sgemm reference `peak` (FLOP/s).
    static func report(_ workload: Workload, _ timing: Timing, peak: Double) {
        let (median, best, products) = (timing.median, timing.best, timing.products)
        let flops = workload.flops
        print("\(workload.name): median \(format(median * 1e3, digits: 3)) ms/step (best \(format(best * 1e3, digits: 3)) ms), \(format(flops / 1e9)) GFLOP/step = \(format(flops / median / 1e9)) GFLOP/s = \(format(100 * flops / median / peak))% of sgemm (best \(format(100 * flops / best / peak))%); \(workload.target)")
        let matched = zip(timing.roundSteps, timing.roundSgemm).map { flops / $0 / $1 }
        print("  per round against the sgemm 2048^3 of the same round: " + zip(matched, timing.roundSgemm).map { "\(format(100 * $0))% of \(format($1 / 1e9))" }.joined(separator: ", ")
              + " GFLOP/s; median \(format(100 * matched.sorted()[matched.count / 2]))%")
        if workload.isFused {
            print("  fused kernels (\(String(cString: lth_isa_name(lth_isa_active()))) build), no sgemm: the same \(workload.products.count == 2 ? "two" : "\(workload.products.count)") products as sgemm calls alone take \(format(products * 1e3, digits: 3)) ms (\(format(flops / products / 1e9)) GFLOP/s), the fused step is \(format(products / median))x that")
            return
        }
        print("  where the time goes: products alone \(format(products * 1e3, digits: 3)) ms (\(format(flops / products / 1e9)) GFLOP/s = \(format(100 * flops / products / peak))% of sgemm), the rest (element-wise passes and per-step overhead) \(format((median - products) * 1e3, digits: 3)) ms = \(format(100 * (median - products) / median))% of the step")
    }

    /// Random operands of one product (A, B, C of the product's shapes).
    final class ProductBuffers {
        let a: UnsafeMutablePointer<Float>, b: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>
        init(_ p: Product) {
            var g = SeededGenerator(seed: UInt64(p.m * 31 + p.n * 7 + p.k))
            a = .allocate(capacity: p.m * p.k)
            b = .allocate(capacity: p.k * p.n)
            c = .allocate(capacity: p.m * p.n)
            for i in 0..<(p.m * p.k) { a[i] = g.nextUniformFloat() - 0.5 }
            for i in 0..<(p.k * p.n) { b[i] = g.nextUniformFloat() - 0.5 }
            c.initialize(repeating: 0, count: p.m * p.n)
        }
        func multiply(_ p: Product) {
            ThreadInvariantGEMM.sgemm(transA: p.transA, transB: p.transB, m: p.m, n: p.n, k: p.k, alpha: p.alpha,
                                      a: a, lda: p.transA ? p.m : p.k, b: b, ldb: p.transB ? p.k : p.n,
                                      beta: p.beta, c: c, ldc: p.n)
        }
        func deallocate() {
            a.deallocate()
            b.deallocate()
            c.deallocate()
        }
    }

    /// Best-of-5 GFLOP/s of a size^3 sgemm (after one warm-up call).
    static func sgemmThroughput(size s: Int) -> Double {
        SgemmProbe(size: s).throughput(trials: 5)
    }

    /// C = A B with random size x size float32 matrices, made once.
    final class SgemmProbe {
        let size: Int
        let a: [Float], b: [Float]
        var c: [Float]

        init(size s: Int) {
            size = s
            var g = SeededGenerator(seed: 3)
            a = (0..<(s * s)).map { _ in g.nextUniformFloat() - 0.5 }
            b = (0..<(s * s)).map { _ in g.nextUniformFloat() - 0.5 }
            c = [Float](repeating: 0, count: s * s)
        }

        /// FLOP/s of the best of `trials` products (after one warm-up product).
        func throughput(trials: Int) -> Double {
            let clock = ContinuousClock()
            var best = Double.infinity
            for trial in 0...trials {
                let start = clock.now
                // The engine's sgemm: OpenBLAS runs single-threaded (thread-invariant results) in
                // fixed output tiles shared over the engine's threads, so this is the machine's
                // sgemm as the toolkit can use it.
                a.withUnsafeBufferPointer { pa in
                    b.withUnsafeBufferPointer { pb in
                        c.withUnsafeMutableBufferPointer { pc in
                            ThreadInvariantGEMM.sgemm(transA: false, transB: false, m: size, n: size, k: size, alpha: 1,
                                                      a: pa.baseAddress!, lda: size, b: pb.baseAddress!, ldb: size,
                                                      beta: 0, c: pc.baseAddress!, ldc: size)
                        }
                    }
                }
                if trial > 0 { best = min(best, seconds(clock.now - start)) }
            }
            return 2 * Double(size) * Double(size) * Double(size) / best
        }
    }

    static func randomData(m: Int, d: Int, classes c: Int, seed: UInt64) -> Dataset {
        var g = SeededGenerator(seed: seed)
        var x = [Float](repeating: 0, count: m * d)
        for i in 0..<m {
            var norm: Float = 0
            for j in 0..<d { let v = g.nextGaussianFloat(); x[i * d + j] = v; norm += v * v }
            for j in 0..<d { x[i * d + j] /= norm.squareRoot() }
        }
        let labels = (0..<m).map { _ in g.nextIndex(below: c) }
        let targets: Matrix<Float>
        if c == 2 {
            targets = Matrix(rows: m, columns: 1, storage: labels.map { $0 == 0 ? 1 : -1 })
        } else {
            var y = [Float](repeating: 0, count: m * c)
            for i in 0..<m { y[i * c + labels[i]] = 1 }
            targets = Matrix(rows: m, columns: c, storage: y)
        }
        return Dataset(x: Matrix(rows: m, columns: d, storage: x), targets: targets, classLabels: labels, classCount: c,
                       description: "random unit-norm benchmark data m=\(m) d=\(d) C=\(c)", isUnitNorm: true)
    }

    static func seconds(_ duration: Duration) -> Double {
        duration.inSeconds
    }

    static func format(_ x: Double) -> String { String(format: "%.2f", x) }

    static func format(_ x: Double, digits: Int) -> String { String(format: "%.\(digits)f", x) }
}
