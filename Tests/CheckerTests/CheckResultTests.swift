import Bounds
import Engine
import Foundation
import Testing
@testable import Checker

@Suite struct CheckResultTests {
    @Test func exampleHasTheDocumentedShape() {
        let r = CheckResult.example
        #expect(r.checkpoints == [0, 50, 100, 200, 400, 800])
        #expect(r.theoremA.count == 3 * 2 * 6)
        #expect(r.theoremB.count == 3 * 2 * 6 * 4)
        #expect(r.theoremC.count == 3 * 2)
        #expect(r.theoremBAggregates.count == 3 * 6 * 4)
        #expect(r.theoremBAggregates.allSatisfy { $0.seeds == 2 && $0.verdicts.total == 2 })
        #expect(r.theoremCAggregates.count == 3)
        // Fits: one loss law per m at t = 800; one threshold comparison of t_hat and one of t_stay (k = 20, eps = 2).
        #expect(r.lawFits.count == 3)
        #expect(r.thresholdScalings.map(\.response) == ["t_hat", "t_stay"])
        // The dense threshold beside t_K per (m, seed), and the law of each against m.
        #expect(r.kernelThresholds.count == 3 * 2)
        #expect(r.kernelThresholdScalings.map(\.response) == ["t_dense", "t_K"])
        #expect(r.notes.isEmpty)
    }

