import Foundation
import PropertyBased
import Testing
@testable import Checker

@Suite struct StatisticsTests {
    /// scipy.stats.t.ppf(0.975, df) for df = 1, 2, 3, 5, 10, 30, 100 (scipy 1.17).
    static let reference: [(Double, Double)] = [
        (1, 12.706204736174694), (2, 4.302652729749462), (3, 3.1824463052837078), (5, 2.5705818356363146),
        (10, 2.228138851986274), (30, 2.0422724563012378), (100, 1.9839715185235518),
    ]

    @Test func quantileMatchesReferenceValues() throws {
        for (nu, expected) in Self.reference {
            let t = try StudentT.quantile(0.975, degreesOfFreedom: nu)
            #expect(abs(t - expected) <= 1e-10 * expected, "df \(nu): \(t) vs \(expected)")
        }
        #expect(abs(try StudentT.quantile(0.9, degreesOfFreedom: 4) - 1.533206274058944) < 1e-10)
        #expect(abs(try StudentT.quantile(0.999, degreesOfFreedom: 7) - 4.785289628638333) < 1e-9)
        #expect(abs(try StudentT.quantile(0.025, degreesOfFreedom: 10) + 2.228138851986274) < 1e-10)
        #expect(try StudentT.quantile(0.5, degreesOfFreedom: 3) == 0)
    }

    @Test func quantileMatchesClosedForms() async {
        // nu = 1 (Cauchy): tan(pi (p - 1/2)); nu = 2: (2p - 1) / sqrt(2 p (1 - p)).
        await propertyCheck(count: 200, input: Gen.double(in: 0.001...0.999)) { p in
            let cauchy = tan(Double.pi * (p - 0.5))
            let two = (2 * p - 1) / (2 * p * (1 - p)).squareRoot()
            let t1 = try! StudentT.quantile(p, degreesOfFreedom: 1)
            let t2 = try! StudentT.quantile(p, degreesOfFreedom: 2)
            #expect(abs(t1 - cauchy) <= 1e-9 * max(1, abs(cauchy)))
            #expect(abs(t2 - two) <= 1e-9 * max(1, abs(two)))
        }
    }

    @Test func distributionFunctionInvertsTheQuantile() async {
        await propertyCheck(count: 200, input: Gen.double(in: 0.0005...0.9995), Gen.double(in: 0.5...200)) { p, nu in
            let t = try! StudentT.quantile(p, degreesOfFreedom: nu)
            let back = try! StudentT.cumulativeProbability(t, degreesOfFreedom: nu)
            #expect(abs(back - p) <= 1e-12)
            #expect(abs(try! StudentT.cumulativeProbability(-t, degreesOfFreedom: nu) - (1 - p)) <= 1e-12)
        }
    }

    @Test func quantileIsFiniteAndInvertsWhereGSLDoesNotConverge() {
        // A grid over small nu, where gsl_cdf_tdist_Pinv's iteration can fail (NaN, e.g. p = 0.528, nu = 0.669);
        // a seeded property run met such a point (the bisection fallback of `quantile`).
        for (p, nu) in [(0.528365577380092, 0.6685212308034587), (0.4281651206055891, 0.5983752570694356), (0.5040104287457191, 0.5477661578996798)] {
            let t = try! StudentT.quantile(p, degreesOfFreedom: nu)
            #expect(t.isFinite && abs(try! StudentT.cumulativeProbability(t, degreesOfFreedom: nu) - p) <= 1e-12, "nu \(nu), p \(p)")
        }
        for nu in stride(from: 0.5, through: 3.0, by: 0.05) {
            for p in [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.2, 0.41, 0.43, 0.47, 0.5, 0.504, 0.53, 0.62, 0.8, 0.95, 0.975, 0.99, 0.995, 0.999, 0.9995] {
                let t = try! StudentT.quantile(p, degreesOfFreedom: nu)
                #expect(t.isFinite, "nu \(nu), p \(p)")
                #expect(abs(try! StudentT.cumulativeProbability(t, degreesOfFreedom: nu) - p) <= 1e-12, "nu \(nu), p \(p)")
            }
        }
    }

    @Test func invalidArguments() {
        #expect(throws: CheckerError.self) { try StudentT.quantile(1, degreesOfFreedom: 3) }
        #expect(throws: CheckerError.self) { try StudentT.quantile(0.5, degreesOfFreedom: 0) }
        #expect(throws: CheckerError.self) { try StudentT.twoSidedQuantile(level: 1.5, degreesOfFreedom: 3) }
    }

