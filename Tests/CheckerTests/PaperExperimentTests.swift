import Foundation
import PropertyBased
import Testing
@testable import Checker
import Engine
import LinearAlgebra

@Suite struct PaperExperimentTests {
    // MARK: The plateau rule

    @Test func plateauOnHandMadeSeries() {
        let steps = [0, 1, 2, 4, 8]
        // Settles at index 2: every later value within 0.01 of the final 0.81, index 1 is not.
        let settles = PlateauEstimate(steps: steps, accuracies: [0.1, 0.5, 0.805, 0.803, 0.81], tolerance: 0.01)
        #expect(settles.iteration == 2 && settles.index == 2 && !settles.isCensored && settles.finalAccuracy == 0.81)
        // A dip after an early plateau: the dip (0.7) is outside, so the plateau starts at the end.
        let dip = PlateauEstimate(steps: steps, accuracies: [0.5, 0.9, 0.9, 0.7, 0.9], tolerance: 0.01)
        #expect(dip.iteration == 8 && dip.isCensored)
        // Flat from the start.
        let flat = PlateauEstimate(steps: steps, accuracies: [0.25, 0.25, 0.25, 0.25, 0.25], tolerance: 0.01)
        #expect(flat.iteration == 0 && !flat.isCensored)
        // Exactly tau away counts as within (dyadic values, exact arithmetic).
        let edge = PlateauEstimate(steps: [0, 10, 20], accuracies: [0.25, 0.5, 0.5625], tolerance: 0.0625)
        #expect(edge.iteration == 10)
        // One checkpoint: trivially settled, not censored.
        let single = PlateauEstimate(steps: [5], accuracies: [0.3], tolerance: 0.01)
        #expect(single.iteration == 5 && !single.isCensored)
        // Rule "peak": the first checkpoint within tau of the best, even if the curve declines later.
        let decline = PlateauEstimate(steps: steps, accuracies: [0.1, 0.5, 0.79, 0.8, 0.6], tolerance: 0.02, rule: .peak)
        #expect(decline.iteration == 2 && !decline.isCensored && decline.peakAccuracy == 0.8 && decline.finalAccuracy == 0.6)
        #expect(PlateauEstimate(steps: steps, accuracies: [0.1, 0.5, 0.79, 0.8, 0.6], tolerance: 0.02, rule: .final).isCensored)
        let rising = PlateauEstimate(steps: steps, accuracies: [0.1, 0.2, 0.3, 0.4, 0.5], tolerance: 0.02, rule: .peak)
        #expect(rising.iteration == 8 && rising.isCensored)
        // A larger tolerance never gives a later plateau.
        let loose = PlateauEstimate(steps: steps, accuracies: [0.1, 0.5, 0.805, 0.803, 0.81], tolerance: 0.5)
        #expect(loose.iteration == 1)
    }

    @Test func plateauRuleProperties() async {
        let curves = Gen.double(in: 0...1).array(of: 1...12)
        let tolerances = Gen.double(in: 0.001...0.3)
        await propertyCheck(count: 300, input: curves, tolerances) { accuracies, tolerance in
            let steps = accuracies.indices.map { 1 << $0 }
            let p = PlateauEstimate(steps: steps, accuracies: accuracies, tolerance: tolerance)
            let final = accuracies.last!
            // Everything from the plateau on is within tau of the final value ...
            #expect(accuracies[p.index...].allSatisfy { abs($0 - final) <= tolerance })
            // ... and the checkpoint just before it is not (so it is the first such checkpoint).
            if p.index > 0 { #expect(abs(accuracies[p.index - 1] - final) > tolerance) }
            #expect(p.iteration == steps[p.index])
            #expect(p.isCensored == (p.index == accuracies.count - 1 && accuracies.count > 1))
            // A looser tolerance never moves the plateau later.
            let looser = PlateauEstimate(steps: steps, accuracies: accuracies, tolerance: 2 * tolerance)
            #expect(looser.index <= p.index)
            // Rule peak: the first checkpoint within tau of the maximum.
            let q = PlateauEstimate(steps: steps, accuracies: accuracies, tolerance: tolerance, rule: .peak)
            let peak = accuracies.max()!
            #expect(accuracies[q.index] >= peak - tolerance)
            #expect(accuracies[..<q.index].allSatisfy { $0 < peak - tolerance })
            #expect(q.peakAccuracy == peak)
        }
    }

    // MARK: The runner on synthetic data

    static func tinyConfiguration(width: Int = 24) -> PaperExperimentConfiguration {
        PaperExperimentConfiguration(
            comment: "test", data: "synthetic:sphere?m=300&d=8&seed=1&test=120", classes: nil, unitNorm: true,
            sizes: [100, 200, 300], testSamples: nil, width: width, iterations: 64, checkpoints: "geom:4,8,...",
            learningRate: 0.1, momentum: 0.9, batchSize: 16, subnetworkSizes: [2, 4, 8], greedyTarget: "labels",
            fineTuneSteps: 5, fineTuneLearningRate: 0.05, fineTuneMomentum: 0, fineTuneBatchSize: 16, seeds: [3],
            plateauTolerance: 0.02, figureSubnetworkSize: 4)
    }

    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("lth-paper-\(UUID().uuidString.prefix(8))")
    }

