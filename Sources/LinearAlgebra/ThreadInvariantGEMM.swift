import COpenBLAS

/// `cblas_sgemm` whose result does not depend on the number of threads: C <- alpha op(A) op(B) + beta C
/// (row-major; op(A) is m x k, op(B) is k x n, C is m x n).
///
/// Why: OpenBLAS's threaded drivers change the summation order of some outputs with the thread
/// count (measured with OpenBLAS 0.3.21: on the Haswell kernels, the ones OpenBLAS runs when
/// `OPENBLAS_CORETYPE=Haswell` is preset on an AMD EPYC, thousands of outputs of a 256 x 256 x 64
/// product change their last bits between 1 and 2 threads; on the SkylakeX kernels products
/// whose inner dimension is cut into k-blocks differently by the two drivers do).
///
/// How: OpenBLAS always runs on one thread in lth (`BLASRuntime.threadCount`), and C is cut into
/// fixed tiles of `tileRows` x `tileColumns` (the last ones smaller) whose positions depend on
/// the shape only; each tile is one single-threaded `cblas_sgemm` call over all of k, and the
/// engine's threads (`ParallelLoop`) share the tiles. A tile's bits depend on its shape and on
/// OpenBLAS's kernels for this CPU, never on which thread computed it or how many there are.
/// Across CPU kernel sets (SkylakeX, Haswell, ...) the bits differ in the last places: results
/// agree within float32 rounding there, not bit for bit.
public enum ThreadInvariantGEMM {
    /// Rows of C in one tile.
    public static let tileRows = 256
    /// Columns of C in one tile.
    public static let tileColumns = 512

    /// C <- alpha op(A) op(B) + beta C, row-major, see the type's documentation.
    public static func sgemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
                             alpha: Float, a: UnsafePointer<Float>, lda: Int,
                             b: UnsafePointer<Float>, ldb: Int,
                             beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        let product = Product(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                              b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
        let tiles = product.rowTiles * product.columnTiles
        if tiles == 1 {
            product.tile(0)
            return
        }
        ParallelLoop.shared.run(count: tiles, with: product) { context, tile in
            context.assumingMemoryBound(to: Product.self).pointee.tile(tile)
        }
    }

    /// One product and its tiling (tile t covers row tile t / columnTiles and column tile t % columnTiles).
    private struct Product {
        let transA: Bool, transB: Bool
        let m: Int, n: Int, k: Int
        let alpha: Float
        let a: UnsafePointer<Float>, lda: Int
        let b: UnsafePointer<Float>, ldb: Int
        let beta: Float
        let c: UnsafeMutablePointer<Float>, ldc: Int

        var rowTiles: Int { (m + tileRows - 1) / tileRows }
        var columnTiles: Int { (n + tileColumns - 1) / tileColumns }

        func tile(_ t: Int) {
            let row = t / columnTiles * tileRows, column = t % columnTiles * tileColumns
            let rows = min(tileRows, m - row), columns = min(tileColumns, n - column)
            // Row `row` of op(A) and column `column` of op(B).
            let aTile = transA ? a + row : a + row * lda
            let bTile = transB ? b + column * ldb : b + column
            cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                        Int32(rows), Int32(columns), Int32(k), alpha, aTile, Int32(lda), bTile, Int32(ldb),
                        beta, c + row * ldc + column, Int32(ldc))
        }
    }
}
