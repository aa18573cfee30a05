@testable import Bounds
import Foundation
import Testing

/// The Chebyshev route of the kernel prediction against the eigendecomposition route, on seeded
/// random positive semi-definite kernels and residuals (several eta and t).
@Suite struct KernelChebyshevPredictionTests {
    typealias Instance = KernelPredictionTests

    /// ||x - y|| / ||e0||.
    static func relativeDistance(_ x: [Double], _ y: [Double], _ e0: [Double]) -> Double {
        let d = zip(x, y).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        return (d / e0.reduce(0.0) { $0 + $1 * $1 }).squareRoot()
    }

    /// Rounding allowance of the two routes on these small instances (relative to ||e(0)||).
    static let rounding = 1e-11

    @Test func chebyshevAgreesWithEigendecompositionWithinItsBound() throws {
        let steps = [0, 1, 7, 30, 100, 400]
        var informative = 0
        for seed in UInt64(1)...12 {
            let m = 20 + Int(seed * 7 % 41)
            let (h, e0) = Instance.instance(m: m, rank: seed % 3 == 0 ? m / 2 : m + 3, seed: seed)
            let interval = KernelSpectralInterval(positiveSemidefinite: h, order: m)
            let spectrum = try SymmetricEigendecomposition(symmetric: h, order: m, vectors: false).eigenvalues
            #expect(interval.lower <= spectrum[0] && spectrum[m - 1] <= interval.upper, "seed \(seed): spectrum outside [a, b]")
            for fraction in [0.1, 0.9, 1.9] {
                let eta = fraction / interval.upper
                let reference = try KernelPrediction(kernel: h, order: m, initialResidual: e0, eta: eta)
                let auto = try #require(try KernelChebyshevPrediction(kernel: h, order: m, initialResidual: e0, eta: eta, steps: steps,
                                                                        maximumDegree: 1000))
                for t in steps {
                    let exact = try #require(reference.residual(at: t))
                    let bound = try #require(auto.truncationBound(at: t))
                    #expect(bound <= KernelChebyshevPrediction.defaultTolerance)
                    let distance = Self.relativeDistance(try #require(auto.residual(at: t)), exact, e0)
                    #expect(distance <= bound + Self.rounding, "seed \(seed) eta b \(fraction) t \(t) degree \(auto.degree): \(distance)")
                }
                // Low forced degrees: the bound is large, and it must still cover the actual difference.
                for degree in [1, 3, 8] {
                    let low = try #require(try KernelChebyshevPrediction(kernel: h, order: m, initialResidual: e0, eta: eta, steps: steps,
                                                                           maximumDegree: 1000, degree: degree))
                    for t in steps {
                        let bound = try #require(low.truncationBound(at: t))
                        let distance = Self.relativeDistance(try #require(low.residual(at: t)), try #require(reference.residual(at: t)), e0)
                        #expect(distance <= bound + Self.rounding, "seed \(seed) eta b \(fraction) t \(t) d \(degree): \(distance) > \(bound)")
                        if bound > 1e-6 && distance > 1e-9 { informative += 1 }
                        if t <= degree { #expect(bound == 0) }  // p_t has degree t: the expansion is exact
                    }
                }
            }
        }
        #expect(informative > 50, "too few instances where the bound is tested against a real truncation error")
    }

    /// The coefficient recursion against (alpha + beta s)^t evaluated directly at points of [-1, 1].
    @Test func coefficientsReproduceThePolynomial() {
        for (alpha, beta) in [(0.9, -0.1), (0.5, -0.5), (0.05, -0.95), (-0.3, -0.69)] {
            let steps = [0, 1, 2, 5, 40, 300]
            let expansions = KernelChebyshevPrediction.expansions(alpha: alpha, beta: beta, steps: steps)!
            // With a degree cap the recursion stops at the first step above it.
            #expect(KernelChebyshevPrediction.expansions(alpha: alpha, beta: beta, steps: steps, maximumDegree: 3) == nil)
            for (t, expansion) in zip(steps, expansions) {
                #expect(expansion.coefficients.count <= t + 1)
                for s in stride(from: -1.0, through: 1.0, by: 0.125) {
                    let theta = acos(s)
                    var value = 0.0
                    for (j, c) in expansion.coefficients.enumerated() { value += c * cos(Double(j) * theta) }
                    let direct = pow(alpha + beta * s, Double(t))
                    #expect(abs(value - direct) <= 1e-13 + expansion.dropped, "alpha \(alpha) t \(t) s \(s): \(value) vs \(direct)")
                }
            }
        }
    }

    @Test func routeRuleAndRefusals() throws {
        let small = Instance.instance(m: 30, rank: 30, seed: 5)
        let interval = KernelSpectralInterval(positiveSemidefinite: small.h, order: 30)
        if case .chebyshev = try KernelTrajectory(kernel: small.h, order: 30, initialResidual: small.e0, eta: 0.5 / interval.upper, steps: [0, 10]) {
            Issue.record("m = 30 is below the Chebyshev route's minimum order")
        }
        // eta b >= 2: no certificate of convergence, so no expansion.
        #expect(try KernelChebyshevPrediction(kernel: small.h, order: 30, initialResidual: small.e0, eta: 2 / interval.upper,
                                              steps: [5], maximumDegree: 100) == nil)
        // A degree cap below the needed degree refuses.
        #expect(try KernelChebyshevPrediction(kernel: small.h, order: 30, initialResidual: small.e0, eta: 1 / interval.upper,
                                              steps: [400], maximumDegree: 2) == nil)
        #expect(throws: KernelPredictionError.invalidStep(-1)) {
            try KernelChebyshevPrediction(kernel: small.h, order: 30, initialResidual: small.e0, eta: 0.1, steps: [-1], maximumDegree: 9)
        }

        let m = KernelTrajectory.chebyshevMinimumOrder
        let (h, e0) = Instance.instance(m: m, rank: 6, seed: 11)
        let eta = 0.8 / KernelSpectralInterval(positiveSemidefinite: h, order: m).upper
        let steps = [0, 3, 50, 200]
        let trajectory = try KernelTrajectory(kernel: h, order: m, initialResidual: e0, eta: eta, steps: steps)
        guard case let .chebyshev(expansion) = trajectory else { Issue.record("m = \(m) with a low degree takes the Chebyshev route"); return }
        #expect(expansion.degree <= m / 4)
        let reference = KernelTrajectory.spectral(try KernelPrediction(kernel: h, order: m, initialResidual: e0, eta: eta))
        for t in steps {
            let a = try #require(trajectory.residualNorm2(at: t)), b = try #require(reference.residualNorm2(at: t))
            #expect(abs(a - b) <= 1e-10 * b, "t \(t): \(a) vs \(b)")
        }
        #expect(trajectory.residual(at: 4) == nil)  // a step the expansion was not built for
    }
}
