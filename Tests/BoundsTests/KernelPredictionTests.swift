import Bounds
import Engine
import Foundation
import Testing

/// The kernel-regime prediction against the recursion it solves, e(t+1) = (I - eta H) e(t),
/// iterated directly on random symmetric positive semi-definite H (seeded loops).
@Suite struct KernelPredictionTests {
    /// The engine's seeded generator (xoshiro256**), for reproducible instances.
    struct Generator {
        var base: SeededGenerator
        init(state: UInt64) { base = SeededGenerator(seed: state) }
        /// Uniform in [-1, 1).
        mutating func uniform() -> Double { base.nextUniform() * 2 - 1 }
    }

    /// H = A A^T / r (m x m, rank <= r), e0 uniform in [-1, 1]^m.
    static func instance(m: Int, rank r: Int, seed: UInt64) -> (h: [Double], e0: [Double]) {
        var g = Generator(state: seed)
        let a = (0..<(m * r)).map { _ in g.uniform() }
        var h = [Double](repeating: 0, count: m * m)
        for i in 0..<m { for j in 0..<m {
            var s = 0.0
            for k in 0..<r { s += a[i * r + k] * a[j * r + k] }
            h[i * m + j] = s / Double(r)
        } }
        return (h, (0..<m).map { _ in g.uniform() })
    }

    static func step(_ e: [Double], _ h: [Double], _ eta: Double) -> [Double] {
        let m = e.count
        return (0..<m).map { i in e[i] - eta * (0..<m).reduce(0) { $0 + h[i * m + $1] * e[$1] } }
    }

    @Test func residualMatchesDirectIteration() throws {
        for seed in UInt64(1)...20 {
            let m = 3 + Int(seed % 9)
            let (h, e0) = Self.instance(m: m, rank: m + 2, seed: seed)
            let lambdaMax = try SymmetricEigendecomposition(symmetric: h, order: m, vectors: false).eigenvalues[m - 1]
            let eta = 1.7 / lambdaMax
            let prediction = try KernelPrediction(kernel: h, order: m, initialResidual: e0, eta: eta)
            #expect(!prediction.diverges)
            var e = e0
            for t in 0...40 {
                let norm2 = e.reduce(0) { $0 + $1 * $1 }
                let predicted = try #require(prediction.residualNorm2(at: Double(t)))
                #expect(abs(predicted - norm2) <= 1e-10 * max(norm2, 1e-12) + 1e-14, "seed \(seed) t \(t)")
                let vector = try #require(prediction.residual(at: t))
                for i in 0..<m { #expect(abs(vector[i] - e[i]) <= 1e-10 * (e0.map(abs).max() ?? 1)) }
                let deviation = try #require(try KernelTrajectory.spectral(prediction).relativeDeviation(measuredResidual: e, at: t))
                #expect(deviation <= 1e-10)
                e = Self.step(e, h, eta)
            }
        }
    }

    @Test func reachTimeIsTheFirstStepMeetingTheTarget() throws {
        for seed in UInt64(30)...60 {
            let m = 4 + Int(seed % 7)
            let (h, e0) = Self.instance(m: m, rank: m, seed: seed)
            let lambdaMax = try SymmetricEigendecomposition(symmetric: h, order: m, vectors: false).eigenvalues[m - 1]
            let prediction = try KernelPrediction(kernel: h, order: m, initialResidual: e0, eta: 0.9 / lambdaMax)
            let initialLoss = 0.5 * e0.reduce(0) { $0 + $1 * $1 }
            for fraction in [1.0, 0.5, 1e-2, 1e-4, 1e-8] {
                let eps = fraction * initialLoss
                guard case let .step(t) = try prediction.reachTime(loss: eps) else {
                    Issue.record("seed \(seed): no step for eps = \(eps)"); continue
                }
                #expect(0.5 * prediction.residualNorm2(at: t)! <= eps)
                if t > 0 { #expect(0.5 * prediction.residualNorm2(at: t - 1)! > eps) }
                #expect(t == t.rounded())
            }
        }
    }

    @Test func nullSpaceComponentIsNeverFitted() throws {
        let m = 6
        let (h, e0) = Self.instance(m: m, rank: 3, seed: 99)
        let prediction = try KernelPrediction(kernel: h, order: m, initialResidual: e0, eta: 0.1)
        #expect(!prediction.diverges)
        #expect((0..<m).filter(prediction.isNull).count == 3)
        let limit = prediction.limitResidualNorm2
        #expect(limit > 0)
        #expect(try prediction.reachTime(loss: 0.49 * limit) == .never(limitLoss: limit / 2))
        guard case .step = try prediction.reachTime(loss: 0.51 * limit) else {
            Issue.record("a target above the null-space loss must be reached"); return
        }
        #expect(abs(prediction.residualNorm2(at: 1e6)! - limit) <= 1e-12 * limit)
    }

    @Test func tooLargeStepDiverges() throws {
        let m = 5
        let (h, e0) = Self.instance(m: m, rank: m, seed: 7)
        let lambdaMax = try SymmetricEigendecomposition(symmetric: h, order: m, vectors: false).eigenvalues[m - 1]
        let prediction = try KernelPrediction(kernel: h, order: m, initialResidual: e0, eta: 2.01 / lambdaMax)
        #expect(prediction.diverges)
        #expect(prediction.residualNorm2(at: 3) == nil)
        #expect(try prediction.reachTime(loss: 1e-3) == .diverges)
        #expect(throws: KernelPredictionError.invalidStepSize(0)) { try KernelPrediction(kernel: h, order: m, initialResidual: e0, eta: 0) }
        #expect(throws: KernelPredictionError.lengthMismatch(expected: m, found: 2)) {
            try KernelPrediction(kernel: h, order: m, initialResidual: [1, 2], eta: 0.1)
        }
    }
}
