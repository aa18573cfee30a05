import COpenBLAS
import LinearAlgebra

extension TwoLayerNTK {
    /// The residual e = u - y on the rows of `x` (m x d), evaluated in float64 from the stored
    /// float32 weights and data:
    ///
    ///     e_i = N^(-1/2) sum_{r = 1..N} a_r max(w_r . x_i, 0) - y_i,
    ///
    /// pre-activations by one `dgemm` on float64 copies, the sum over r in index order. This is
    /// the evaluation the kernel-regime prediction compares with (so that an independent float64
    /// computation from the exported arrays agrees to ~1e-12, not to float32's ~1e-7); training
    /// itself evaluates u in float32 (`outputs(_:)`), which differs from this in the low bits.
    /// - Precondition: `targets` has one entry per row of `x`.
    public func float64Residual(on x: Matrix<Float>, targets: [Float]) -> [Double] {
        precondition(x.columns == dimension && targets.count == x.rows, "data and targets must match the network")
        let m = x.rows, n = width
        let z = Self.float64PreActivations(weights: weights, x: x)
        let scale = 1 / Double(n).squareRoot()
        var e = [Double](repeating: 0, count: m)
        for i in 0..<m {
            var total = 0.0
            for r in 0..<n { total += Double(outputSigns[r]) * max(z[i * n + r], 0) }
            e[i] = scale * total - Double(targets[i])
        }
        return e
    }

    /// z_ir = w_r . x_i for every row of `x` (m x d) and of `weights` (N x d), as an m x N
    /// row-major float64 array: one `dgemm` on float64 copies of the float32 arrays.
    public static func float64PreActivations(weights: Matrix<Float>, x: Matrix<Float>) -> [Double] {
        precondition(weights.columns == x.columns, "weights and data must have the same dimension")
        let m = x.rows, n = weights.rows, d = x.columns
        let xd = x.storage.map(Double.init)
        let wd = weights.storage.map(Double.init)
        var z = [Double](repeating: 0, count: m * n)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(d),
                    1, xd, Int32(d), wd, Int32(d), 0, &z, Int32(n))
        return z
    }
}
