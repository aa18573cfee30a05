import COpenBLAS
import LinearAlgebra

/// The finite-width Gram matrix of THEORY.md section 1 and its smallest eigenvalue:
///
///     H(t)_ij = (x_i . x_j)/N * #{r : w_r(t).x_i >= 0 and w_r(t).x_j >= 0}
///
/// computed as H = (X X^T) o (S S^T) / N, where S is the m x N 0/1 activation pattern
/// S_ir = 1{w_r . x_i >= 0} (same convention as the training gradient). S S^T is one sgemm
/// (its entries are integer counts <= N < 2^24, exact in float32); X X^T is one dgemm on the
/// float64 copy of X; the Hadamard product and the division are done in float64.
public enum FiniteWidthGram {
    /// H(t) (m x m, row-major = column-major since it is symmetric) for hidden weights
    /// `weights` (N x d) on the rows of `x` (m x d).
    public static func matrix(weights: Matrix<Float>, x: Matrix<Float>) -> [Double] {
        precondition(weights.columns == x.columns, "weights and data must have the same dimension")
        let m = x.rows, n = weights.rows, d = x.columns
        let z = DenseKernels.preActivations(x, weights, bias: nil)
        var pattern = [Float](repeating: 0, count: m * n)
        for k in 0..<(m * n) { pattern[k] = z.storage[k] >= 0 ? 1 : 0 }
        var counts = [Float](repeating: 0, count: m * m)
        pattern.withUnsafeBufferPointer { s in
            counts.withUnsafeMutableBufferPointer { c in
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(m), Int32(n),
                            1, s.baseAddress, Int32(n), s.baseAddress, Int32(n), 0, c.baseAddress, Int32(m))
            }
        }
        let xd = x.storage.map(Double.init)
        var gram = [Double](repeating: 0, count: m * m)
        xd.withUnsafeBufferPointer { xp in
            gram.withUnsafeMutableBufferPointer { g in
                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(m), Int32(d),
                            1, xp.baseAddress, Int32(d), xp.baseAddress, Int32(d), 0, g.baseAddress, Int32(m))
            }
        }
        let inverseN = 1 / Double(n)
        for k in 0..<(m * m) { gram[k] *= Double(counts[k]) * inverseN }
        return gram
    }

    /// lambda_min(H(t)) by LAPACKE_dsyevr (jobz 'N', range 'I', il = iu = 1, lower triangle,
    /// column-major).
    public static func smallestEigenvalue(weights: Matrix<Float>, x: Matrix<Float>) throws -> Double {
        var h = matrix(weights: weights, x: x)
        return try smallestEigenvalue(symmetric: &h, order: x.rows)
    }

    /// The smallest eigenvalue of a symmetric n x n matrix (overwritten) by LAPACKE_dsyevr.
    public static func smallestEigenvalue(symmetric a: inout [Double], order n: Int) throws -> Double {
        precondition(a.count == n * n && n > 0)
        var found: Int32 = 0
        var w = [Double](repeating: 0, count: n)
        var zDummy = [Double](repeating: 0, count: 1)
        var support = [Int32](repeating: 0, count: 2)
        let info = LAPACKE_dsyevr(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "I")), Int8(UInt8(ascii: "L")),
                                  Int32(n), &a, Int32(n), 0, 0, 1, 1, 0, &found, &w, &zDummy, 1, &support)
        guard info == 0, found >= 1 else {
            throw TrainingError.invalidArgument("LAPACKE_dsyevr failed on the \(n) x \(n) Gram matrix (info \(info))")
        }
        return w[0]
    }
}
