import Bounds
import Engine
import Foundation
import LinearAlgebra

/// Runs a theory check: for every (m, seed) one dense NTK run (THEORY.md section 1, full-batch
/// gradient descent on the squared loss), greedy forward selection (`analyzed`: with
/// replacement, exact scoring, ties to the lowest index) to the largest subnet size at every
/// checkpoint, and Theorems A-C on the same data (lambda0 and its certificate from the actual
/// training set). Completed cells are kept on disk; a rerun with the same configuration resumes
/// and gives the same tables; a folder written by another configuration is refused.
public struct TheoryExperiment: Sendable {
    public let configuration: TheoryCheckConfiguration
    /// The toolkit version recorded in the provenance.
    public let toolkitVersion: String

    public init(configuration: TheoryCheckConfiguration, toolkitVersion: String) throws {
        try configuration.validate()
        self.configuration = configuration
        self.toolkitVersion = toolkitVersion
    }

    var outputURL: URL { URL(fileURLWithPath: configuration.output) }
    var cellsURL: URL { outputURL.appendingPathComponent("cells") }
    /// Where the tables and figures go.
    public var reportURL: URL { outputURL.appendingPathComponent("report") }

    /// Claims the output folder for this configuration: writes `configuration.json` (with the
    /// hash) the first time; refuses a folder whose recorded hash differs. Nothing is changed
    /// in a refused folder.
    func claimOutputFolder() throws {
        let manager = FileManager.default
        let lock = outputURL.appendingPathComponent("configuration.json")
        if let data = manager.contents(atPath: lock.path) {
            let recorded = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["hash"] as? String
            guard recorded == configuration.hash else {
                throw CheckerError.invalidValue(
                    field: "--out", value: configuration.output,
                    allowed: "a new folder or one written by this configuration: it holds results of configuration \(recorded ?? "unknown"), this one is \(configuration.hash); remove the folder or choose another --out to start fresh")
            }
            return
        }
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: outputURL.path, isDirectory: &isDirectory) {
            let contents = (try? manager.contentsOfDirectory(atPath: outputURL.path)) ?? []
            guard isDirectory.boolValue, contents.isEmpty else {
                throw CheckerError.invalidValue(field: "--out", value: configuration.output,
                                                allowed: "a new or empty folder (this one exists and is not a check's results)")
            }
        }
        do {
            try manager.createDirectory(at: cellsURL, withIntermediateDirectories: true)
            let body = "{\"hash\": \"\(configuration.hash)\", \"configuration\": \(configuration.canonicalJSON)}\n"
            try Data(body.utf8).write(to: lock, options: .atomic)
        } catch {
            throw CheckerError.unwritable(path: outputURL.path, reason: error.localizedDescription)
        }
    }

    /// Runs (or resumes) every cell, then builds the result. `progress` receives one line per cell.
    public func run(progress: (String) -> Void = { _ in }) throws -> CheckResult {
        try claimOutputFolder()
        var cells: [TheoryCell] = []
        for m in configuration.samples {
            for seed in configuration.seeds {
                let url = cellsURL.appendingPathComponent(TheoryCell.fileName(samples: m, seed: seed))
                if let data = FileManager.default.contents(atPath: url.path),
                   let cell = try? JSONDecoder().decode(TheoryCell.self, from: data) {
                    cells.append(cell)
                    progress("cell m=\(m) seed=\(seed): kept from an earlier run")
                    continue
                }
                let cell = try measure(samples: m, seed: seed)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                do {
                    try encoder.encode(cell).write(to: url, options: .atomic)
                } catch {
                    throw CheckerError.unwritable(path: url.path, reason: error.localizedDescription)
                }
                cells.append(cell)
                progress(String(format: "cell m=%d seed=%d: lambda0 >= %.4g, %d iterations, greedy at %d checkpoints (%.1f s)",
                                m, seed, cell.lambda0Certified, configuration.steps, cell.checkpoints.count, cell.seconds))
            }
        }
        return try result(cells: cells)
    }

    /// One dense run and its measurements.
    func measure(samples m: Int, seed: Int) throws -> TheoryCell {
        let start = ContinuousClock.now
        let recipe = DataRecipe(source: configuration.data, classes: configuration.classes, samples: m,
                                seed: UInt64(seed), unitNorm: true)
        let training = try recipe.load().train
        guard training.outputCount == 1 else {
            throw CheckerError.invalidValue(field: "--classes", value: "none",
                                            allowed: "two classes a,b: the theory is stated for scalar labels and \(configuration.data) has \(training.outputCount) outputs")
        }
        let points = Matrix(rows: m, columns: training.dimension, storage: training.x.storage.map(Double.init))
        let certificate = try Lambda0Certificate.compute(points: points)
        let sigma = try APrioriDiameter.largestSingularValue(points: points.storage, rows: m, columns: training.dimension)
        let convention = configuration.convention
        let training0 = TrainingConfiguration(
            model: .ntk, hiddenWidths: [configuration.width], length: .iterations(configuration.steps),
            learningRate: configuration.eta ?? configuration.lr, batchSize: nil,
            loss: Loss(kind: .squared, reduction: configuration.eta == nil && convention == .mean ? .mean : .sum),
            kappa: configuration.kappa, seed: UInt64(seed),
            checkpoints: try CheckpointSchedule(parsing: configuration.checkpoints))
        try training0.validate(for: training)
        let sizes = configuration.subnetSizes
        let largest = sizes.max()!
        var records: [TheoryCell.CheckpointRecord] = []
        try Trainer(configuration: training0, trainingSet: training, testSet: nil).run(onStep: nil) { checkpoint in
            let features = try checkpoint.network.neuronFeatures(on: training.x)
            let residual = 2 * features.denseSumLoss(targets: training.targets)
            let selection = try GreedyForwardSelection(variant: .analyzed, size: largest).run(features: features, targets: training.targets)
            records.append(.init(step: checkpoint.step, residualNorm2: residual, rho: features.featureRadius(),
                                 prunedSumLosses: sizes.map { selection.sumLosses[$0 - 1] }))
        }
        let seconds = start.duration(to: .now)
        return TheoryCell(samples: m, seed: seed, dimension: training.dimension, dataChecksum: training.checksum,
                          dataDescription: training.description, targetNorm2: training.targetNorm2,
                          lambda0Estimate: certificate.estimate, lambda0Certified: certificate.certifiedLowerBound,
                          largestSingularValue: sigma,
                          etaSum: configuration.etaSum(samples: m),
                          checkpoints: records,
                          seconds: Double(seconds.components.seconds) + Double(seconds.components.attoseconds) * 1e-18)
    }
}
