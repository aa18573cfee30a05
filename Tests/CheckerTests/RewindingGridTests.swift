import Engine
import Foundation
import Testing
@testable import Checker

/// The rewinding grid's greedy threshold t_hat and the controls of the accuracy-vs-density figure,
/// on small real runs (synthetic sphere data, +-1 targets).
@Suite struct RewindingGridTests {
    static let split = try! DataRecipe(source: "synthetic:sphere?m=200&d=6&seed=3", samples: 200, seed: 0, unitNorm: false).load()

    static func training(widths: [Int], loss: LossKind, iterations: Int = 120) -> TrainingConfiguration {
        TrainingConfiguration(model: .mlp, hiddenWidths: widths, length: .iterations(iterations), learningRate: 0.05,
                              batchSize: 20, momentum: 0.9, loss: Loss(kind: loss, reduction: .mean), seed: 0)
    }

    /// The dense run of seed 0 and its networks at `steps`.
    static func checkpoints(_ config: TrainingConfiguration, steps: [Int]) throws -> [MLP] {
        let trainer = SparseTrainer(configuration: config, trainingSet: split.train)
        let run = try trainer.train(from: trainer.initialNetwork(seed: 0), at: 0, dataOrderSeed: 0, snapshots: Set(steps))
        return steps.map { run.snapshots[$0]! }
    }

    static let steps = [0, 10, 20, 40, 80, 120]

    /// Instability rows at the branch points `ts` (a network against itself: barrier 0), so that
    /// the grid has one row per t.
    static func rows(_ network: MLP, at ts: [Int]) throws -> [InstabilityMeasurement] {
        let analysis = InstabilityAnalysis(training: training(widths: [1], loss: .squared), trainingSet: split.train, points: 3)
        return try ts.map { try analysis.measure(copies: [network, network], branchIteration: $0) }
    }

    @Test func tHatIsANumberForATwoLayerNetworkTrainedWithTheSquaredLoss() throws {
        let networks = try Self.checkpoints(Self.training(widths: [64], loss: .squared), steps: Self.steps)
        let epsilon = 0.3
        let g = try GreedyThreshold.measure(steps: Self.steps, networks: networks, data: Self.split.train, trainingLoss: .squared,
                                            subnetworkSize: 20, epsilon: epsilon)
        #expect(g.steps == Self.steps && g.greedyLosses.count == Self.steps.count && g.denseLosses.count == Self.steps.count)
        // +-1 targets: the zero predictor scores 1/2; the untrained network's greedy subnetwork is above eps.
        #expect(g.greedyLosses[0] > epsilon, "\(g.greedyLosses)")
        let t = try #require(g.value, "\(g.reason ?? "")")
        #expect(t > 0)
        #expect(g.reason == nil)
        // t_hat is the first checkpoint whose greedy loss meets eps.
        let index = try #require(Self.steps.firstIndex(of: t))
        #expect(g.greedyLosses[index] <= epsilon)
        #expect(g.greedyLosses[..<index].allSatisfy { $0 > epsilon }, "\(g.greedyLosses)")

        let grid = RewindingGrid(impRows: [], denseInstability: try Self.rows(networks.last!, at: [0, 40]), greedyThreshold: g,
                                 theoreticalThresholdReason: "no t* here")
        let table = grid.table()
        let column = try #require(table.columns.firstIndex { $0.key == "greedy_threshold" })
        let star = try #require(table.columns.firstIndex { $0.key == "theoretical_threshold" })
        #expect(table.rows.count == 2 && table.rows.allSatisfy { $0[column] == .integer(t) && $0[star] == .text("no t* here") })
        let curve = RewindingTables.greedyThreshold(g)
        #expect(curve.rows.count == Self.steps.count)
        #expect(curve.footnotes.contains { $0.hasSuffix("= \(t)") }, "\(curve.footnotes)")
    }

