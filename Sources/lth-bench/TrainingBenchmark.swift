import COpenBLAS
import Engine
import Foundation
import LinearAlgebra

/// Benchmark of the training inner loop, plain lines:
/// 1. this machine's sgemm throughput in the same run: C = A B with 2048 x 2048 float32
///    matrices (2 * 2048^3 FLOP), best of 5;
/// 2. one SGD step of the standard two-layer network (N = 4096, d = 784, batch B = 256,
///    C = 10, softmax cross-entropy, mean): FLOP = 4 B N d + 6 B N C (forward Z = X W^T and
///    U = H B^T; backward dH = G B, dB = G^T H, dW = G_Z^T X); printed as time per step and as
///    the fraction of the measured sgemm throughput the step reaches (target >= 80%);
/// 3. one full-batch GD step of the NTK network (m = 2000, d = 64, N = 4096, squared loss):
///    FLOP = 4 m N d (forward Z = X W^T, update W -= eta G^T X).
/// Step times are the median of the intervals between consecutive `Trainer` step callbacks
/// (each interval holds exactly one step: batch gather, forward, backward, update).
enum TrainingBenchmark {
    static func run() {
        print("training: OpenBLAS core \(BLASRuntime.coreName), \(BLASRuntime.threadCount) threads")
        let peak = sgemmThroughput(size: 2048)
        print("training: sgemm 2048^3: \(format(peak / 1e9)) GFLOP/s (best of 5)")

        let (n, d, b, c) = (4096, 784, 256, 10)
        let mlpData = randomData(m: 8 * b, d: d, classes: c, seed: 1)
        let mlpConfig = TrainingConfiguration(model: .mlp, hiddenWidths: [n], length: .iterations(41), learningRate: 0.01,
                                              batchSize: b, loss: Loss(kind: .crossEntropy, reduction: .mean), seed: 1)
        let mlpFlops = Double(4 * b * n * d + 6 * b * n * c)
        report(name: "mlp step (N = \(n), d = \(d), B = \(b), C = \(c), cross-entropy, SGD)", config: mlpConfig, data: mlpData,
               flops: mlpFlops, peak: peak)
        var momentumConfig = mlpConfig
        momentumConfig.momentum = 0.9
        report(name: "mlp step, momentum 0.9 (one extra pass over W)", config: momentumConfig, data: mlpData, flops: mlpFlops, peak: peak)

        let (m, dn, nn) = (2000, 64, 4096)
        let ntkData = randomData(m: m, d: dn, classes: 2, seed: 2)
        let ntkConfig = TrainingConfiguration(model: .ntk, hiddenWidths: [nn], length: .iterations(41), learningRate: 1e-3, seed: 2)
        report(name: "ntk full-batch GD step (m = \(m), d = \(dn), N = \(nn), squared loss)", config: ntkConfig, data: ntkData,
               flops: Double(4 * m * nn * dn), peak: peak)
    }

    static func report(name: String, config: TrainingConfiguration, data: Dataset, flops: Double, peak: Double) {
        let clock = ContinuousClock()
        var stamps: [ContinuousClock.Instant] = []
        stamps.reserveCapacity(64)
        do {
            try Trainer(configuration: config, trainingSet: data).run(onStep: { _ in stamps.append(clock.now) }, onCheckpoint: { _ in })
        } catch {
            print("\(name): failed: \(error)")
            return
        }
        let intervals = zip(stamps, stamps.dropFirst()).map { seconds($1 - $0) }.sorted()
        let median = intervals[intervals.count / 2]
        let best = intervals[0]
        print("\(name): median \(format(median * 1e3)) ms/step (best \(format(best * 1e3)) ms), \(format(flops / 1e9)) GFLOP/step = \(format(flops / median / 1e9)) GFLOP/s = \(format(100 * flops / median / peak))% of sgemm (best \(format(100 * flops / best / peak))%; target >= 80%)")
    }

    /// Best-of-5 GFLOP/s of a size^3 sgemm (after one warm-up call).
    static func sgemmThroughput(size s: Int) -> Double {
        var g = SeededGenerator(seed: 3)
        let a = (0..<(s * s)).map { _ in g.nextUniformFloat() - 0.5 }
        let bm = (0..<(s * s)).map { _ in g.nextUniformFloat() - 0.5 }
        var cm = [Float](repeating: 0, count: s * s)
        let clock = ContinuousClock()
        var best = Double.infinity
        for trial in 0..<6 {
            let start = clock.now
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(s), Int32(s), Int32(s), 1, a, Int32(s), bm, Int32(s), 0, &cm, Int32(s))
            if trial > 0 { best = min(best, seconds(clock.now - start)) }
        }
        return 2 * Double(s) * Double(s) * Double(s) / best
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
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    static func format(_ x: Double) -> String { String(format: "%.2f", x) }
}
