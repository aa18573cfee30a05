import Foundation
import Testing
import Bounds
import Engine
import LinearAlgebra
@testable import Checker

/// The exact crossings of `lth check` (`ThresholdCrossing`): the bisection's property and cost
/// on seeded sequences, and on a real check, every located crossing recomputed independently
/// by fresh training runs to t_c - 1 and t_c.
@Suite(.serialized) struct ThresholdCrossingTests {
    /// Seeded property: on random (non-monotone) sequences with q(lo) > eps >= q(hi), `locate`
    /// returns t_c in (lo, hi] with q(t_c - 1) > eps >= q(t_c), asking only for steps strictly
    /// inside the bracket, exactly ceil(log2(hi - lo)) times at most (and at least floor(log2)).
    @Test func locateFindsADownCrossingWithinItsCost() {
        var generator = SeededGenerator(seed: 15)
        for trial in 0..<2000 {
            let lower = generator.nextIndex(below: 50)
            let gap = 1 + generator.nextIndex(below: trial < 1000 ? 40 : 5000)
            let upper = lower + gap
            let epsilon = 0.5
            var q = (0...upper).map { _ in generator.nextUniform() }
            q[lower] = 0.9
            q[upper] = 0.1
            var asked: [Int] = []
            let t = ThresholdCrossing.locate(after: lower, atOrBefore: upper) { s in
                asked.append(s)
                return q[s] <= epsilon
            }
            #expect(t > lower && t <= upper)
            #expect(q[t - 1] > epsilon && q[t] <= epsilon, "trial \(trial): (\(lower), \(upper)] gave \(t)")
            #expect(asked.allSatisfy { $0 > lower && $0 < upper } && Set(asked).count == asked.count)
            let bound = Int((log2(Double(gap))).rounded(.up))
            #expect(asked.count <= bound && asked.count >= Int(log2(Double(gap))), "gap \(gap): \(asked.count) evaluations")
        }
        // A monotone sequence: the crossing is the first passage.
        let q = (0...100).map { Double(100 - $0) }
        #expect(ThresholdCrossing.locate(after: 0, atOrBefore: 100) { q[$0] <= 36.5 } == 64)
    }

    @Test func bracketIsTheFirstPassageOnTheGrid() {
        let grid = [0, 10, 30, 60]
        #expect(ThresholdCrossing.bracket(grid: grid) { $0 >= 30 }! == (10, 30))
        #expect(ThresholdCrossing.bracket(grid: grid) { _ in true } == nil)   // met at t = 0
        #expect(ThresholdCrossing.bracket(grid: grid) { _ in false } == nil)  // never
    }

    static func configuration(output: URL) -> TheoryCheckConfiguration {
        var c = TheoryExperimentTests.tiny(output: output)
        // Targets read off this run's curves (greedy losses 0.19 to 1.45, a posteriori bounds 75
        // to 375 per sample, non-monotone in t): t_hat and t_post bracketed in every interval.
        c.epsilons = [0.66, 0.63, 0.24, 0.21, 77.5, 74.95]
        return c
    }

