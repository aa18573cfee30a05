import Foundation
import PropertyBased
import Testing
@testable import Bounds

@Suite struct TheoremCTests {
    static func theorem(m: Int, n: Int, lambda0: Double, eta: Double? = nil, diameter: Double) throws -> TheoremC {
        let a = try TheoremA(NetworkParameters(samples: m, width: n, dimension: 4, lambda0: lambda0, learningRate: eta))
        return try TheoremC(a, diameter: diameter, diameterSource: .measured)
    }

    /// t_star against its definition: the least integer t >= 0 with
    /// 1/2 rate^t B <= eps - g_k, found by exponentiation in 80-bit extended precision
    /// (`powl`, not log1p) and bisection. The range keeps x = eta lambda0/2 >= 6e-8, where
    /// 1 - x is exact enough in 64-bit-mantissa arithmetic for the comparison to be decided
    /// correctly; `thresholdForRatesNearOne` covers x down to 1e-14 by a series.
    @Test func thresholdMatchesIndependentComputation() async {
        await propertyCheck(count: 300, input: Gen.int(in: 1...20), Gen.double(in: 0.01...0.5), Gen.double(in: 0.1...50), Gen.int(in: 1...200)) { m, lambda0, diameter, k in
            let c: TheoremC
            do { c = try Self.theorem(m: m, n: 1000, lambda0: lambda0, eta: nil, diameter: diameter) } catch {
                Issue.record("evaluation failed: \(error)"); return
            }
            let g = diameter * diameter * Independent.harmonic(k) / (2 * Double(k))
            let b = c.initialResidualBound
            // A target between g and g + B, so the threshold is usually positive.
            let eps = g + b / 2 * 0.37
            let rate = 1 - Float80(lambda0) / (2 * Float80(m * m)) * Float80(lambda0) / 2
            func satisfied(_ t: Double) -> Bool { 0.5 * powl(rate, Float80(t)) * Float80(b) <= Float80(eps - g) }
            var hi = 1.0
            while !satisfied(hi) { hi *= 2 }
            var lo = 0.0
            if satisfied(0) { hi = 0 } else {
                while hi - lo > 1 { let mid = ((lo + hi) / 2).rounded(.down); if satisfied(mid) { hi = mid } else { lo = mid } }
            }
            guard case let .iterations(t)? = try? c.closedFormThreshold(epsilon: eps, subnetworkSize: k) else {
                Issue.record("no threshold for eps above the greedy term"); return
            }
            // The closed form may land one step off only where 1/2 rate^t B equals eps - g to rounding.
            #expect(abs(t - hi) <= 1 && (t == hi || abs(0.5 * powl(rate, Float80(min(t, hi))) * Float80(b) - Float80(eps - g)) <= 1e-9 * Float80(b)))
        }
    }

    /// For rates within 1e-14 of one, against t = ceil(log(B / (2(eps - g))) / S) with
    /// S = x + x^2/2 + x^3/3 = -log(1 - x) to float64 accuracy for x < 1e-5 (a series, not log1p).
    @Test func thresholdForRatesNearOne() throws {
        for (m, lambda0) in [(281, 1e-4), (2000, 1e-3), (8000, 2e-5)] {
            let c = try Self.theorem(m: m, n: 1000, lambda0: lambda0, diameter: 0.3)
            let g = 0.09 * Independent.harmonic(7) / 14
            let eps = g + 0.01
            let x = lambda0 / (2 * Double(m * m)) * lambda0 / 2
            let series = x + x * x / 2 + x * x * x / 3
            let expected = (log(c.initialResidualBound / (2 * (eps - g))) / series).rounded(.up)
            let t = try #require(try c.closedFormThreshold(epsilon: eps, subnetworkSize: 7).iterations)
            #expect(abs(t - expected) <= 1e-12 * expected + 1)
        }
    }

    @Test func thresholdIsZeroWhenInitialLossAlreadyMeetsTarget() throws {
        let c = try Self.theorem(m: 10, n: 1000, lambda0: 0.1, diameter: 1e-3)
        #expect(try c.closedFormThreshold(epsilon: c.initialResidualBound, subnetworkSize: 100) == .iterations(0))
    }

    @Test func noThresholdSentences() throws {
        // m = 1 and lambda0 = 0.5 keep N_req near 2e9, so Theorem A's hypotheses can hold.
        let c = try Self.theorem(m: 1, n: Int.max / 4, lambda0: 0.5, diameter: 10)
        #expect(c.theoremA.hypothesesHold)
        guard case let .none(reason) = try c.threshold(epsilon: 1, subnetworkSize: 5) else {
            Issue.record("expected no threshold"); return
        }
        #expect(reason.hasPrefix("no threshold: eps = 1 does not exceed the greedy term"))
        #expect(reason.contains("for k = 5; the smallest k with a threshold is"))
        let narrow = try Self.theorem(m: 10, n: 100, lambda0: 0.1, diameter: 1)
        guard case let .none(widthReason) = try narrow.threshold(epsilon: 100, subnetworkSize: 5) else {
            Issue.record("expected no threshold"); return
        }
        #expect(widthReason.contains("is below N_req"))
        let fast = try Self.theorem(m: 1, n: Int.max / 4, lambda0: 0.5, eta: 1, diameter: 1)
        guard case let .none(etaReason) = try fast.threshold(epsilon: 100, subnetworkSize: 5) else {
            Issue.record("expected no threshold"); return
        }
        #expect(etaReason.contains("exceeds eta_max"))
        // With both hypotheses met and eps above the greedy term, a threshold exists.
        #expect(try c.threshold(epsilon: 1000, subnetworkSize: 5).iterations != nil)
    }

    /// k_min is the least k with D^2 H_k/(2k) < eps, checked with plain harmonic sums;
    /// the Lambert W estimate lies within 2 of it.
    @Test func smallestSubnetworkSizeIsExact() async {
        await propertyCheck(count: 200, input: Gen.double(in: 0.5...20), Gen.double(in: 1e-3...1.2)) { diameter, fraction in
            let eps = diameter * diameter / 2 * fraction * fraction
            guard let c = try? Self.theorem(m: 5, n: Int.max / 4, lambda0: 0.1, diameter: diameter),
                  let result = try? c.smallestSubnetworkSize(epsilon: eps) else {
                Issue.record("evaluation failed"); return
            }
            let k = Int(result.exact)
            func g(_ k: Int) -> Double { diameter * diameter * Independent.harmonic(k) / (2 * Double(k)) }
            #expect(g(k) < eps)
            if k > 1 { #expect(g(k - 1) >= eps) }
            if let estimate = result.estimate, k >= 10 { #expect(abs(estimate - Double(k)) <= 2) }
        }
    }

    @Test func largeSmallestSubnetworkSize() throws {
        // a = 2 eps / D^2 = 1e-9: k_min near 2.4e10, found without stepping one by one.
        let c = try Self.theorem(m: 5, n: Int.max / 4, lambda0: 0.1, diameter: 1)
        let result = try c.smallestSubnetworkSize(epsilon: 0.5e-9)
        let a = 1e-9
        func ratio(_ k: Double) throws -> Double { try SpecialFunctions.harmonicNumber(k) / k }
        #expect(try ratio(result.exact) < a)
        #expect(try ratio(result.exact - 1) >= a)
        #expect(abs(result.estimate! - result.exact) <= 2)
    }
}
