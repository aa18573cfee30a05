import Foundation
import PropertyBased
import Testing
@testable import Bounds

@Suite struct TheoremATests {
    @Test func matchesIndependentComputation() throws {
        let cases: [(m: Int, n: Int, lambda0: Double, eta: Double?, delta: Double, kappa: Double, y2: Double?)] = [
            (100, 10_000, 0.05, nil, 0.1, 1, nil),
            (1000, 1_000_000, 1e-3, 1e-10, 0.05, 0.1, 250),
            (8000, 50_000, 2.5e-4, nil, 0.5, 2, 8000),
            (1, 1, 0.5, 0.1, 0.9, 1e-3, 0),
        ]
        for c in cases {
            let theorem = try TheoremA(NetworkParameters(samples: c.m, width: c.n, dimension: 10, lambda0: c.lambda0,
                                                         learningRate: c.eta, delta: c.delta, kappa: c.kappa, targetNorm2: c.y2))
            let expected = Independent.theoremA(m: Double(c.m), n: Double(c.n), lambda0: c.lambda0, eta: c.eta,
                                                delta: c.delta, kappa: c.kappa, y2: c.y2 ?? Double(c.m))
            #expect(Independent.close(theorem.p, expected.p, relative: 1e-15))
            #expect(Independent.close(theorem.radiusR, expected.r, relative: 1e-12))
            #expect(Independent.close(theorem.initialLossBoundB, expected.b, relative: 1e-15))
            #expect(Independent.close(theorem.widthRequiredHoeffding, expected.nHoeffding, relative: 1e-14))
            #expect(Independent.close(theorem.widthRequiredMovement, expected.nMovement, relative: 1e-11))
            #expect(Independent.close(theorem.widthRequired, expected.nRequired, relative: 1e-11))
            #expect(Independent.close(theorem.etaMax, expected.etaMax, relative: 1e-15))
            #expect(Independent.close(theorem.rate, expected.rate, relative: 1e-15))
            #expect(theorem.widthOK == (Double(c.n) >= expected.nRequired))
            let expectedMovement = 4 * Double(c.m).squareRoot() * expected.b.squareRoot() / (Double(c.n).squareRoot() * c.lambda0)
            #expect(Independent.close(theorem.worstCaseMovementRadius, expectedMovement, relative: 1e-14))
        }
    }

    /// A smaller (certified) lambda_0 must never make the theorem's demands weaker.
    @Test func conservativeInLambda0() async {
        await propertyCheck(count: 200, input: Gen.int(in: 1...20_000), Gen.double(in: 1e-6...0.5), Gen.double(in: 0.01...0.99)) { m, lambda0, shrink in
            let high = try? TheoremA(NetworkParameters(samples: m, width: 1000, dimension: 5, lambda0: lambda0))
            let low = try? TheoremA(NetworkParameters(samples: m, width: 1000, dimension: 5, lambda0: lambda0 * shrink))
            guard let high, let low else { Issue.record("evaluation failed"); return }
            #expect(low.widthRequired >= high.widthRequired)
            #expect(low.etaMax <= high.etaMax)
            #expect(low.rate >= high.rate)
            #expect(low.radiusR <= high.radiusR)
        }
    }

    @Test func badParametersNameTheirParameter() {
        func flag(_ body: () throws -> Void) -> BoundsParameter? {
            do { try body() } catch let BoundsError.invalidParameter(parameter, _, _) { return parameter } catch { return nil }
            return nil
        }
        #expect(flag { _ = try NetworkParameters(samples: 0, width: 1, dimension: 1, lambda0: 0.1) } == .samples)
        #expect(flag { _ = try NetworkParameters(samples: 1, width: 0, dimension: 1, lambda0: 0.1) } == .width)
        #expect(flag { _ = try NetworkParameters(samples: 1, width: 1, dimension: 0, lambda0: 0.1) } == .dimension)
        #expect(flag { _ = try NetworkParameters(samples: 1, width: 1, dimension: 1, lambda0: 0) } == .lambda0)
        #expect(flag { _ = try NetworkParameters(samples: 1, width: 1, dimension: 1, lambda0: 0.6) } == .lambda0)
        #expect(flag { _ = try NetworkParameters(samples: 1, width: 1, dimension: 1, lambda0: .nan) } == .lambda0)
        #expect(flag { _ = try NetworkParameters(samples: 1, width: 1, dimension: 1, lambda0: 0.1, learningRate: 0) } == .learningRate)
        #expect(flag { _ = try NetworkParameters(samples: 1, width: 1, dimension: 1, lambda0: 0.1, delta: 1) } == .delta)
        #expect(flag { _ = try NetworkParameters(samples: 1, width: 1, dimension: 1, lambda0: 0.1, delta: 0) } == .delta)
        #expect(flag { _ = try NetworkParameters(samples: 1, width: 1, dimension: 1, lambda0: 0.1, kappa: -1) } == .kappa)
        #expect(flag { _ = try NetworkParameters(samples: 1, width: 1, dimension: 1, lambda0: 0.1, targetNorm2: -1) } == .targetNorm2)
    }
}