    @Test func regressionMatchesReference() throws {
        // scipy.stats.linregress([1,2,3,4,5,6], [2.1,3.9,6.2,7.8,10.1,12.2]) (scipy 1.17).
        let r = try LinearRegression(x: [1, 2, 3, 4, 5, 6], y: [2.1, 3.9, 6.2, 7.8, 10.1, 12.2])
        #expect(abs(r.slope - 2.0199999999999996) < 1e-12)
        #expect(abs(r.intercept - -0.019999999999998685) < 1e-12)
        #expect(abs(r.slopeStandardError - 0.04276179870599006) < 1e-13)
        #expect(abs(r.interceptStandardError - 0.16653327995729902) < 1e-13)
        #expect(abs(r.rSquared! - 0.9982106661074996) < 1e-13)
        #expect(abs(try r.quantile() - 2.7764451051977934) < 1e-10)  // t.ppf(0.975, 4)
    }

    @Test func regressionRefusesWhatTheDataCannotSay() async throws {
        // An exact line: zero residual, so no interval of nonzero width exists.
        await propertyCheck(count: 100, input: Gen.double(in: -5...5), Gen.double(in: -5...5)) { a, b in
            let x = [0.5, 1, 2, 4, 8]
            #expect(throws: CheckerError.self) { try LinearRegression(x: x, y: x.map { a + b * $0 }) }
        }
        // Two distinct x values, however many points: refused, and the reason says why.
        do {
            _ = try LinearRegression(x: [1, 1, 2, 2], y: [1, 2, 3, 5])
            Issue.record("two distinct x must be refused")
        } catch let CheckerError.insufficientData(_, reason) {
            #expect(reason.contains("2 distinct x"))
        }
        // All y equal: the total sum of squares is 0 (R^2 undefined) and the line is exact: refused.
        #expect(throws: CheckerError.self) { try LinearRegression(x: [1, 2, 3, 4], y: [2, 2, 2, 2]) }
        #expect(try LinearRegression(x: [1, 2, 3, 4], y: [2, 1, 1, 2]).rSquared == 0)
    }

    @Test func regressionRejectsTooLittleData() {
        #expect(throws: CheckerError.self) { try LinearRegression(x: [1, 2], y: [1, 2]) }
        #expect(throws: CheckerError.self) { try LinearRegression(x: [3, 3, 3], y: [1, 2, 3]) }
        #expect(throws: CheckerError.self) { try LinearRegression(x: [1, 2, .nan], y: [1, 2, 3]) }
    }

    @Test func sampleSummary() throws {
        let s = try #require(SampleSummary([2, 4, 4, 4, 5, 5, 7, 9]))
        #expect(s.count == 8 && s.mean == 5 && s.minimum == 2 && s.maximum == 9)
        #expect(abs(s.standardDeviation! - (32.0 / 7).squareRoot()) < 1e-14)
        #expect(SampleSummary([3])?.standardDeviation == nil)
        #expect(SampleSummary([]) == nil)
        #expect(SampleSummary([0.1, 0.1, 0.1])?.standardDeviation == 0)
        #expect(SampleSummary([0.1, 0.1, 0.1])?.mean == 0.1)
    }

    @Test func lossLawRecoversAPowerLaw() throws {
        // l_k = 3 k^(-1) times a small alternating factor: gamma about 1, c about 3.
        var bRows: [TheoremBRow] = []
        for (i, k) in [1, 2, 4, 8, 16].enumerated() {
            let loss = 3 / Double(k) * (i % 2 == 0 ? 1.01 : 0.99)
            bRows.append(try TheoremBRow(samples: 20, seed: 1, iteration: 5, subnetworkSize: k, prunedLoss: loss,
                                         denseLoss: 0, diameter: 10, targetNorm2: 20, convention: .sum))
        }
        let power = try LawFit.lossVersusSubnetworkSize(bRows, samples: 20, iteration: 5)
        #expect(abs(power.estimates[1].value - 1) < 0.01 && abs(power.estimates[0].value - 3) < 0.05)
        #expect(power.estimates[1].lower < 1 && 1 < power.estimates[1].upper)
        #expect(power.estimates[1].lower < power.estimates[1].upper)
        #expect(throws: CheckerError.self) { try LawFit.lossVersusSubnetworkSize(bRows, samples: 21, iteration: 5) }
    }
}
