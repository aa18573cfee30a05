import COpenBLAS
import Foundation
import LinearAlgebra
import PropertyBased
import Testing

@testable import Bounds

/// Seeded Gaussian points (SplitMix64 + Box-Muller), optionally normalised to the unit sphere.
fileprivate func certificateTestPoints(rows: Int, columns: Int, seed: UInt64, unit: Bool = true) -> Matrix<Double> {
    var state = seed
    func uniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) * 0x1p-53
    }
    var storage = [Double](repeating: 0, count: rows * columns)
    for i in storage.indices {
        storage[i] = (-2 * log(1 - uniform())).squareRoot() * cos(2 * Double.pi * uniform())
    }
    if unit {
        for i in 0..<rows {
            var n2 = 0.0
            for k in 0..<columns { n2 += storage[i * columns + k] * storage[i * columns + k] }
            for k in 0..<columns { storage[i * columns + k] /= n2.squareRoot() }
        }
    }
    return Matrix(rows: rows, columns: columns, storage: storage)
}

/// The smallest eigenvalue from the dense LAPACK solver dsyevr (all eigenvalues, column-major).
fileprivate func denseSmallestEigenvalue(_ h: Matrix<Double>) -> Double {
    let m = h.rows
    var a = h.storage
    var found: Int32 = 0
    var w = [Double](repeating: 0, count: m)
    var z = [Double](repeating: 0, count: 1)
    var support = [Int32](repeating: 0, count: 2 * m)
    let info = LAPACKE_dsyevr(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "A")),
                              CChar(UInt8(ascii: "U")), Int32(m), &a, Int32(m), 0, 0, 0, 0, 0,
                              &found, &w, &z, 1, &support)
    precondition(info == 0 && found == Int32(m))
    return w[0]
}

@Suite("Lambda0CertificateTests")
struct Lambda0CertificateTests {
    @Test("lambda-hat agrees with dsyevr to 1e-9 and the certificate lies just below it",
          arguments: [20, 60, 150, 300], [Lambda0Certificate.FirstStagePrecision.single, .double])
    func certificateBelowDenseEigenvalue(m: Int, firstStage: Lambda0Certificate.FirstStagePrecision) throws {
        for seed: UInt64 in [1, 2, 3] {
            let points = certificateTestPoints(rows: m, columns: 6, seed: seed &* 7919 &+ UInt64(m))
            let h = InfiniteWidthGram.matrix(points: points)
            let dense = denseSmallestEigenvalue(h)
            let certificate = try Lambda0Certificate.compute(points: points, firstStage: firstStage)
            #expect(abs(certificate.estimate - dense) <= 1e-9 * dense, "m \(m) seed \(seed)")
            #expect(certificate.certifiedLowerBound < dense)
            #expect((dense - certificate.certifiedLowerBound) / dense <= 1e-3)
            #expect(certificate.certifiedLowerBound == (certificate.shift - certificate.roundingBound).nextDown)
            #expect(certificate.residualNorm <= 1e-9 * dense)
            #expect(certificate.dimension == m)
            #expect(certificate.factorizations == 2 && certificate.certificateAttempts == 1)
            #expect(certificate.firstStagePrecision == firstStage && !certificate.usedFallbackShift)
        }
    }

    @Test("the default first stage is float32 and the rounding bound contains m * entryError")
    func defaultsAndRoundingBound() throws {
        let points = certificateTestPoints(rows: 50, columns: 4, seed: 5)
        let certificate = try Lambda0Certificate.compute(points: points)
        #expect(certificate.firstStagePrecision == .single)
        #expect(certificate.estimateShift == 0)
        let entryError = InfiniteWidthGram.entryErrorBound(dimension: 4, maxNorm2: InfiniteWidthGram.maxNorm2(points: points))
        #expect(certificate.entryError == entryError)
        #expect(certificate.roundingBound >= 50 * entryError)
        // gamma_{m+1}/(1-gamma_{m+1}) * trace(H - sigma I) is part of tau as well.
        let u = 0x1p-53
        let g = 51 * u / (1 - 51 * u)
        let trace = (0..<50).reduce(0.0) { $0 + InfiniteWidthGram.matrix(points: points)[$1, $1] } - 50 * certificate.shift
        #expect(certificate.roundingBound >= 50 * entryError + g / (1 - g) * trace)
    }

