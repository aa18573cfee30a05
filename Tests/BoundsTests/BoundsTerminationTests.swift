import Foundation
import Testing
@testable import Bounds
import Engine

/// Every evaluation of Theorems A-C returns for any finite input (issue 14 item 3): 10^4
/// parameter points drawn log-uniformly over wide ranges, each evaluated in full (Theorem A,
/// the a priori diameter with its chi-square root finder, k_min, t_star) and checked against
/// the inequality that defines it. Before the fix, about one point in five hung in k_min's
/// bisection above 2^53.
@Suite struct BoundsTerminationTests {
    /// The engine's seeded generator (xoshiro256**), with a log-uniform draw: the same 10^4
    /// points on every run.
    struct Generator {
        var base: SeededGenerator
        init(state: UInt64) { base = SeededGenerator(seed: state) }
        /// Uniform in [0, 1).
        mutating func unit() -> Double { base.nextUniform() }
        /// Log-uniform in [lower, upper].
        mutating func logUniform(_ lower: Double, _ upper: Double) -> Double {
            exp(log(lower) + unit() * (log(upper) - log(lower)))
        }
    }

    struct Point: CustomStringConvertible {
        var m, n, d: Int
        var lambda0, delta, kappa, epsilon: Double
        var k: Int
        var description: String { "m=\(m) N=\(n) d=\(d) lambda0=\(lambda0) delta=\(delta) kappa=\(kappa) k=\(k) eps=\(epsilon)" }
    }

    static func points(count: Int, seed: UInt64) -> [Point] {
        var g = Generator(state: seed)
        return (0..<count).map { _ in
            Point(m: Int(g.logUniform(10, 1e5).rounded()), n: Int(g.logUniform(1e2, 1e7).rounded()),
                  d: Int(g.logUniform(2, 3000).rounded()), lambda0: g.logUniform(1e-4, 0.5), delta: g.logUniform(1e-3, 0.5),
                  kappa: g.logUniform(0.01, 10), epsilon: g.logUniform(1, 1e12), k: Int(g.logUniform(1, 1e6).rounded()))
        }
    }

