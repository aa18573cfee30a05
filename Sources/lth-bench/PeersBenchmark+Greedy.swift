import Engine
import Foundation
import LinearAlgebra

extension PeersBenchmark {
    /// Exact greedy forward selection (THEORY.md section 3, variant `analyzed`: with replacement,
    /// all N neurons scored on all m samples, ties to the lowest index) to k = K on the instance of
    /// `GreedyBenchmark.randomInstance(m: 60000, n: 10000, seed: 1)`: activations A (m x N
    /// float32, about half zeros, the rest uniform in (0, 1)), output weights b_r = +-1, feature
    /// scale s = N (phi_r = s b_r A[:, r]), targets y uniform in [-1, 1], no bias.
    ///
    /// Files in `DIR/greedy/`: `A.npy` (m x N float32, 2.4 GB; rewritten only when missing or of
    /// another size), `b.npy` (N), `y.npy` (m), `config.json` (m, N, k, feature scale).
    /// One repetition times `GreedyForwardSelection.run` end to end (set-up, including its
    /// ||a_r||^2 pass, and the K steps). Also printed: the bandwidth of one float32 sgemv over
    /// the same matrix (best of 3), the reference for bytes streamed per step.
    enum Greedy {
        static let samples = 60_000
        static let neurons = 10_000

        static func run(options: Options) throws {
            let m = samples, n = neurons
            let folder = try PeersBenchmark.folder(options)
            let instance = GreedyBenchmark.randomInstance(m: m, n: n, seed: 1)
            let activations = instance.features.activations
            let file = folder.appendingPathComponent("A.npy")
            let expectedSize = NPYFile.fileSize(count: m * n, elementSize: 4, shape: [m, n], descr: "<f4")
            let existing = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? nil
            if existing != expectedSize {
                try NPYFile.write(activations.storage, shape: [m, n], to: file)
            }
            try NPYFile.write(instance.features.outputWeights.storage, shape: [n], to: folder.appendingPathComponent("b.npy"))
            try NPYFile.write(instance.targets.storage, shape: [m], to: folder.appendingPathComponent("y.npy"))
            try writeJSON(["samples": m, "neurons": n, "k": options.k, "feature_scale": Double(instance.features.featureScale),
                           "output_bias": 0.0], to: folder.appendingPathComponent("config.json"))

            let bytes = Double(m * n * MemoryLayout<Float>.size)
            let gemvRate = bytes / GreedyBenchmark.fastest(of: 3) { GreedyBenchmark.fullGemv(activations, count: m) }
            let clock = ContinuousClock()
            for rep in 0..<options.reps {
                let start = clock.now
                let selection = try GreedyForwardSelection(size: options.k).run(features: instance.features, targets: instance.targets)
                let total = seconds(clock.now - start)
                emit(["workload": "greedy", "method": "toolkit exact", "rep": rep, "k": options.k, "total_s": total,
                      "setup_s": selection.setupSeconds, "step_median_s": median(selection.stepSeconds),
                      "picks": selection.picks, "final_sum_loss": selection.finalSumLoss,
                      "float64_rescored_steps": selection.float64ScoredCounts.filter { $0 > 0 }.count,
                      "float64_rescored_candidates": selection.float64ScoredCounts.reduce(0, +),
                      "bytes_per_step": bytes, "sgemv_gbs": gemvRate / 1e9])
            }
        }
    }
}
