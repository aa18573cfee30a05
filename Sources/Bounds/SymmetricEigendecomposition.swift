import COpenBLAS

/// The eigendecomposition H = V diag(lambda_1 <= ... <= lambda_n) V^T of a real symmetric
/// n x n matrix, by LAPACK's divide and conquer `LAPACKE_dsyevd` (lower triangle, column-major;
/// a symmetric row-major array is the same array). V is orthogonal to working precision and
/// each computed eigenvalue is within O(n u ||H||_2) of an exact one (u = 2^-53).
public struct SymmetricEigendecomposition: Sendable {
    /// The order n.
    public let order: Int
    /// lambda_1 <= ... <= lambda_n.
    public let eigenvalues: [Double]
    /// V, column-major: eigenvector i is `eigenvectors[i * n ..< (i + 1) * n]`
    /// (empty when only eigenvalues were requested).
    public let eigenvectors: [Double]

    /// Decomposes the symmetric n x n matrix `matrix` (row- or column-major: it is symmetric;
    /// only its lower triangle is read). `vectors: false` computes the eigenvalues only.
    /// - Throws: `KernelPredictionError.lapack` when LAPACK reports a failure (info != 0).
    public init(symmetric matrix: [Double], order n: Int, vectors: Bool = true) throws {
        precondition(n >= 1 && matrix.count == n * n, "a symmetric matrix of order n needs n * n entries")
        var a = matrix
        var w = [Double](repeating: 0, count: n)
        let jobz = Int8(UInt8(ascii: vectors ? "V" : "N"))
        let info = LAPACKE_dsyevd(LAPACK_COL_MAJOR, jobz, Int8(UInt8(ascii: "L")), Int32(n), &a, Int32(n), &w)
        guard info == 0 else { throw KernelPredictionError.lapack(function: "LAPACKE_dsyevd", info: Int(info), order: n) }
        order = n
        eigenvalues = w
        eigenvectors = vectors ? a : []
    }

    /// The spectral norm max_i |lambda_i| of the matrix.
    public var spectralNorm: Double { max(abs(eigenvalues[0]), abs(eigenvalues[order - 1])) }

    /// V^T v (the coordinates of v in the eigenbasis), by one `dgemv`.
    public func coordinates(of v: [Double]) -> [Double] {
        precondition(!eigenvectors.isEmpty && v.count == order)
        var c = [Double](repeating: 0, count: order)
        cblas_dgemv(CblasColMajor, CblasTrans, Int32(order), Int32(order), 1, eigenvectors, Int32(order), v, 1, 0, &c, 1)
        return c
    }

    /// V c (the vector with eigen-coordinates c), by one `dgemv`.
    public func vector(coordinates c: [Double]) -> [Double] {
        precondition(!eigenvectors.isEmpty && c.count == order)
        var v = [Double](repeating: 0, count: order)
        cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(order), Int32(order), 1, eigenvectors, Int32(order), c, 1, 0, &v, 1)
        return v
    }
}
