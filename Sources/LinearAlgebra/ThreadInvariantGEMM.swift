import COpenBLAS

/// `cblas_sgemm` made independent of the number of OpenBLAS threads: C <- alpha op(A) op(B) + beta C
/// (row-major; op(A) is m x k, op(B) is k x n, C is m x n), every element of C summed in an order
/// that depends on the shape only.
///
/// Why: OpenBLAS splits the output between threads, which leaves each element's sum unchanged,
/// but it sums a product with inner dimension k > Q (`BLASRuntime.sgemmBlocking`) in k-blocks,
/// and the last two blocks differ between its single-threaded driver (r/2 rounded up to the
/// register tile U) and its threaded one (ceil(r/2)) for a rest Q < r < 2Q: one thread and two
/// threads then give different bits (OpenBLAS 0.3.21, SkylakeX: k = 784 is cut 400 + 384 on one
/// thread and 392 + 392 on two).
///
/// How: a product whose blocks the two drivers would cut differently is issued as consecutive
/// calls over the threaded driver's k-blocks (a block of Q while at least 2Q terms remain, then
/// ceil(r/2) and the rest), the first with the given beta and the others with beta = 1. No call
/// has more than Q terms, so no driver cuts again, and the sums are those of the threaded
/// driver: one call on two or more threads gives the same bits, and now so does one thread.
/// Every other product is one call: k <= Q, both drivers agreeing on the blocks, at most 2^18
/// multiply-adds (OpenBLAS always runs these on one thread), and the shapes of the SkylakeX
/// small-matrix kernel (at most 10^6 multiply-adds, not both operands transposed in OpenBLAS's
/// column-major view, and for the transposed-first case at most 1200 outputs and k >= 32), which
/// sums over all of k at once on one thread. A block that itself falls to the small-matrix
/// kernel (at most 10^6 multiply-adds) is summed by that kernel: still the same on any thread
/// count, but not bit for bit the threaded driver's single call.
public enum ThreadInvariantGEMM {
    /// The depth of the k-blocks the product is issued in: OpenBLAS's Q, or 128 when its
    /// parameters cannot be read (below the sgemm Q of every x86-64 kernel set of OpenBLAS 0.3,
    /// so that no call is cut either).
    public static let blockDepth = BLASRuntime.sgemmBlocking?.depth ?? 128

    /// Length of the k-block starting at `start` (the threaded driver's rule, see the type's
    /// documentation): Q while at least 2Q terms remain, then ceil(r/2) and the rest of a rest
    /// r in (Q, 2Q), otherwise the rest. Every block of a product with k > Q has at least Q/2 terms.
    @inline(__always)
    public static func blockLength(start: Int, k: Int) -> Int {
        let (q, rest) = (blockDepth, k - start)
        if rest >= 2 * q { return q }
        if rest > q { return (rest + 1) / 2 }
        return rest
    }

    /// Whether one `cblas_sgemm` call of this shape could depend on the thread count, i.e. whether
    /// OpenBLAS's drivers would cut k differently (see the type's documentation).
    public static func dependsOnThreads(transA: Bool, transB: Bool, m: Int, n: Int, k: Int) -> Bool {
        let q = blockDepth
        guard k > q else { return false }
        let work = Double(m) * Double(n) * Double(k)
        if work <= 262_144 { return false }  // always one thread
        if usesSmallMatrixKernel, work <= 1e6 {
            // OpenBLAS's column-major view of a row-major call swaps the operands:
            // its A is our B (transposed as ours is), its B is our A.
            let (columnA, columnB) = (transB, transA)
            if !(columnA && columnB) && !(columnA && (m * n > 1200 || k < 32)) { return false }
        }
        guard let unroll = BLASRuntime.sgemmBlocking?.unrollM else { return true }
        var rest = k
        while rest >= 2 * q { rest -= q }
        return rest > q && (rest + 1) / 2 != (rest / 2 + unroll - 1) / unroll * unroll
    }

    /// C <- alpha op(A) op(B) + beta C, row-major, see the type's documentation.
    @inline(__always)
    public static func sgemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
                             alpha: Float, a: UnsafePointer<Float>, lda: Int,
                             b: UnsafePointer<Float>, ldb: Int,
                             beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        let ta = transA ? CblasTrans : CblasNoTrans, tb = transB ? CblasTrans : CblasNoTrans
        guard dependsOnThreads(transA: transA, transB: transB, m: m, n: n, k: k) else {
            cblas_sgemm(CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
            return
        }
        var start = 0
        while start < k {
            let length = blockLength(start: start, k: k)
            // Column `start` of op(A) and row `start` of op(B).
            let aBlock = transA ? a + start * lda : a + start
            let bBlock = transB ? b + start : b + start * ldb
            cblas_sgemm(CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(length), alpha, aBlock, Int32(lda),
                        bBlock, Int32(ldb), start == 0 ? beta : 1, c, Int32(ldc))
            start += length
        }
    }

    /// Whether the active kernels have OpenBLAS's small-matrix sgemm path (the SkylakeX family).
    public static let usesSmallMatrixKernel: Bool = {
        ["SkylakeX", "Cooperlake", "SapphireRapids"].contains(BLASRuntime.coreName)
    }()
}
