import Bounds
import Engine
import Foundation
import LinearAlgebra

/// The kernel-regime prediction (issue 16 item 7) against the training run it predicts.
///
/// m = 8000 unit-norm points in R^16 (`TrainingBenchmark.randomData`, labels +-1), eta = 1/m on
/// the sum loss, a priori e(0) = -y, 101 checkpoints t = 0, 10, ..., 1000. Both routes of
/// ``KernelTrajectory`` are timed after the same Hinf (``InfiniteWidthGram/matrix(points:)``,
/// float64):
/// - Chebyshev: the certified interval, the coefficients, d `dgemv`s with H and the 101 vectors
///   e_K(t) with their norms (``KernelChebyshevPrediction``, tolerance 1e-12 ||e(0)||);
/// - eigendecomposition: one LAPACKE_dsyevd with eigenvectors, c = V^T e(0), and the 101 norms
///   (``KernelPrediction``), also the reference: the largest relative difference of ||e_K(t)||^2
///   between the routes is printed.
/// The run it predicts is full-batch gradient descent of the NTK network on the same points at
/// N = 4096 for T = 1000 steps (the width sweep's T), lr = eta on the sum loss; its time is the
/// difference between a run of 25 and one of 5 iterations (fixed costs cancel), times T / 20.
/// Target: prediction (Chebyshev route, Hinf included) < run.
enum KernelPredictionBenchmark {
    static func run(m: Int = 8000, width: Int = 4096, steps: Int = 1000) {
        let clock = ContinuousClock()
        let data = TrainingBenchmark.randomData(m: m, d: 16, classes: 2, seed: 16)
        let points = Matrix(rows: m, columns: 16, storage: data.x.storage.map(Double.init))

        let gramStart = clock.now
        let gram = InfiniteWidthGram.matrix(points: points)
        let gramSeconds = TrainingBenchmark.seconds(clock.now - gramStart)
        let e0 = data.targets.storage.map { -Double($0) }  // a priori e(0) = -y
        let eta = 1.0 / Double(m)
        let checkpoints = Array(stride(from: 0, through: steps, by: max(1, steps / 100)))

        let chebyshevStart = clock.now
        let expansion: KernelChebyshevPrediction?
        do {
            expansion = try KernelChebyshevPrediction(kernel: gram.storage, order: m, initialResidual: e0, eta: eta,
                                                      steps: checkpoints, maximumDegree: m / 4)
        } catch {
            print("kernel-prediction m=\(m): \(error)")
            return
        }
        let chebyshevNorms = checkpoints.map { t in expansion?.residual(at: t).map { $0.reduce(0) { $0 + $1 * $1 } } ?? .nan }
        let chebyshevSeconds = TrainingBenchmark.seconds(clock.now - chebyshevStart)

        let eigenStart = clock.now
        let prediction: KernelPrediction
        do {
            prediction = try KernelPrediction(kernel: gram.storage, order: m, initialResidual: e0, eta: eta)
        } catch {
            print("kernel-prediction m=\(m): \(error)")
            return
        }
        let spectralNorms = checkpoints.map { prediction.residualNorm2(at: Double($0)) ?? .nan }
        let eigenSeconds = TrainingBenchmark.seconds(clock.now - eigenStart)
        let difference = zip(chebyshevNorms, spectralNorms).map { abs($0 - $1) / $1 }.max() ?? .nan

        func trainSeconds(_ iterations: Int) -> Double {
            let configuration = TrainingConfiguration(model: .ntk, hiddenWidths: [width], length: .iterations(iterations),
                                                      learningRate: 1.0 / Double(m), seed: 4)
            let start = clock.now
            do {
                _ = try Trainer(configuration: configuration, trainingSet: data).train()
            } catch {
                print("kernel-prediction training: \(error)")
                return .nan
            }
            return TrainingBenchmark.seconds(clock.now - start)
        }
        let perStep = (trainSeconds(25) - trainSeconds(5)) / 20
        let runSeconds = perStep * Double(steps)
        let chebyshevTotal = gramSeconds + chebyshevSeconds
        let eigenTotal = gramSeconds + eigenSeconds
        let route = expansion.map { "degree \($0.degree) on eta [a, b] = [\(format(eta * $0.interval.lower)), \(format(eta * $0.interval.upper))], "
            + "certified truncation <= \(format($0.largestTruncationBound)) ||e(0)||" } ?? "refused (eta b >= 2 or degree > m/4)"
        print("kernel-prediction m=\(m), \(checkpoints.count) checkpoints to T=\(steps): Hinf \(format(gramSeconds)) s; "
            + "Chebyshev route \(format(chebyshevSeconds)) s (\(route)), total \(format(chebyshevTotal)) s; "
            + "dsyevd route (eigenvectors, projection, norms) \(format(eigenSeconds)) s, total \(format(eigenTotal)) s; "
            + "max relative difference of ||e_K(t)||^2 between the routes \(format(difference)); "
            + "the run it predicts (NTK N=\(width), d=16, T=\(steps) full-batch steps) \(format(runSeconds)) s "
            + "(\(format(perStep * 1000)) ms/step); prediction/run = \(format(chebyshevTotal / runSeconds)) Chebyshev, "
            + "\(format(eigenTotal / runSeconds)) dsyevd (target < 1)")
    }

    static func format(_ x: Double) -> String { String(format: "%.3g", x) }
}