    @Test("property: the certificate never exceeds the dense solver's smallest eigenvalue")
    func neverExceedsDenseEigenvalue() async {
        await propertyCheck(count: 60, input: Gen.int(in: 1...40), Gen.int(in: 2...8), Gen.uint64(in: 0...UInt64.max),
                            Gen.double(in: -9 ... -1), Gen.bool) { m, d, seed, logTilt, unit in
            var points = certificateTestPoints(rows: m, columns: d, seed: seed, unit: unit)
            if m >= 2 {
                // A nearly parallel pair makes lambda_0 small (about its angle / (2 pi)).
                let tilt = Foundation.pow(10, logTilt)
                for k in 0..<d { points[m - 1, k] = points[0, k] * 1.5 + tilt * points[m / 2, k] }
            }
            let h = InfiniteWidthGram.matrix(points: points)
            let dense = denseSmallestEigenvalue(h)
            do {
                let certificate = try Lambda0Certificate.compute(points: points, firstStage: seed % 2 == 0 ? .single : .double)
                #expect(certificate.certifiedLowerBound <= dense, "m \(m) d \(d) seed \(seed)")
                #expect(certificate.certifiedLowerBound > 0)
                #expect(certificate.estimate >= certificate.certifiedLowerBound)
            } catch BoundsError.singularGram {
                // Only when lambda_0 is within rounding of zero.
                #expect(dense <= 1e-10 * Double(m), "m \(m) d \(d) seed \(seed): singular reported at lambda_min \(dense)")
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    @Test("parallel points are named by their 0-based row indices")
    func parallelPointsReported() {
        var points = certificateTestPoints(rows: 12, columns: 5, seed: 9)
        for k in 0..<5 { points[7, k] = 2.5 * points[3, k] }
        #expect {
            _ = try Lambda0Certificate.compute(points: points)
        } throws: { error in
            guard case let BoundsError.singularGram(reason) = error else { return false }
            return reason.contains("points 3 and 7") && reason.contains("0-based") && reason.contains("parallel")
        }
    }

    @Test("a zero row is named by its 0-based row index")
    func zeroRowReported() {
        var points = certificateTestPoints(rows: 10, columns: 4, seed: 4)
        for k in 0..<4 { points[6, k] = 0 }
        #expect {
            _ = try Lambda0Certificate.compute(points: points, firstStage: .double)
        } throws: { error in
            guard case let BoundsError.singularGram(reason) = error else { return false }
            return reason.contains("point 6") && reason.contains("zero vector")
        }
    }

    @Test("a 1 x 1 Gram matrix: the estimate is its entry and the certificate just below")
    func oneByOne() throws {
        let certificate = try Lambda0Certificate.compute(gram: Matrix(rows: 1, columns: 1, storage: [0.75]), entryError: 0)
        #expect(abs(certificate.estimate - 0.75) <= 1e-15)
        #expect(certificate.certifiedLowerBound < 0.75 && certificate.certifiedLowerBound > 0.75 * (1 - 1e-5))
    }

    @Test("an indefinite Gram matrix is rejected as singular; bad shapes and errors are invalid")
    func rejectsInvalidInput() {
        let indefinite = Matrix<Double>(rows: 2, columns: 2, storage: [1, 2, 2, 1])
        #expect(throws: BoundsError.self) { _ = try Lambda0Certificate.compute(gram: indefinite, entryError: 0) }
        #expect {
            _ = try Lambda0Certificate.compute(gram: indefinite, entryError: 0)
        } throws: { error in
            if case BoundsError.singularGram = error { return true } else { return false }
        }
        #expect {
            _ = try Lambda0Certificate.compute(gram: Matrix<Double>(rows: 2, columns: 3, repeating: 0.0), entryError: 0)
        } throws: { error in
            if case BoundsError.invalidParameter = error { return true } else { return false }
        }
        #expect {
            _ = try Lambda0Certificate.compute(gram: Matrix(rows: 1, columns: 1, storage: [1]), entryError: -1)
        } throws: { error in
            if case BoundsError.invalidParameter = error { return true } else { return false }
        }
    }
}