    @Test func runsEndToEndAndResumes() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = Self.tinyConfiguration()
        let experiment = PaperExperiment(configuration: configuration, outputFolder: folder)
        let first = try experiment.runInFolder()
        #expect(first.reusedCells == 0)
        #expect(first.checkpointSteps == [0, 4, 8, 16, 32, 64])
        #expect(first.cells.map(\.samples) == [100, 200, 300])
        for cell in first.cells {
            #expect(cell.rows.count == 6 * 3)
            for row in cell.rows {
                for p in [row.dense, row.pruned, row.fineTuned!] {
                    #expect((0...1).contains(p.trainAccuracy) && (0...1).contains(p.testAccuracy))
                    #expect(p.trainCrossEntropy > 0 && p.testSquaredLoss >= 0)
                }
                #expect(row.distinctNeurons >= 1 && row.distinctNeurons <= row.subnetworkSize)
                // Greedy fitted the one-hot labels: its objective is the pruned training squared loss.
                #expect(abs(row.pruned.trainSquaredLoss - row.greedyObjective) <= 1e-4 * max(1, row.greedyObjective))
            }
        }
        // The dense network learns the teacher on the largest m.
        let last = first.cells[2].rows.filter { $0.iteration == 64 }
        #expect(last[0].dense.trainAccuracy > 0.75)
        #expect(first.plateaus.count == 3 * 3)
        #expect(first.plateauFits.count == 3 * 2 + 1)
        // The law comparison: greedy loss, pruned and fine-tuned per k, then dense.
        #expect(first.plateauScalings.map(\.title).suffix(4) == ["greedy loss, k = 8", "pruned, k = 8", "fine-tuned, k = 8", "dense"])
        #expect(first.plateaus.allSatisfy { $0.greedyLossRise >= 0 })
        #expect(first.greedyMonotonicityTable.rows.count == 3)
        // The verdict summary leads with the censored law comparison, one line per curve, and ends
        // with the least-squares fit on ln m.
        let summary = first.verdictSummary
        #expect(summary[0].hasPrefix("Verdict summary: which law t_plateau follows in m (censored maximum likelihood of ln m, m and c m^beta; the claim: it grows like ln m), over \(first.plateauScalings.count) curves: "))
        for comparison in first.plateauScalings {
            #expect(summary.contains("  \(comparison.title): \(comparison.verdict)"))
        }
        #expect(summary.count == first.plateauScalings.count + 2)
        #expect(summary.last?.hasPrefix("  least squares on ln m over the uncensored plateaus") == true)
        let names = first.exports().map(\.name)
        #expect(names == ["tables.txt", "tables.md", "paper_plateau_scaling.csv", "paper_plateau_fit.csv", "paper_plateau.csv",
                          "paper_greedy_monotonicity.csv", "paper_pruned.csv",
                          "paper_plateau_scaling_longtable.tex", "paper_plateau_fit.tex", "paper_plateau.tex",
                          "paper_greedy_monotonicity.tex", "paper_pruned_longtable.tex",
                          "figure_paper_accuracy.svg", "figure_paper_accuracy.tex", "figure_paper_plateau.svg", "figure_paper_plateau.tex"])
        #expect(first.prunedTable.rows.count == 3 * 6 * 3)
        #expect(first.markdown.contains("## Plateau iteration against ln m"))
        let written = try first.write(to: folder)
        #expect(written.allSatisfy { FileManager.default.fileExists(atPath: $0.path) })

        // A second run reuses every cell and gives identical tables.
        let second = try experiment.runInFolder()
        #expect(second.reusedCells == 3)
        #expect(second.cells == first.cells)
        #expect(second.tables == first.tables)

        // A lost cell is computed again, bit for bit the same (training is deterministic).
        try FileManager.default.removeItem(at: experiment.unitsFolder.appendingPathComponent("m200-seed3.json"))
        let third = try experiment.runInFolder()
        #expect(third.reusedCells == 2)
        #expect(third.cells == first.cells)

        // A changed comment or plateau rule is the same experiment (the cells do not depend on them).
        var commented = configuration
        commented.comment = "another comment"
        commented.plateauRule = "peak"
        let fourth = try PaperExperiment(configuration: commented, outputFolder: folder).runInFolder()
        #expect(fourth.reusedCells == 3 && fourth.cells == first.cells)
        #expect(fourth.plateauSentence != first.plateauSentence)
        let recorded = try PaperExperimentConfiguration.load(path: folder.appendingPathComponent("configuration.json").path)
        #expect(recorded.plateauRule == "peak")
    }

    @Test func refusesAFolderOfAnotherConfiguration() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = Self.tinyConfiguration(width: 8)
        configuration.sizes = [100]
        configuration.iterations = 8
        configuration.objective = "cross-entropy"
        let result = try PaperExperiment(configuration: configuration, outputFolder: folder).runInFolder()
        #expect(result.cells[0].rows.allSatisfy { $0.dense.testCrossEntropy.isFinite && $0.fineTuned != nil })
        var other = configuration
        other.width = 9
        // The run refuses the folder by its owner's hash; the preflight names the keys that differ.
        #expect(throws: OutputError.self) { try PaperExperiment(configuration: other, outputFolder: folder).runInFolder() }
        do {
            try PaperExperiment(configuration: other, outputFolder: folder).checkFolder()
            Issue.record("expected a refusal")
        } catch let error as PaperExperimentError {
            let text = error.description
            #expect(text.contains(folder.path) && text.contains("width") && text.contains("start fresh"))
            #expect(!text.contains("\n"))
        }
        // A non-empty folder without a configuration is refused too.
        let stranger = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: stranger) }
        try FileManager.default.createDirectory(at: stranger, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: stranger.appendingPathComponent("notes.txt"))
        #expect(throws: OutputError.notWrittenByLTH(folder: stranger.path)) { try PaperExperiment(configuration: configuration, outputFolder: stranger).checkFolder() }
        #expect(throws: OutputError.self) { try PaperExperiment(configuration: configuration, outputFolder: stranger).runInFolder() }
    }

    // MARK: Configuration files

    @Test func configurationDefaultsAndUnknownKeys() throws {
        // Files are read as every configuration of lth (ConfigurationDocument): JSON or YAML.
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func read(_ text: String, _ name: String = "c.json") throws -> (configuration: PaperExperimentConfiguration, renamedKeys: [(old: String, new: String)]) {
            let url = folder.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return try PaperExperimentConfiguration.read(path: url.path)
        }
        var expected = PaperExperimentConfiguration.standard
        expected.width = 7
        expected.sizes = [100, 200]
        expected.subnetworkSizes = [5]
        expected.figureSubnetworkSize = 5
        #expect(try read(#"{"width": 7, "samples": [100, 200], "k": [5], "figure-k": 5}"#).configuration == expected)
        #expect(try read("width: 7\nsamples: [100, 200]\nk: [5]\nfigure-k: 5\n", "c.yaml").configuration == expected)
        // The keys before they were the flags' names are read for one release (and listed for a notice).
        let old = try read(#"{"width": 7, "sizes": [100, 200], "subnetworkSizes": [5], "figureSubnetworkSize": 5}"#)
        #expect(old.configuration == expected)
        #expect(old.renamedKeys.map(\.old) == ["figureSubnetworkSize", "sizes", "subnetworkSizes"])
        #expect(old.renamedKeys.map(\.new) == ["figure-k", "samples", "k"])
        #expect(throws: CheckerError.self) { try read(#"{"k": [5], "subnetworkSizes": [5]}"#) }
        #expect(PaperExperimentConfiguration.standard.json.contains("\"fine-tune-lr\" : 0.01"))
        // Round trip, nulls (no classes, the whole test split) included.
        #expect(try read(PaperExperimentConfiguration.standard.json).configuration == .standard)
        #expect(try read(PaperExperimentConfiguration.quick.json).configuration == .quick)
        // An unknown key is named with the closest known one; a value of the wrong type with its type; one line each.
        do { _ = try read(#"{"widht": 7}"#); Issue.record("expected an error") } catch {
            #expect("\(error)".contains("key 'widht'") && "\(error)".contains("did you mean 'width'?") && !"\(error)".contains("\n"), "\(error)")
        }
        do { _ = try read(#"{"width": "wide"}"#); Issue.record("expected an error") } catch {
            #expect("\(error)".contains("'width'") && "\(error)".contains("an integer") && !"\(error)".contains("\n"), "\(error)")
        }
        var bad = PaperExperimentConfiguration.standard
        bad.figureSubnetworkSize = 3
        #expect(throws: PaperExperimentError.self) { try bad.validate() }
        bad = .standard
        bad.greedyTarget = "logits"
        do { try bad.validate(); Issue.record("expected an error") } catch {
            #expect("\(error)" == "invalid value 'logits' for greedy-target in the experiment configuration: expected labels or dense-outputs")
        }
        try PaperExperimentConfiguration.quick.validate()
        // The shipped default file is the built-in default.
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Experiments/fashion-mnist-paper.json")
        let shipped = try PaperExperimentConfiguration.load(path: file.path)
        #expect(shipped.withoutComment == PaperExperimentConfiguration.standard.withoutComment)
    }

    // MARK: The pruned network and fine-tuning

    @Test func prunedNetworkReproducesGreedyAndFineTuneLowersTheLoss() throws {
        let split = try DataRecipe(source: "synthetic:sphere?m=200&d=6&seed=2&test=0").load()
        let train = split.train
        let trainer = Trainer(configuration: TrainingConfiguration(
            model: .mlp, hiddenWidths: [40], length: .iterations(30), learningRate: 0.1, batchSize: 20, momentum: 0.9,
            loss: Loss(kind: .crossEntropy, reduction: .mean), seed: 5), trainingSet: train)
        guard case .mlp(let dense) = try trainer.train().last!.network else { Issue.record("expected an MLP"); return }
        let features = try dense.neuronFeatures(on: train.x)
        let targets = Dataset.oneHotTargets(labels: train.classLabels!, classCount: 2)
        let selection = try GreedyForwardSelection(variant: .analyzed, size: 12).run(features: features, targets: targets)
        let pruned = selection.prunedNetwork(from: dense)
        #expect(pruned.hiddenWidths == [selection.selectedNeurons.count])
        // Before fine-tuning the pruned network computes c + v_k ...
        let outputs = pruned.outputs(train.x)
        let greedy = selection.prunedOutput(denseActivations: features.activations)
        for (a, b) in zip(outputs.storage, greedy.storage) { #expect(abs(a - b) <= 1e-4 * max(1, abs(b))) }
        // ... whose squared loss is greedy's l(v_k).
        let squared = Loss(kind: .squared, reduction: .sum)
            .value(outputs: outputs.storage, targets: targets.storage, labels: nil, samples: train.sampleCount, classes: 2)
        #expect(abs(squared - selection.finalSumLoss) <= 1e-4 * max(1, selection.finalSumLoss))

        // Zero steps: unchanged. Full-batch steps with a small rate: the first recorded loss is the
        // pruned network's loss, and the training loss does not increase.
        #expect(try pruned.fineTuned(on: train, FineTuning(steps: 0, learningRate: 0.01)) == pruned)
        let before = NetworkPerformance.measure(outputs, labels: train.classLabels!).crossEntropy
        var recorded: [Double] = []
        let tuned = try pruned.fineTuned(on: train, FineTuning(steps: 5, learningRate: 0.01)) { recorded.append($0) }
        #expect(recorded.count == 5)
        #expect(abs(recorded[0] - before) <= 1e-5 * max(1, before))
        let after = NetworkPerformance.measure(tuned.outputs(train.x), labels: train.classLabels!).crossEntropy
        #expect(after <= before)
        #expect(zip(recorded, recorded.dropFirst()).allSatisfy { $1 <= $0 + 1e-9 })
        // Minibatch fine-tuning is deterministic for a seed.
        let a = try pruned.fineTuned(on: train, FineTuning(steps: 7, learningRate: 0.05, batchSize: 32, momentum: 0.9, seed: 1))
        let b = try pruned.fineTuned(on: train, FineTuning(steps: 7, learningRate: 0.05, batchSize: 32, momentum: 0.9, seed: 1))
        #expect(a == b && a != pruned)
        #expect(throws: TrainingError.self) { try pruned.fineTuned(on: train, FineTuning(steps: 1, learningRate: 0.1, batchSize: 0)) }
    }
}
