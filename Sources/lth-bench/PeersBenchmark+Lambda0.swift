import Bounds
import Foundation
import LinearAlgebra

extension PeersBenchmark {
    /// lambda_0 = lambda_min(Hinf), Hinf_ij = (x_i . x_j)(pi - arccos(x_i . x_j))/(2 pi)
    /// (THEORY.md section 1), for M points uniform on S^15 (d = 16; the points of
    /// `Lambda0Benchmark.spherePoints` with its seed 0x5EED0000 + M).
    ///
    /// File in `DIR/lambda0/`: `X.npy` (M x 16, float64), from which the scipy side builds the same
    /// Hinf. One repetition times `InfiniteWidthGram.matrix(points:)` (gram) and
    /// `Lambda0Certificate.compute(gram:entryError:)` (float32 Lanczos estimate + float64
    /// certificate); printed: the estimate and the certified lower bound.
    enum Lambda0 {
        static let dimension = 16

        static func run(options: Options) throws {
            let m = options.m
            let folder = try PeersBenchmark.folder(options)
            let points = Lambda0Benchmark.spherePoints(count: m, dimension: dimension, seed: 0x5EED_0000 &+ UInt64(m))
            try NPYFile.write(points.storage, shape: [m, dimension], to: folder.appendingPathComponent("X.npy"))
            let clock = ContinuousClock()
            for rep in 0..<options.reps {
                let start = clock.now
                let gram = InfiniteWidthGram.matrix(points: points)
                let gramSeconds = seconds(clock.now - start)
                let entryError = InfiniteWidthGram.entryErrorBound(dimension: dimension, maxNorm2: InfiniteWidthGram.maxNorm2(points: points))
                let certificate = try Lambda0Certificate.compute(gram: gram, entryError: entryError)
                let total = seconds(clock.now - start)
                emit(["workload": "lambda0", "rep": rep, "m": m, "total_s": total, "gram_s": gramSeconds,
                      "estimate_s": certificate.estimateSeconds, "certificate_s": certificate.certificateSeconds,
                      "estimate": certificate.estimate, "certified_lower": certificate.certifiedLowerBound,
                      "lanczos_iterations": certificate.lanczosIterations, "factorizations": certificate.factorizations])
            }
        }
    }
}
