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
        #expect(abs(r.rSquared - 0.9982106661074996) < 1e-13)
        #expect(abs(try r.quantile() - 2.7764451051977934) < 1e-10)  // t.ppf(0.975, 4)
    }

    @Test func exactLineHasZeroErrorAndUnitR2() async {
        await propertyCheck(count: 100, input: Gen.double(in: -5...5), Gen.double(in: -5...5)) { a, b in
            let x = [0.5, 1, 2, 4, 8]
            let r = try! LinearRegression(x: x, y: x.map { a + b * $0 })
            #expect(abs(r.slope - b) < 1e-9 && abs(r.intercept - a) < 1e-9)
            #expect(r.slopeStandardError < 1e-7)
            #expect(r.rSquared > 1 - 1e-9)
        }
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

    @Test func lawFitsRecoverExactLaws() throws {
        // t_hat = 12 + 30 ln m exactly (plus a small alternating wobble), two seeds per m.
        var rows: [TheoremCRow] = []
        for (i, m) in [50, 100, 200, 400].enumerated() {
            for seed in [1, 2] {
                let t = Int((12 + 30 * log(Double(m))).rounded()) + (seed == 1 ? 1 : -1) * (i % 2)
                rows.append(try TheoremCRow(samples: m, seed: seed, subnetworkSize: 10, epsilon: 1, empiricalThreshold: t,
                                            aPosterioriThreshold: nil, aPriori: .none(reason: "none")))
            }
        }
        rows.append(try TheoremCRow(samples: 800, seed: 1, subnetworkSize: 10, epsilon: 1, empiricalThreshold: nil,
                                    aPosterioriThreshold: nil, aPriori: .none(reason: "none")))
        let fit = try LawFit.thresholdVersusLogSamples(rows, subnetworkSize: 10, epsilon: 1, convention: .sum)
        #expect(fit.count == 8 && fit.excluded == 1)
        #expect(fit.estimates.map(\.name) == ["alpha", "beta"])
        #expect(abs(fit.estimates[1].value - 30) < 0.5)
        #expect(fit.estimates[1].lower < 30 && 30 < fit.estimates[1].upper)
        #expect(fit.estimates[1].lower > 0)
        #expect(fit.prediction.contains("beta > 0"))

        // l_k = 3 k^(-1) exactly: gamma = 1, c = 3, degenerate (zero-width) intervals.
        var bRows: [TheoremBRow] = []
        for k in [1, 2, 4, 8, 16] {
            var row = try TheoremBRow(samples: 20, seed: 1, iteration: 5, subnetworkSize: k, prunedLoss: 3 / Double(k),
                                      denseLoss: 0, diameter: 10, convention: .sum)
            row.prunedLoss = 3 / Double(k)
            bRows.append(row)
        }
        let power = try LawFit.lossVersusSubnetworkSize(bRows, samples: 20, iteration: 5)
        #expect(abs(power.estimates[1].value - 1) < 1e-12 && abs(power.estimates[0].value - 3) < 1e-12)
        #expect(abs(power.value(at: 8) - 3.0 / 8) < 1e-12)
        #expect(throws: CheckerError.self) { try LawFit.lossVersusSubnetworkSize(bRows, samples: 21, iteration: 5) }
    }
}
