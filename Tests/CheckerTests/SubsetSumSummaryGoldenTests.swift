import Bounds
import Foundation
import Testing
@testable import Checker
@testable import Engine

/// Golden files for the SubsetSum reports that moved from the command line into Checker: the
/// table and JSON of `lth subsetsum measure` (a seeded Monte Carlo of exact subset sums and a
/// seeded bootstrap, no BLAS) and of `lth bounds strong` with a given constant (logarithms only).
@Suite struct SubsetSumSummaryGoldenTests {
    @Test func luekerMeasurementSummary() throws {
        let experiment = try LuekerExperiment(epsilons: [0.1, 0.05], trials: 60, seed: 0, maximumCount: 14, bootstrapResamples: 50)
        let measurement = try experiment.run()
        try Golden.check(measurement.summaryTable(seconds: 1.25, constantUse: "use with lth bounds strong --constant") + "\n",
                         against: "subsetsum_measure.txt")
        try Golden.check(measurement.summaryJSON(seconds: 1.25).rendered(indent: 2) + "\n", against: "subsetsum_measure.json")
        // The rows printed for each eps end at n(eps) (or the largest n tried).
        for e in experiment.epsilons.indices {
            #expect(measurement.summaryCounts(epsilonIndex: e).upperBound == measurement.requiredCounts[e] ?? experiment.maximumCount)
        }
    }

    @Test func strongTicketWidthsSummary() throws {
        let widths = try StrongTicketWidths(widths: [784, 300, 100, 10], epsilon: 0.01, delta: 0.05, constant: .given(2.5)) { _, _ in
            Issue.record("a given constant measures nothing")
        }
        try Golden.check(widths.summaryTable + "\n", against: "bounds_strong.txt")
        try Golden.check(widths.summaryJSON.rendered(indent: 2) + "\n", against: "bounds_strong.json")
        // n_1 = C log(d_0 d_1 l / min(eps, delta)) = 2.5 log(784 * 300 * 3 / 0.01).
        #expect(abs(widths.pensiaFactors[0] - 2.5 * log(784.0 * 300 * 3 / 0.01)) <= 1e-12 * widths.pensiaFactors[0])
        #expect(widths.malachFactor == pow(784.0, 4) * 9)
    }
}
