import Bounds
import Engine
import Foundation
import LinearAlgebra

/// The kernel-regime prediction (issue 16 item 7) against the training run it predicts.
///
/// m = 8000 unit-norm points in R^16 (`TrainingBenchmark.randomData`, labels +-1). The prediction
/// is Hinf from ``InfiniteWidthGram/matrix(points:)`` (float64), then ``KernelPrediction`` (one
/// LAPACKE_dsyevd with eigenvectors, and c = V^T e(0)), then ||e_K(t)||^2 at 1000 steps. The run
/// it predicts is full-batch gradient descent of the NTK network on the same points at N = 4096
/// for T = 1000 steps (the width sweep's T); its time is measured as the difference between a run
/// of 25 and one of 5 iterations (fixed costs cancel), times T / 20, and printed beside the
/// prediction's time. Target: prediction < run.
enum KernelPredictionBenchmark {
    static func run(m: Int = 8000, width: Int = 4096, steps: Int = 1000) {
        let clock = ContinuousClock()
        let data = TrainingBenchmark.randomData(m: m, d: 16, classes: 2, seed: 16)
        let points = Matrix(rows: m, columns: 16, storage: data.x.storage.map(Double.init))

        let gramStart = clock.now
        let gram = InfiniteWidthGram.matrix(points: points)
        let gramSeconds = TrainingBenchmark.seconds(clock.now - gramStart)
        let e0 = data.targets.storage.map { -Double($0) }  // a priori e(0) = -y
        let eigenStart = clock.now
        let prediction: KernelPrediction
        do {
            prediction = try KernelPrediction(kernel: gram.storage, order: m, initialResidual: e0, eta: 1.0 / Double(m))
        } catch {
            print("kernel-prediction m=\(m): \(error)")
            return
        }
        let eigenSeconds = TrainingBenchmark.seconds(clock.now - eigenStart)
        let queryStart = clock.now
        var total = 0.0
        for t in stride(from: 0, through: steps, by: max(1, steps / 100)) { total += prediction.residualNorm2(at: Double(t)) ?? 0 }
        let querySeconds = TrainingBenchmark.seconds(clock.now - queryStart)

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
        let predictionSeconds = gramSeconds + eigenSeconds + querySeconds
        print("kernel-prediction m=\(m): Hinf \(format(gramSeconds)) s, dsyevd+projection \(format(eigenSeconds)) s, "
            + "101 predictions \(format(querySeconds)) s, total \(format(predictionSeconds)) s; "
            + "the run it predicts (NTK N=\(width), d=16, T=\(steps) full-batch steps) \(format(runSeconds)) s "
            + "(\(format(perStep * 1000)) ms/step); prediction/run = \(format(predictionSeconds / runSeconds)) "
            + "(target < 1; checksum \(format(total)))")
    }

    static func format(_ x: Double) -> String { String(format: "%.3g", x) }
}
