import COpenBLAS

/// x <- (R^T R)^-1 x for an upper-triangular Cholesky factor R (column-major, order m, leading
/// dimension m): the forward solve R^T y = x, then the back solve R z = y.
///
/// OpenBLAS's `?trsv` runs on one thread and streams the triangle at single-core bandwidth.
/// Here the triangle is cut into column blocks of `blockSize`: each block's off-diagonal
/// part (R_{<J,J}, the rows above the diagonal block, contiguous column segments) is applied
/// by one `?gemv` (multithreaded in OpenBLAS), and only the small diagonal block R_JJ by
/// `?trsv`:
///
///     forward,  J = 1, 2, ...:   x_J <- R_JJ^-T (x_J - R_{<J,J}^T x_{<J})
///     backward, J = ..., 2, 1:   x_J <- R_JJ^-1 x_J;   x_{<J} <- x_{<J} - R_{<J,J} x_J
///
/// Both sweeps read each stored element of the triangle once. The result is a solve in the
/// working precision with a different (blocked) summation order from `?trsv`; the callers only
/// use it inside Lanczos iterations whose output is checked in float64 afterwards (the Ritz
/// vector's residual against G, and the certificate's own factorization), so no bound
/// depends on the order.
enum CholeskySolve {
    /// Column block of the blocked sweeps: large enough that each `gemv` splits well over two
    /// threads, small enough that the diagonal block (blockSize^2 elements) stays in L2.
    static let blockSize = 256

    /// x <- (R^T R)^-1 x in the precision of `Scalar`.
    static func apply<Scalar: TriangularBLAS>(factor r: UnsafePointer<Scalar>, order m: Int,
                                              _ x: UnsafeMutablePointer<Scalar>, blockSize nb: Int = blockSize) {
        var j0 = 0
        while j0 < m {
            let b = min(nb, m - j0)
            if j0 > 0 { Scalar.gemv(CblasTrans, rows: j0, columns: b, r + j0 * m, lda: m, x, x + j0) }
            Scalar.trsv(CblasTrans, order: b, r + j0 * m + j0, lda: m, x + j0)
            j0 += b
        }
        var j1 = m
        while j1 > 0 {
            let j = max(0, j1 - nb)
            let b = j1 - j
            Scalar.trsv(CblasNoTrans, order: b, r + j * m + j, lda: m, x + j)
            if j > 0 { Scalar.gemv(CblasNoTrans, rows: j, columns: b, r + j * m, lda: m, x + j, x) }
            j1 = j
        }
    }
}

/// The two BLAS-2 kernels of ``CholeskySolve`` for one precision (column-major storage).
protocol TriangularBLAS {
    /// y <- y - op(A) x for the rows x columns block A (leading dimension lda).
    static func gemv(_ transpose: CBLAS_TRANSPOSE, rows: Int, columns: Int, _ a: UnsafePointer<Self>, lda: Int,
                     _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>)
    /// x <- op(U)^-1 x for the upper-triangular, non-unit block U of the given order.
    static func trsv(_ transpose: CBLAS_TRANSPOSE, order: Int, _ u: UnsafePointer<Self>, lda: Int,
                     _ x: UnsafeMutablePointer<Self>)
}

extension Float: TriangularBLAS {
    static func gemv(_ transpose: CBLAS_TRANSPOSE, rows: Int, columns: Int, _ a: UnsafePointer<Float>, lda: Int,
                     _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        cblas_sgemv(CblasColMajor, transpose, Int32(rows), Int32(columns), -1, a, Int32(lda), x, 1, 1, y, 1)
    }

    static func trsv(_ transpose: CBLAS_TRANSPOSE, order: Int, _ u: UnsafePointer<Float>, lda: Int,
                     _ x: UnsafeMutablePointer<Float>) {
        cblas_strsv(CblasColMajor, CblasUpper, transpose, CblasNonUnit, Int32(order), u, Int32(lda), x, 1)
    }
}

extension Double: TriangularBLAS {
    static func gemv(_ transpose: CBLAS_TRANSPOSE, rows: Int, columns: Int, _ a: UnsafePointer<Double>, lda: Int,
                     _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>) {
        cblas_dgemv(CblasColMajor, transpose, Int32(rows), Int32(columns), -1, a, Int32(lda), x, 1, 1, y, 1)
    }

    static func trsv(_ transpose: CBLAS_TRANSPOSE, order: Int, _ u: UnsafePointer<Double>, lda: Int,
                     _ x: UnsafeMutablePointer<Double>) {
        cblas_dtrsv(CblasColMajor, CblasUpper, transpose, CblasNonUnit, Int32(order), u, Int32(lda), x, 1)
    }
}
