import Foundation
import LinearAlgebra
import PropertyBased
import Testing

@testable import Bounds

/// Seeded points with coordinates uniform in [-scale, scale) (SplitMix64).
fileprivate func gramTestPoints(rows: Int, columns: Int, seed: UInt64, scale: Double = 1) -> Matrix<Double> {
    var state = seed
    var storage = [Double](repeating: 0, count: rows * columns)
    for i in storage.indices {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        storage[i] = scale * (Double(z >> 11) * 0x1p-52 - 1)
    }
    return Matrix(rows: rows, columns: columns, storage: storage)
}

/// Hinf_ij in Float80 from the exact Lagrange identity ||x ^ y||^2 = sum_{k<l} (x_k y_l - x_l y_k)^2
/// (no cancellation) and theta = atan2(||x ^ y||, x . y): an independent reference with about
/// 11 more bits than float64.
fileprivate func extendedEntry(_ x: [Double], _ y: [Double]) -> Float80 {
    var dot: Float80 = 0
    var wedge2: Float80 = 0
    for k in x.indices {
        dot += Float80(x[k]) * Float80(y[k])
        for l in (k + 1)..<x.count {
            let w = Float80(x[k]) * Float80(y[l]) - Float80(x[l]) * Float80(y[k])
            wedge2 += w * w
        }
    }
    let theta = atan2(wedge2.squareRoot(), dot)
    return dot * (Float80.pi - theta) / (2 * Float80.pi)
}

@Suite("InfiniteWidthGramTests")
struct InfiniteWidthGramTests {
    @Test("well-separated entries match the arccos formula computed entry by entry")
    func entriesMatchScalarFormula() {
        let points = gramTestPoints(rows: 40, columns: 7, seed: 11, scale: 2)
        let h = InfiniteWidthGram.matrix(points: points)
        var checked = 0
        for i in 0..<40 {
            for j in 0..<40 where i != j {
                let xi = points.row(i), xj = points.row(j)
                var c = 0.0, ni = 0.0, nj = 0.0
                for k in 0..<7 { c += xi[k] * xj[k]; ni += xi[k] * xi[k]; nj += xj[k] * xj[k] }
                let cosine = c / (ni * nj).squareRoot()
                guard abs(cosine) < 0.99 else { continue }
                let expected = c * (Double.pi - acos(cosine)) / (2 * Double.pi)
                #expect(abs(h[i, j] - expected) <= 1e-13 * max(ni, nj) * 4, "entry (\(i), \(j))")
                checked += 1
            }
        }
        #expect(checked > 1000)
    }

    @Test("a nearly parallel pair: atan2 keeps full accuracy where arccos of the clipped cosine loses it")
    func nearlyParallelPair() {
        let t = 1e-9
        let points = Matrix(rows: 2, columns: 2, storage: [1, 0, 1, t])
        let h = InfiniteWidthGram.matrix(points: points)
        // Exact: c = 1, theta = atan(1e-9) = 1e-9 - 3.3e-28, so Hinf_01 = 1/2 - theta/(2 pi).
        let expected = 0.5 - t / (2 * Double.pi)
        #expect(abs(h[0, 1] - expected) <= 2e-16)
        // The clipped-arccos formula gives 1/2 here (cos rounds to 1): an error of 1.6e-10.
        let cosine = min(1, 1 / (1 + t * t).squareRoot())
        let naive = 1 * (Double.pi - acos(cosine)) / (2 * Double.pi)
        #expect(abs(naive - expected) > 1e-10)
    }

    @Test("a nearly antiparallel pair with exactly normalisable non-unit rows keeps its relative accuracy")
    func nearlyAntiparallelPair() {
        let points = Matrix(rows: 2, columns: 3, storage: [3, 0, 0, -2, 2e-8, 0])
        let h = InfiniteWidthGram.matrix(points: points)
        // c = -6, pi - theta = atan(1e-8), Hinf_01 = -6 atan(1e-8) / (2 pi).
        let expected = -6 * atan(1e-8) / (2 * Double.pi)
        #expect(abs(h[0, 1] - expected) <= 1e-12 * abs(expected))
        // The clipped-arccos formula gives exactly 0 here (cos rounds to -1): a 100% error.
        let cosine = max(-1, -6 / (3 * (4 + 4e-16).squareRoot()))
        #expect(-6 * (Double.pi - acos(cosine)) / (2 * Double.pi) == 0)
        #expect(h[0, 0] == 4.5 && h[1, 1] == 2)
    }

    @Test("symmetric, diagonal ||x||^2 / 2, zero rows give zero rows and columns")
    func symmetryDiagonalAndZeroRows() {
        var points = gramTestPoints(rows: 150, columns: 5, seed: 3, scale: 3)
        for k in 0..<5 { points[17, k] = 0 }
        let h = InfiniteWidthGram.matrix(points: points)
        #expect(h.rows == 150 && h.columns == 150)
        for i in 0..<150 {
            let x = points.row(i)
            let norm2 = x.reduce(0) { $0 + $1 * $1 }
            #expect(abs(h[i, i] - norm2 / 2) <= 1e-15 * norm2)
            for j in 0..<150 { #expect(h[i, j] == h[j, i]) }
        }
        for j in 0..<150 { #expect(h[17, j] == 0 && h[j, 17] == 0) }
    }

    @Test("every entry is within entryErrorBound of a Float80 reference, near-parallel pairs included")
    func entryErrorBoundHolds() async {
        await propertyCheck(count: 40, input: Gen.int(in: 2...12), Gen.int(in: 1...24),
                            Gen.uint64(in: 0...UInt64.max), Gen.double(in: -12...0)) { m, d, seed, logTilt in
            var points = gramTestPoints(rows: m, columns: d, seed: seed, scale: 5)
            // Make row 1 a tiny tilt of row 0 (angle ~ 10^logTilt), exercising the half-angle branch.
            let tilt = Foundation.pow(10, logTilt)
            let noise = gramTestPoints(rows: 1, columns: d, seed: seed ^ 0xABCD)
            for k in 0..<d { points[1, k] = 0.7 * points[0, k] + tilt * noise[0, k] }
            let h = InfiniteWidthGram.matrix(points: points)
            let bound = InfiniteWidthGram.entryErrorBound(dimension: d, maxNorm2: InfiniteWidthGram.maxNorm2(points: points))
            for i in 0..<m {
                for j in 0..<m {
                    let reference = extendedEntry(points.row(i), points.row(j))
                    let error = abs(Float80(h[i, j]) - reference)
                    #expect(error <= Float80(bound), "entry (\(i), \(j)): error \(error) > bound \(bound)")
                }
            }
        }
    }

    @Test("the entry error bound is 16 (d + 4) u maxNorm2")
    func entryErrorBoundFormula() {
        #expect(InfiniteWidthGram.entryErrorBound(dimension: 16, maxNorm2: 2) == 16 * 20 * 0x1p-53 * 2)
    }
}