    /// t_dense against t_K: t_K is moved to the first checkpoint at or after it; a diverging
    /// prediction is out of scope, never reached and beyond the grid are censored.
    @Test func kernelThresholdVerdicts() throws {
        let r = CheckResult.example
        func verdict(_ dense: Int?, _ kernel: KernelPrediction.ReachTime) throws -> Verdict {
            r.kernelVerdict(try KernelThresholdRow(samples: 50, seed: 1, epsilon: 2, denseThreshold: dense, kernelThreshold: kernel))
        }
        #expect(try verdict(400, .step(266)) == .agrees)        // 266 -> 400
        #expect(try verdict(100, .step(266)) == .disagrees)     // 400 vs 100: two grid steps apart
        #expect(try verdict(200, .step(200)) == .agrees)
        #expect(try verdict(400, .step(900)) == .censored(Censoring("t_K", .beyondGrid(900))))
        #expect(try verdict(400, .step(500)) == .censored(Censoring("t_K", .lastCheckpoint(800))))
        #expect(try verdict(nil, .step(100)) == .censored(Censoring("t_dense", .neverReached)))
        #expect(try verdict(400, .never(limitLoss: 3)) == .censored(Censoring("t_K", .neverReached)))
        #expect(try verdict(400, .step(0)) == .censored(Censoring("t_K", .firstCheckpoint)))
        guard case .outOfScope = try verdict(400, .diverges) else { Issue.record("a diverging prediction is out of scope"); return }
        #expect(throws: CheckerError.self) { try KernelThresholdRow(samples: 50, seed: 1, epsilon: 0, denseThreshold: nil, kernelThreshold: .diverges) }
        // Every t_dense must be on the grid.
        #expect(throws: CheckerError.self) {
            try CheckResult(provenance: r.provenance, checkpoints: r.checkpoints, theoremA: [], theoremB: [], theoremC: [],
                            kernelThresholds: [try KernelThresholdRow(samples: 50, seed: 1, epsilon: 2, denseThreshold: 7, kernelThreshold: .step(3))])
        }
    }

    @Test func theoremBRowComputesTheGreedyTermInItsConvention() throws {
        let sum = try TheoremBRow(samples: 10, seed: 1, iteration: 0, subnetworkSize: 2, prunedLoss: 1, denseLoss: 0.5,
                                  diameter: 2, targetNorm2: 1, convention: .sum)
        #expect(sum.greedyTerm == 4 * 1.5 / 4)            // D^2 H_2 / (2 * 2)
        #expect(sum.bound == 0.5 + 1.5)
        #expect(sum.slack == 2)
        let mean = try TheoremBRow(samples: 10, seed: 1, iteration: 0, subnetworkSize: 2, prunedLoss: 0.1, denseLoss: 0.05,
                                   diameter: 2, targetNorm2: 1, convention: .mean)
        #expect(abs(mean.greedyTerm - 0.15) < 1e-15)
    }

    @Test func verdictsUseTheAgreementPredicate() throws {
        var r = CheckResult.example
        let row = try TheoremBRow(samples: 50, seed: 1, iteration: 0, subnetworkSize: 5, prunedLoss: 10, denseLoss: 8,
                                  diameter: 1, targetNorm2: 100, convention: .sum)
        // bound = 8 + 1 * H_5 / 10 = 8.2283...; 10 > bound, and the bound is below 1/2 ||y||^2 = 50.
        #expect(r.verdict(row) == .violated)
        r.agreement = try Agreement(absoluteTolerance: 2, relativeTolerance: 0)
        #expect(r.verdict(row) == .holds)
        // The example's Theorem A is out of scope (N_req/N > 1 and eta/eta_max > 1): never "holds".
        let a = r.theoremA.first { $0.iteration == 800 }!
        guard case let .outOfScope(failures) = r.verdict(a) else { Issue.record("expected out of scope"); return }
        #expect(failures.map(\.ratio) == ["N_req/N", "eta/eta_max"])
        #expect(r.rateVerdict(a)?.label == "out of scope")
        #expect(r.rateVerdict(r.theoremA.first { $0.iteration == 0 }!) == nil)
    }

    @Test func exampleThresholdsFollowTheGrid() {
        let r = CheckResult.example
        for row in r.theoremC {
            if let t = row.empiricalThreshold, let p = row.aPosterioriThreshold { #expect(t <= p) }
            let v = r.aPosterioriVerdict(row)
            #expect(v == .consistent || v.label == "censored")
            #expect(r.aPrioriVerdict(row).label == "out of scope")  // Theorem A's hypotheses fail in the example
        }
        let m200 = r.theoremC.first { $0.samples == 200 }!
        #expect(m200.aPriori.iterations == nil)
        #expect(TheoremCRow.firstCheckpoint(meeting: 1, checkpoints: [10, 0, 5], values: [0.5, 3, 0.9]) == 5)
        #expect(TheoremCRow.firstCheckpoint(meeting: 0.1, checkpoints: [0, 5], values: [3, 0.9]) == nil)
    }

    @Test func badInputGivesOneLineErrors() throws {
        func message(_ body: () throws -> Void) -> String? {
            do { try body(); return nil } catch { return "\(error)" }
        }
        let p = Provenance(toolkitVersion: "0", configHash: "0", dataDescription: "d", lossConvention: .sum)
        let cases: [(String?, String)] = [
            (message { _ = try TheoremBRow(samples: 5, seed: 0, iteration: 0, subnetworkSize: 1, prunedLoss: -1, denseLoss: 0, diameter: 1, targetNorm2: 1, convention: .sum) },
             "invalid value -1.0 for theoremB.prunedLoss: expected a finite number >= 0"),
            (message { _ = try TheoremBRow(samples: 5, seed: 0, iteration: 0, subnetworkSize: 0, prunedLoss: 1, denseLoss: 0, diameter: 1, targetNorm2: 1, convention: .sum) },
             "invalid value 0 for theoremB.subnetworkSize: expected an integer >= 1"),
            (message { _ = try CheckResult(provenance: p, checkpoints: [], theoremA: [], theoremB: [], theoremC: []) },
             "invalid value [] for checkpoints: expected at least one iteration t >= 0"),
            (message {
                let row = try TheoremBRow(samples: 5, seed: 0, iteration: 3, subnetworkSize: 1, prunedLoss: 1, denseLoss: 0, diameter: 1, targetNorm2: 1, convention: .sum)
                _ = try CheckResult(provenance: p, checkpoints: [0, 10], theoremA: [], theoremB: [row], theoremC: [])
            }, "invalid value 3 for theoremB[0].iteration: expected a checkpoint of the grid [0, 10]"),
            (message {
                let row = try TheoremBRow(samples: 5, seed: 0, iteration: 0, subnetworkSize: 1, prunedLoss: 1, denseLoss: 0, diameter: 1, targetNorm2: 1, convention: .sum)
                _ = try CheckResult(provenance: p, checkpoints: [0], theoremA: [], theoremB: [row, row], theoremC: [])
            }, "invalid value two rows for m=5 seed=0 t=0 k=1 for theoremB: expected one row per key"),
            (message { _ = try TheoremCRow(samples: 5, seed: 0, subnetworkSize: 1, epsilon: 0, empiricalThreshold: nil, settledThreshold: nil, aPosterioriThreshold: nil, aPriori: .iterations(1)) },
             "invalid value 0.0 for theoremC.epsilon: expected a finite number > 0"),
        ]
        for (actual, expected) in cases {
            #expect(actual == expected)
            #expect(actual?.contains("\n") == false)
        }
    }

    @Test func missingFitsBecomeNotes() throws {
        let p = Provenance(toolkitVersion: "0", configHash: "0", dataDescription: "d", lossConvention: .sum)
        let row = try TheoremBRow(samples: 5, seed: 0, iteration: 0, subnetworkSize: 1, prunedLoss: 1, denseLoss: 0, diameter: 1, targetNorm2: 1, convention: .sum)
        let r = try CheckResult(provenance: p, checkpoints: [0], theoremA: [], theoremB: [row], theoremC: [])
        #expect(r.lawFits.isEmpty)
        #expect(r.notes == ["cannot fit l_k vs k (m = 5, t = 0): 1 point at 1 distinct x value; a line with a confidence interval needs at least 3 distinct x"])
        // t = 0 only: the pruned-loss figure shows it (left of the log part), no fit figures.
        #expect(r.figures.map(\.name) == ["figure_pruned_loss"])
    }

    @Test func writesEveryFileAndNoPartials() throws {
        let dir = try Tool.temporaryDirectory().appendingPathComponent("out")
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let urls = try CheckResult.example.write(to: dir)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        #expect(names == Set(urls.map(\.lastPathComponent)))
        for expected in ["tables.txt", "tables.md", "theorem_a_by_m.tex", "theorem_b_by_m_k.tex", "theorem_c_summary.tex", "kernel_threshold_summary.tex", "kernel_threshold_scaling.tex", "kernel_threshold_longtable.tex", "threshold_scaling.tex", "law_fits.tex",
                         "theorem_a_longtable.tex", "theorem_b_summary_longtable.tex", "theorem_b_longtable.tex", "theorem_c_longtable.tex", "theorem_a.csv", "theorem_b.csv", "theorem_b_summary.csv",
                         "theorem_c.csv", "theorem_c_summary.csv", "law_fits.csv", "result.json",
                         "figure_pruned_loss.svg", "figure_pruned_loss.tex", "figure_dense_loss.svg", "figure_dense_loss.tex",
                         "theorem_a_by_m.csv", "theorem_b_by_m_k.csv", "threshold_scaling.csv", "kernel_threshold.csv", "kernel_threshold_summary.csv", "kernel_threshold_scaling.csv",
                         "figure_loss_law.svg", "figure_loss_law.tex"] {
            #expect(names.contains(expected), "\(expected) missing")
        }
        #expect(!names.contains { $0.hasPrefix(".") })
        // Writing again replaces the files.
        _ = try CheckResult.example.write(to: dir)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == names)
        // A file where the folder should be: one-line error naming it.
        let blocker = dir.appendingPathComponent("tables.md")
        do {
            _ = try CheckResult.example.write(to: blocker)
            Issue.record("expected an error")
        } catch let error as OutputError {
            #expect("\(error)".hasPrefix("cannot write \(blocker.path)"))
            #expect(!error.isBadInput)  // a runtime failure: exit status 1
        }
    }
}
