import Dispatch
import LinearAlgebra

extension PeersBenchmark {
    /// The machine's limits, measured in the same run as the workloads they are compared with:
    /// - sgemm: C = A B with 2048 x 2048 float32 matrices, 2 * 2048^3 FLOP, best of 5 after one
    ///   warm-up call (`TrainingBenchmark.sgemmThroughput`);
    /// - memory bandwidth: a two-thread streaming sum and one float32 sgemv over the same
    ///   16384 x 16384 float32 matrix (1 GiB, far larger than the caches), best of 3 each; the
    ///   larger of the two is the reference (`GreedyBenchmark.streamingSum`, `.fullGemv`).
    enum Limits {
        static func run() {
            let sgemm = TrainingBenchmark.sgemmThroughput(size: 2048)
            let side = 16384
            var storage = [Float](repeating: 0, count: side * side)
            for index in stride(from: 0, to: storage.count, by: 1) { storage[index] = Float(index & 1023) * 0x1p-10 }
            let matrix = Matrix(rows: side, columns: side, storage: storage)
            storage = []
            let bytes = Double(side * side * MemoryLayout<Float>.size)
            let stream = bytes / GreedyBenchmark.fastest(of: 3) { GreedyBenchmark.streamingSum(matrix.storage) }
            let gemv = bytes / GreedyBenchmark.fastest(of: 3) { GreedyBenchmark.fullGemv(matrix, count: side) }
            emit(["workload": "limits", "sgemm_gflops": sgemm / 1e9, "stream_gbs": stream / 1e9, "sgemv_gbs": gemv / 1e9,
                  "bandwidth_gbs": max(stream, gemv) / 1e9, "blas_core": BLASRuntime.coreName, "blas_threads": BLASRuntime.threadCount])
        }
    }
}