    /// k_min against its definition: the least k >= 1 with D^2 H_k/(2k) < eps, exactly up to
    /// 2^53; beyond, no k <= 2^53 qualifies and the value is the real root of
    /// ln k + gamma_E = 2 eps k / D^2 (checked in logarithms, so it cannot overflow).
    static func checkSmallestSize(_ c: TheoremC, epsilon: Double, point: Point) throws {
        let s = try c.smallestSubnetworkSize(epsilon: epsilon)
        // D^2 H_k/(2k) < eps, in logarithms where D^2 overflows.
        func meets(_ k: Double) throws -> Bool {
            if !(c.diameter * c.diameter).isFinite {
                return log(try SpecialFunctions.harmonicNumber(k)) - log(k) < log(2) + log(epsilon) - 2 * log(c.diameter)
            }
            return try c.greedyTerm(subnetworkSize: Int(k)) < epsilon
        }
        if s.exceedsIntegerPrecision {
            #expect(s.exact >= TheoremC.largestExactInteger, "\(point)")
            #expect(try !meets(TheoremC.largestExactInteger), "\(point): a k <= 2^53 meets eps")
            if s.exact.isFinite {
                // ln(ln k + gamma_E) = ln a + ln k, with ln a = ln 2 + ln eps - 2 ln D.
                let lhs = log(log(s.exact) + SpecialFunctions.eulerGamma)
                let rhs = log(2) + log(epsilon) - 2 * log(c.diameter) + log(s.exact)
                #expect(abs(lhs - rhs) <= 1e-13 * max(1, abs(rhs)), "\(point): k_min = \(s.exact) is not the root")
            }
        } else {
            #expect(s.exact >= 1 && s.exact == s.exact.rounded(), "\(point)")
            #expect(try meets(s.exact), "\(point): greedy term at k_min = \(s.exact) not below eps")
            if s.exact > 1 { #expect(try !meets(s.exact - 1), "\(point): k_min - 1 = \(s.exact - 1) already meets eps") }
        }
    }

    /// t_star against its definition: the least t >= 0 with 1/2 rate^t B <= eps - g_k, in
    /// logarithms (t S >= log(B / (2 (eps - g_k))) with S = -log1p(-eta lambda0/2)), to a
    /// relative 1e-12 for the rounding of the closed form; above 2^53 only t S >= log ratio.
    static func checkThreshold(_ c: TheoremC, epsilon: Double, k: Int, point: Point) throws {
        let g = try c.greedyTerm(subnetworkSize: k)
        let threshold = try c.closedFormThreshold(epsilon: epsilon, subnetworkSize: k)
        guard epsilon > g else {
            #expect(threshold.iterations == nil, "\(point): a threshold although eps <= g_k")
            return
        }
        let t = try #require(threshold.iterations, "\(point): no threshold although eps > g_k")
        let logRatio = log(c.initialResidualBound / (2 * (epsilon - g)))
        let s = -log1p(-c.theoremA.eta * c.theoremA.parameters.lambda0 / 2)
        #expect(t >= 0 && t == t.rounded(), "\(point)")
        if t == 0 { #expect(logRatio <= 0, "\(point)"); return }
        let slack = 1e-12 * max(1, abs(logRatio))
        #expect(t * s >= logRatio - slack, "\(point): t_star = \(t) too small")
        if t <= TheoremC.largestExactInteger { #expect((t - 1) * s < logRatio + slack, "\(point): t_star = \(t) not the least") }
    }

    @Test func tenThousandPointsFinishAndMeetTheirDefinitions() throws {
        var slowest = 0.0
        var beyondIntegers = 0
        for point in Self.points(count: 10_000, seed: 14) {
            let start = DispatchTime.now().uptimeNanoseconds
            let parameters = try NetworkParameters(samples: point.m, width: point.n, dimension: point.d, lambda0: point.lambda0,
                                                   delta: point.delta, kappa: point.kappa)
            let report = try BoundsReport(.init(parameters: parameters, subnetworkSize: point.k, epsilon: point.epsilon))
            let c = report.theoremC
            try Self.checkSmallestSize(c, epsilon: point.epsilon, point: point)
            try Self.checkThreshold(c, epsilon: point.epsilon, k: point.k, point: point)
            if report.smallestSubnetworkSize?.exceedsIntegerPrecision == true {
                beyondIntegers += 1
                #expect(report.notes.contains { $0.contains("exceeds 2^53") }, "\(point): no note on integer precision")
            }
            slowest = max(slowest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        // Both regimes are exercised (about a fifth of the points lie beyond 2^53).
        #expect(beyondIntegers > 100 && beyondIntegers < 9_900)
        print("BoundsTerminationTests: 10^4 points, \(beyondIntegers) with k_min beyond 2^53, slowest evaluation \(slowest) s")
    }

    /// Extreme inputs the CLI accepts: a diameter whose square overflows, eps tiny or huge, k at Int.max.
    @Test func extremeInputsReturn() throws {
        let a = try TheoremA(NetworkParameters(samples: 1, width: 1, dimension: 1, lambda0: 0.5))
        for diameter in [1e-300, 1e-10, 1, 1e10, 1e160, 1e300, Double.greatestFiniteMagnitude] {
            let c = try TheoremC(a, diameter: diameter, diameterSource: .measured)
            for epsilon in [Double.leastNonzeroMagnitude, 1e-300, 1, 1e300, Double.greatestFiniteMagnitude] {
                let point = Point(m: 1, n: 1, d: 1, lambda0: 0.5, delta: 0.1, kappa: 1, epsilon: epsilon, k: 1)
                try Self.checkSmallestSize(c, epsilon: epsilon, point: point)
                for k in [1, 1_000_000, Int.max] { _ = try c.closedFormThreshold(epsilon: epsilon, subnetworkSize: k) }
            }
        }
    }

    /// The reproducer of issue 14: k_min lies beyond 2^53 and is reported as a real value with a note.
    @Test func issueReproducerReportsBeyondIntegerPrecision() throws {
        let parameters = try NetworkParameters(samples: 1000, width: 746, dimension: 10, lambda0: 0.08)
        let report = try BoundsReport(.init(parameters: parameters, subnetworkSize: 100, epsilon: 1))
        let smallest = try #require(report.smallestSubnetworkSize)
        #expect(smallest.exceedsIntegerPrecision)
        #expect(report.notes.contains { $0.hasPrefix("k_min = ") && $0.contains("exceeds 2^53") })
    }

    @Test func luekerSampleCountBeyondIntegersThrows() {
        #expect(throws: BoundsError.self) { try SubsetSumWidth.luekerSampleCount(epsilon: 0.01, constant: 1e18) }
        #expect(SubsetSumWidth.pensiaHiddenWidth(factor: 1e18 * 10, inputWidth: 784) == 1e19 * 784)
    }
}
