import Bounds
import Engine
import Foundation
import Testing
@testable import Checker

/// Every verdict category of THEORY.md section 7, made by the `Agreement.verdict` functions,
/// and a small result in scope of Theorem A that shows them in the tables (golden files).
@Suite struct VerdictTests {
    static let grid = [0, 10, 20, 40, 80]

    /// One claim per category, with the verdict text every format prints.
    static var categories: [(String, Verdict)] {
        let a = Agreement.exact
        return [
            ("bound, hypotheses fail", a.verdict(measured: 1, bound: 2, trivial: (10, "||y||^2"),
                                                 failures: [HypothesisFailure.ratio("N_req/N", 4.3e22)!, HypothesisFailure.ratio("eta/eta_max", 8e3)!])),
            ("bound not below the trivial value", a.verdict(measured: 1, bound: 17.8, trivial: (0.5, "1/2 ||y||^2"))),
            ("bound, in scope, measured below", a.verdict(measured: 1, bound: 2, trivial: (10, "||y||^2"))),
            ("bound, in scope, measured above", a.verdict(measured: 3, bound: 2, trivial: (10, "||y||^2"))),
            ("pair, both inside the grid, one apart", a.verdict(measured: 20, predicted: 20, checkpoints: grid)),
            ("pair, both inside the grid, apart", a.verdict(measured: 10, predicted: 40, checkpoints: grid)),
            ("pair, measured never reached", a.verdict(measured: nil, predicted: 20, checkpoints: grid)),
            ("pair, predicted only at the last checkpoint", a.verdict(measured: 20, predicted: 80, checkpoints: grid)),
            ("pair, measured at t = 0", a.verdict(measured: 0, predicted: 10, checkpoints: grid)),
            ("upper bound, t_hat before it", a.verdict(measured: 10, upperBound: 40, checkpoints: grid)),
            ("upper bound, t_hat after it", a.verdict(measured: 80, upperBound: 20, checkpoints: grid)),
            ("upper bound, t_hat never, bound reached", a.verdict(measured: nil, upperBound: 20, checkpoints: grid)),
            ("upper bound never reached", a.verdict(measured: 10, upperBound: nil, checkpoints: grid)),
            ("upper bound beyond the grid", a.verdict(measured: 10, upperBound: 1e4, checkpoints: grid, names: ("t_hat", "t_star"))),
            ("upper bound, t_hat at t = 0", a.verdict(measured: 0, upperBound: 20, checkpoints: grid)),
            ("upper bound, theorem out of scope", a.verdict(measured: 10, upperBound: 20, checkpoints: grid, names: ("t_hat", "t_star"),
                                                            failures: [HypothesisFailure(ratio: "no threshold: eps = 2 does not exceed the greedy term 2.91", factor: nil)])),
        ]
    }