    @Test func tHatSaysWhyWhenThereIsNoValue() throws {
        // Two hidden layers: greedy selection is not defined.
        let deep = try Self.checkpoints(Self.training(widths: [16, 8], loss: .squared, iterations: 20), steps: [0, 20])
        let g1 = try GreedyThreshold.measure(steps: [0, 20], networks: deep, data: Self.split.train, trainingLoss: .squared,
                                             subnetworkSize: 5, epsilon: 0.3)
        #expect(g1.value == nil && g1.steps.isEmpty)
        #expect(g1.reason?.contains("two-layer network") == true && g1.reason?.contains("2 hidden layers") == true, "\(g1.reason ?? "")")
        // A target no checkpoint reaches: the reason gives k, eps and the losses.
        let shallow = try Self.checkpoints(Self.training(widths: [16], loss: .squared, iterations: 20), steps: [0, 20])
        let g2 = try GreedyThreshold.measure(steps: [0, 20], networks: shallow, data: Self.split.train, trainingLoss: .squared,
                                             subnetworkSize: 5, epsilon: 1e-9)
        #expect(g2.value == nil)
        #expect(g2.reason?.hasPrefix("not reached by T = 20 (k = 5, eps = 1e-09)") == true, "\(g2.reason ?? "")")
        // Cross-entropy training: the reason adds that the logits are not fitted in squared loss.
        let logits = try Self.checkpoints(Self.training(widths: [16], loss: .crossEntropy, iterations: 20), steps: [0, 20])
        let g3 = try GreedyThreshold.measure(steps: [0, 20], networks: logits, data: Self.split.train, trainingLoss: .crossEntropy,
                                             subnetworkSize: 5, epsilon: 1e-9)
        #expect(g3.value == nil && g3.reason?.contains("cross-entropy") == true, "\(g3.reason ?? "")")
        // The grid shows the sentence in every t_hat cell.
        let grid = RewindingGrid(impRows: [], denseInstability: try Self.rows(shallow[1], at: [0, 10]), greedyThreshold: g1)
        let table = grid.table()
        let column = try #require(table.columns.firstIndex { $0.key == "greedy_threshold" })
        #expect(table.rows.count == 2 && table.rows.allSatisfy { $0[column] == .text(g1.reason!) })
    }

    @Test func accuracyFigureDrawsBothControlsWithLegendEntries() throws {
        let imp = IMPConfiguration(training: Self.training(widths: [16, 8], loss: .crossEntropy, iterations: 30),
                                   densities: [0.5, 0.2], rewindIterations: [0, 10], controls: true)
        let runner = IterativeMagnitudePruning(configuration: imp, trainingSet: Self.split.train, testSet: Self.split.test)
        let runs = try runner.run(seed: 0) + runner.run(seed: 1)
        let rows = try IMPSummaryRow.rows(runs)
        let figure = RewindingFigures.accuracyAgainstDensity(rows)
        for t in [0, 10] {
            let reinit = try #require(figure.series.first { $0.name.plain == "random reinit, t = \(t)" })
            let random = try #require(figure.series.first { $0.name.plain == "random pruning, t = \(t)" })
            let ticket = try #require(figure.series.first { $0.name.plain == "IMP, rewind t = \(t)" })
            // One point per pruned level (the dense level has no controls), at the IMP densities.
            let levels = rows.filter { $0.rewindIteration == t && $0.level > 0 }
            #expect(reinit.points.map(\.x) == levels.map(\.density) && reinit.points.map(\.y) == levels.map { $0.meanReinitializationTestAccuracy! })
            #expect(random.points.map(\.x) == levels.map(\.density))
            // Same colour as the IMP series of t, told apart by dash and marker.
            #expect(reinit.color == ticket.color && reinit.dashed && reinit.marker == .cross && random.marker == nil)
        }
        let svg = SVGFigure.render(figure)
        let tex = PGFPlotsFigure.render(figure)
        #expect(svg.contains("random reinit, t = 10") && tex.contains("\\addlegendentry{random reinit, $t = 10$}"))
        // The grid table gets one matching column per level for each control.
        let table = RewindingGrid(impRows: rows).table()
        let keys = table.columns.map(\.key)
        for k in [1, 2] {
            #expect(keys.contains("random_pruning_matching_level_\(k)") && keys.contains("reinitialization_matching_level_\(k)"), "\(keys)")
        }
        let c = try #require(keys.firstIndex(of: "reinitialization_matching_level_2"))
        for (i, t) in [0, 10].enumerated() {
            let row = try #require(rows.first { $0.rewindIteration == t && $0.level == 2 })
            #expect(table.rows[i][c] == .verdict(row.meanReinitializationTestAccuracy! >= row.matchingThreshold))
        }
        // Without controls: neither series nor columns.
        let plain = try IMPSummaryRow.rows(runs.map { run in
            var r = run
            r.levels = r.levels.map { var l = $0; l.randomPruningTestAccuracy = nil; l.reinitializationTestAccuracy = nil; return l }
            return r
        })
        #expect(!RewindingFigures.accuracyAgainstDensity(plain).series.contains { $0.dashed })
        #expect(!RewindingGrid(impRows: plain).table().columns.contains { $0.key.hasPrefix("reinitialization") })
    }

    @Test func verdictSummaryNamesTheSparsestMatchingDensityPerRewindPoint() {
        // Densities 1, 0.5, 0.25, 0.125 at t = 0 with means 0.90, 0.89, 0.86, 0.80 against the threshold 0.89.
        let summary = RewindingGrid(impRows: FigureTests.impRows).verdictSummary
        #expect(summary == [
            "Verdict summary: 1 of 3 IMP subnetworks (rewind point t, density < 1) match the dense network (mean test accuracy >= dense mean - k sd)",
            "  t = 0: matching down to density 0.5, not at 0.25",
        ])
    }
}
