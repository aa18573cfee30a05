import Foundation
import LinearAlgebra
import Testing
@testable import Bounds

/// `TheoremInputs`, the data's lambda0 and sigma_max(X) as `lth bounds --data` and `lth check` use them.
@Suite struct TheoremInputsTests {
    /// Orthonormal points e_1..e_m in R^m: Hinf = I/2 (x_i . x_j = 0 off the diagonal, so every
    /// off-diagonal entry is 0 (pi - pi/2) / (2 pi) = 0), lambda0 = 1/2, and X = I, sigma_max = 1.
    @Test(arguments: [2, 5, 12])
    func orthonormalPoints(m: Int) throws {
        var storage = [Double](repeating: 0, count: m * m)
        for i in 0..<m { storage[i * m + i] = 1 }
        let inputs = try TheoremInputs(points: Matrix(rows: m, columns: m, storage: storage))
        #expect(inputs.lambda0.certifiedLowerBound <= 0.5)
        #expect(inputs.lambda0.certifiedLowerBound >= 0.5 * (1 - 1e-5))
        #expect(abs(inputs.lambda0.estimate - 0.5) <= 1e-12)
        #expect(inputs.largestSingularValue >= 1 && inputs.largestSingularValue <= 1 + 1e-12)
    }

    /// Seeded random unit points in R^d: the certified bound is at most the estimate, and
    /// sigma_max(X) lies between the root mean square row norm (1) and the Frobenius norm sqrt(m)
    /// (sigma_max^2 >= ||X||_F^2 / d = m / d, and <= ||X||_F^2 = m).
    @Test(arguments: [(20, 4, UInt64(1)), (40, 6, UInt64(2)), (60, 3, UInt64(3))])
    func randomUnitPoints(m: Int, d: Int, seed: UInt64) throws {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func uniform() -> Double {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
        var storage: [Double] = []
        for _ in 0..<m {
            let row = (0..<d).map { _ in uniform() }
            let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
            storage += row.map { $0 / norm }
        }
        let inputs = try TheoremInputs(points: Matrix(rows: m, columns: d, storage: storage))
        #expect(inputs.lambda0.certifiedLowerBound > 0)
        #expect(inputs.lambda0.certifiedLowerBound <= inputs.lambda0.estimate)
        let sigma = inputs.largestSingularValue
        #expect(sigma * sigma >= Double(m) / Double(d) * (1 - 1e-12))
        #expect(sigma * sigma <= Double(m) * (1 + 1e-9))
    }
}