    @Test func everyCategoryIsReachedAndGolden() throws {
        let cases = Self.categories
        #expect(Set(cases.map(\.1.label)) == ["out of scope", "vacuous", "holds", "VIOLATED", "agrees", "disagrees", "censored",
                                              "consistent", "inconsistent"])
        let text = cases.map { "\($0.0): \($0.1.text)" }.joined(separator: "\n") + "\n"
            + "summary: " + VerdictTally(cases.map(\.1)).summary + "\n"
        try Golden.check(text, against: "verdicts.txt")
    }

    /// t_hat is the first passage below eps, t_stay the start of the last stretch below eps that
    /// reaches the end of the grid; t_stay >= t_hat, and nil when the curve ends above eps.
    @Test func firstPassageAndStayingBelow() throws {
        let t = Self.grid
        #expect(TheoremCRow.firstCheckpoint(meeting: 0.5, checkpoints: t, values: [1, 0.4, 0.6, 0.3, 0.2]) == 10)
        #expect(TheoremCRow.settledCheckpoint(meeting: 0.5, checkpoints: t, values: [1, 0.4, 0.6, 0.3, 0.2]) == 40)
        #expect(TheoremCRow.settledCheckpoint(meeting: 0.5, checkpoints: t, values: [1, 0.4, 0.3, 0.2, 0.6]) == nil)
        #expect(TheoremCRow.settledCheckpoint(meeting: 0.5, checkpoints: t, values: [0.1, 0.2, 0.3, 0.4, 0.5]) == 0)
        // Order of the checkpoints does not matter.
        #expect(TheoremCRow.settledCheckpoint(meeting: 0.5, checkpoints: t.reversed(), values: [0.2, 0.3, 0.6, 0.4, 1]) == 40)
        // Seeded property: t_stay is nil or >= t_hat, and every value from t_stay on is <= eps.
        var generator = SeededGenerator(seed: 15)
        for _ in 0..<500 {
            let values = t.map { _ in Double(generator.nextIndex(below: 100)) / 100 }
            let first = TheoremCRow.firstCheckpoint(meeting: 0.5, checkpoints: t, values: values)
            guard let settled = TheoremCRow.settledCheckpoint(meeting: 0.5, checkpoints: t, values: values) else {
                #expect(values.last! > 0.5)
                continue
            }
            #expect(first != nil && settled >= first!)
            #expect(zip(t, values).allSatisfy { $0.0 < settled || $0.1 <= 0.5 })
        }
        #expect(throws: CheckerError.self) {
            try TheoremCRow(samples: 4, seed: 0, subnetworkSize: 2, epsilon: 0.5, empiricalThreshold: 40, settledThreshold: 20,
                            aPosterioriThreshold: nil, aPriori: .iterations(1))
        }
        #expect(throws: CheckerError.self) {
            try TheoremCRow(samples: 4, seed: 0, subnetworkSize: 2, epsilon: 0.5, empiricalThreshold: nil, settledThreshold: 20,
                            aPosterioriThreshold: nil, aPriori: .iterations(1))
        }
    }

    @Test func onlyInformativeVerdictsAreCounted() {
        let tally = VerdictTally(Self.categories.map(\.1))
        #expect(tally.total == Self.categories.count)
        #expect(tally.informativeCount == Self.categories.filter { $0.1.isInformative }.count)
        #expect(tally.count("holds") == 1 && tally.count("VIOLATED") == 1)
        #expect(tally.summary.contains("excluded: "))
    }

    /// Out of scope wins over every other verdict; vacuous over holds: nothing out of scope or
    /// vacuous is ever counted as holding, whatever the numbers.
    @Test func scopeAndVacuityComeFirst() {
        let a = Agreement.standard
        for measured in [0.0, 1, 5, 100] {
            for bound in [0.5, 2, 50] {
                let out = a.verdict(measured: measured, bound: bound, trivial: (10, "t"), failures: [HypothesisFailure.ratio("r", 2)!])
                #expect(out.label == "out of scope" && !out.isInformative)
                let v = a.verdict(measured: measured, bound: bound, trivial: (10, "t"))
                if bound >= 10 { #expect(v.label == "vacuous") } else { #expect(v.isInformative) }
            }
        }
        #expect(HypothesisFailure.ratio("N_req/N", 1) == nil)
    }

    /// A result in scope of Theorem A (N >= N_req, eta <= eta_max): the tables show holds,
    /// VIOLATED, vacuous and the threshold verdicts; golden terminal rendering with every row.
    static func inScopeResult() throws -> CheckResult {
        var a: [TheoremARow] = [], b: [TheoremBRow] = [], c: [TheoremCRow] = []
        for (m, seed) in [(4, 1), (4, 2)] {
            let r0 = 5.0
            var previous: Int? = nil
            for t in grid {
                // Seed 2 decays too slowly at t = 80: a VIOLATED row.
                let residual = r0 * pow(seed == 2 && t == 80 ? 0.999 : 0.97, Double(t))
                let previousResidual = previous.map { r0 * pow(0.97, Double($0)) }
                a.append(try TheoremARow(samples: m, seed: seed, iteration: t, residual: residual, initialResidual: r0, predictedRate: 0.98,
                                         measuredRate: previous.flatMap { TheoremARow.contraction(residual: residual, previousResidual: previousResidual!, steps: t - $0) },
                                         width: 1000, widthRequired: 800, eta: 0.01, etaMax: 0.02, lambda0Estimate: 4.2, lambda0: 4,
                                         targetNorm2: 4))
                previous = t
                for k in [2, 8] {
                    b.append(try TheoremBRow(samples: m, seed: seed, iteration: t, subnetworkSize: k, prunedLoss: residual / 2 + 0.1 / Double(k),
                                             denseLoss: residual / 2, diameter: 1, targetNorm2: 4, convention: .sum))
                }
            }
            c.append(try TheoremCRow(samples: m, seed: seed, subnetworkSize: 8, epsilon: 0.5, empiricalThreshold: seed == 1 ? 40 : 80,
                                     settledThreshold: 80,
                                     aPosterioriThreshold: 80, aPriori: .iterations(seed == 1 ? 60 : 30),
                                     // Seed 1 with exact crossings (verdicts at step resolution), seed 2 on the grid.
                                     empiricalCrossing: seed == 1 ? 33 : nil, aPosterioriCrossing: seed == 1 ? 61 : nil))
            c.append(try TheoremCRow(samples: m, seed: seed, subnetworkSize: 2, epsilon: 0.01, empiricalThreshold: nil, settledThreshold: nil,
                                     aPosterioriThreshold: nil, aPriori: .iterations(1e5)))
        }
        let p = Provenance(toolkitVersion: "0.1.0", configHash: "verdicts", dataDescription: "hand-built rows in scope of Theorem A",
                           lossConvention: .sum)
        return try CheckResult(provenance: p, checkpoints: grid, agreement: .exact, theoremA: a, theoremB: b, theoremC: c)
    }

    @Test func inScopeTablesAreGolden() throws {
        let r = try Self.inScopeResult()
        let labels = Set(r.theoremA.map { r.verdict($0).label })
        #expect(labels == ["vacuous", "holds", "VIOLATED"])
        #expect(Set(r.theoremC.map { r.aPrioriVerdict($0).label }) == ["consistent", "inconsistent", "censored"])
        try Golden.check(TerminalTable.render(r, detail: true), against: "verdicts_terminal.txt")
        #expect(r.verdictSummary[0].hasPrefix("Verdict summary: "))
    }
}