    /// On a real check: every located crossing t_c satisfies q(t_c - 1) > eps >= q(t_c), with
    /// q recomputed from networks trained from scratch by fresh `Trainer`s to t_c - 1 and t_c
    /// (not the states the bisection used); the cell's bisection cost is within the bound.
    @Test func locatedCrossingsAreDownCrossingsOfIndependentRuns() throws {
        let output = try TheoryExperimentTests.temporaryDirectory().appendingPathComponent("check")
        let configuration = Self.configuration(output: output)
        let experiment = try TheoryExperiment(configuration: configuration, toolkitVersion: "test")
        let result = try experiment.runInFolder()
        let convention = configuration.convention
        var checked = 0, below = 0, posterior = 0
        for row in result.theoremC {
            let m = row.samples
            let training = try experiment.trainingSet(samples: m, seed: row.seed)
            func network(after t: Int) throws -> Network {
                var c = try experiment.trainingConfiguration(seed: row.seed)
                guard t > 0 else { return Trainer(configuration: c, trainingSet: training).initialNetwork() }
                c.length = .iterations(t)
                c.checkpoints = .list([])
                return try Trainer(configuration: c, trainingSet: training).train().last!.network
            }
            func quantities(after t: Int) throws -> (pruned: Double, bound: Double) {
                let features = try network(after: t).neuronFeatures(on: training.x)
                let selection = try GreedyForwardSelection(variant: .analyzed, size: row.subnetworkSize).run(features: features, targets: training.targets)
                let dense = features.denseSumLoss(targets: training.targets)
                let greedyTerm = try TheoremB.greedyTerm(diameter: 2 * features.featureRadius(), subnetworkSize: row.subnetworkSize)
                return (convention.fromSum(selection.sumLosses[row.subnetworkSize - 1], samples: m), convention.fromSum(dense + greedyTerm, samples: m))
            }
            for (crossing, threshold, pick) in [(row.empiricalCrossing, row.empiricalThreshold, { (q: (pruned: Double, bound: Double)) in q.pruned }),
                                                (row.aPosterioriCrossing, row.aPosterioriThreshold, { $0.bound })] {
                guard let threshold else {
                    #expect(crossing == nil)
                    continue
                }
                guard threshold > 0 else {
                    #expect(crossing == nil, "met at t = 0: no crossing to place")
                    continue
                }
                let t = try #require(crossing, "m=\(m) seed=\(row.seed) k=\(row.subnetworkSize) eps=\(row.epsilon): bracketed but not located")
                let before = pick(try quantities(after: t - 1)), at = pick(try quantities(after: t))
                #expect(before > row.epsilon && at <= row.epsilon,
                        "m=\(m) seed=\(row.seed) k=\(row.subnetworkSize) eps=\(row.epsilon): q(\(t - 1)) = \(before), q(\(t)) = \(at)")
                checked += 1
                if crossing == row.aPosterioriCrossing && threshold == row.aPosterioriThreshold { posterior += 1 }
                if t < threshold { below += 1 }
            }
        }
        #expect(checked >= 6 && posterior >= 2 && checked - posterior >= 2, "the configuration brackets t_hat and t_post (\(checked), \(posterior) of t_post)")
        #expect(below >= 1, "some crossing lies strictly inside its bracket")
        // The cost bound: per cell, at most sum ceil(log2(t_b - t_a)) evaluations and fewer than
        // sum (t_b - t_a) extra training steps over its located crossings.
        for m in configuration.samples {
            for seed in configuration.seeds {
                let cell = try #require(try experiment.units.recorded(TheoryCell.unitName(samples: m, seed: seed), as: TheoryCell.self)?.value)
                let crossings = try configuration.crossings(samples: m, checkpoints: cell.checkpoints) { t in
                    try #require((cell.checkpoints + cell.bisectionRecords!).first { $0.step == t })
                }
                let evaluations = crossings.reduce(0) { $0 + Int(log2(Double($1.upper - $1.lower)).rounded(.up)) }
                let steps = crossings.reduce(0) { $0 + $1.upper - $1.lower }
                #expect(cell.bisectionRecords!.count <= evaluations, "m=\(m) seed=\(seed)")
                // The states the bisection trained to are the dense run's: the greedy losses at
                // every evaluated step equal, bit for bit, those of a fresh run to that step.
                let training = try experiment.trainingSet(samples: m, seed: seed)
                for record in cell.bisectionRecords! {
                    var c = try experiment.trainingConfiguration(seed: seed)
                    c.length = .iterations(record.step)
                    c.checkpoints = .list([])
                    let network = try Trainer(configuration: c, trainingSet: training).train().last!.network
                    let features = try network.neuronFeatures(on: training.x)
                    let selection = try GreedyForwardSelection(variant: .analyzed, size: configuration.subnetSizes.max()!)
                        .run(features: features, targets: training.targets)
                    #expect(configuration.subnetSizes.map { selection.sumLosses[$0 - 1].bitPattern } == record.prunedSumLosses.map(\.bitPattern),
                            "m=\(m) seed=\(seed) step \(record.step)")
                    #expect((2 * features.denseSumLoss(targets: training.targets)).bitPattern == record.residualNorm2.bitPattern)
                }
                #expect(cell.bisectionTrainingSteps! < max(steps, 1), "m=\(m) seed=\(seed): \(cell.bisectionTrainingSteps!) steps")
            }
        }
    }

    /// The exact one-sided check: no grid tolerance, same censoring rules as on the grid.
    @Test func exactThresholdVerdicts() {
        let grid = [0, 10, 30, 60]
        let a = Agreement.standard
        #expect(a.verdict(measuredStep: 17, upperBound: 17, checkpoints: grid) == .consistent)
        #expect(a.verdict(measuredStep: 18, upperBound: 17, checkpoints: grid) == .inconsistent)
        // On the grid, 18 and 17 share the checkpoint 30: consistent within one checkpoint.
        #expect(a.verdict(measured: 30, upperBound: 17, checkpoints: grid) == .consistent)
        #expect(a.verdict(measuredStep: nil, upperBound: 17, checkpoints: grid) == .inconsistent)
        #expect(a.verdict(measuredStep: 0, upperBound: 17, checkpoints: grid) == .censored(Censoring("t_hat", .firstCheckpoint)))
        #expect(a.verdict(measuredStep: 5, upperBound: nil, checkpoints: grid) == .censored(Censoring("t_post", .neverReached)))
        #expect(a.verdict(measuredStep: 5, upperBound: 61, checkpoints: grid) == .censored(Censoring("t_post", .beyondGrid(61))))
    }
}
