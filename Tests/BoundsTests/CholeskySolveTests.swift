import COpenBLAS
import Testing

@testable import Bounds

/// `CholeskySolve.apply` against the two unblocked `?trsv` calls it replaces, on a random
/// well-conditioned upper-triangular factor, for block sizes that do and do not divide m.
@Suite("CholeskySolveTests")
struct CholeskySolveTests {
    /// R upper (column-major): diagonal in [1, 2), above it uniform in [-1, 1) / m.
    static func factor(order m: Int, seed: UInt64) -> [Double] {
        let values = Lambda0Certificate.pseudoRandomVector(count: m * m, seed: seed)
        var r = [Double](repeating: 0, count: m * m)
        for j in 0..<m {
            for i in 0..<j { r[j * m + i] = values[j * m + i] / Double(m) }
            r[j * m + j] = 1.5 + 0.5 * values[j * m + j]
        }
        return r
    }

    @Test("blocked solve equals trsv R^T then trsv R (float64)", arguments: [1, 5, 64, 300], [1, 7, 64, 256])
    func doubleMatchesTrsv(order m: Int, blockSize: Int) {
        let r = Self.factor(order: m, seed: UInt64(m * 1000 + blockSize))
        let x = Lambda0Certificate.pseudoRandomVector(count: m, seed: 99)
        var reference = x
        cblas_dtrsv(CblasColMajor, CblasUpper, CblasTrans, CblasNonUnit, Int32(m), r, Int32(m), &reference, 1)
        cblas_dtrsv(CblasColMajor, CblasUpper, CblasNoTrans, CblasNonUnit, Int32(m), r, Int32(m), &reference, 1)
        var blocked = x
        r.withUnsafeBufferPointer { rb in
            blocked.withUnsafeMutableBufferPointer { CholeskySolve.apply(factor: rb.baseAddress!, order: m, $0.baseAddress!, blockSize: blockSize) }
        }
        for i in 0..<m { #expect(abs(blocked[i] - reference[i]) <= 1e-12 * max(1, abs(reference[i]))) }
    }

    @Test("blocked solve equals trsv R^T then trsv R (float32)", arguments: [3, 300], [7, 256])
    func singleMatchesTrsv(order m: Int, blockSize: Int) {
        let r = Self.factor(order: m, seed: UInt64(m + blockSize)).map { Float($0) }
        let x = Lambda0Certificate.pseudoRandomVector(count: m, seed: 7).map { Float($0) }
        var reference = x
        cblas_strsv(CblasColMajor, CblasUpper, CblasTrans, CblasNonUnit, Int32(m), r, Int32(m), &reference, 1)
        cblas_strsv(CblasColMajor, CblasUpper, CblasNoTrans, CblasNonUnit, Int32(m), r, Int32(m), &reference, 1)
        var blocked = x
        r.withUnsafeBufferPointer { rb in
            blocked.withUnsafeMutableBufferPointer { CholeskySolve.apply(factor: rb.baseAddress!, order: m, $0.baseAddress!, blockSize: blockSize) }
        }
        for i in 0..<m { #expect(abs(blocked[i] - reference[i]) <= 1e-4 * max(1, abs(reference[i]))) }
    }
}
