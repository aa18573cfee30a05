import COpenBLAS
import LinearAlgebra

extension NeuronFeatures {
    /// G = A^T M (N x C, row-major, float64) for an m x C matrix M given in float32: one pass over
    /// the m x N float32 activation matrix A.
    ///
    /// The rows are cut into blocks of `blockRows`; each block's product is one float32 BLAS call
    /// (sgemv when C = 1, sgemm otherwise) and the block results are added in float64. Every
    /// entry of a block result is a float32 sum of at most `blockRows` products, so (for any
    /// summation order, with or without FMA)
    ///     |G_rc - (A^T M)_rc| <= gamma_n sum_i |a_ir| |M_ic|,  gamma_n = n u / (1 - n u),
    /// with n = blockRows and u = 2^-24, plus the float64 rounding of the block sums.
    /// `scratch` must hold N * C floats; `result` is overwritten.
    func activationProjection(_ residual: UnsafePointer<Float>, blockRows: Int,
                              scratch: UnsafeMutablePointer<Float>, result: UnsafeMutablePointer<Double>) {
        let m = sampleCount
        let n = neuronCount
        let c = outputCount
        result.update(repeating: 0, count: n * c)
        activations.storage.withUnsafeBufferPointer { a in
            guard let base = a.baseAddress else { return }
            var start = 0
            while start < m {
                let rows = min(blockRows, m - start)
                if c == 1 {
                    cblas_sgemv(CblasRowMajor, CblasTrans, Int32(rows), Int32(n), 1,
                                base + start * n, Int32(n), residual + start, 1, 0, scratch, 1)
                } else {
                    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(n), Int32(c), Int32(rows), 1,
                                base + start * n, Int32(n), residual + start * c, Int32(c), 0, scratch, Int32(c))
                }
                for index in 0..<(n * c) { result[index] += Double(scratch[index]) }
                start += rows
            }
        }
    }

    /// a_r: column r of the activations (m floats; a strided read of the row-major matrix, the
    /// rows split between workers when m is large).
    func activationColumn(_ r: Int) -> [Float] {
        let m = sampleCount
        let n = neuronCount
        var column = [Float](repeating: 0, count: m)
        let ranges = GreedyWorkers.ranges(count: m, parts: GreedyWorkers.count(forEntries: 16 * m), multiple: 1)
        activations.storage.withUnsafeBufferPointer { a in
            column.withUnsafeMutableBufferPointer { column in
                let shared = UncheckedBox((a, column))
                GreedyWorkers.run(parts: ranges.count) { part in
                    let (a, column) = shared.value
                    for i in ranges[part] { column[i] = a[i * n + r] }
                }
            }
        }
        return column
    }
}
