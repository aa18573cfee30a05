import Engine
import Foundation
import Testing
@testable import Checker

/// `ExperimentUnits.denseRun`: a dense run kept as a unit, whose progress is kept as the
/// experiment's state while it trains and continued from after an interruption.
@Suite struct ExperimentUnitsDenseRunTests {
    static let split = try! DataRecipe(source: "synthetic:sphere?m=240&d=6&seed=5", samples: 200, seed: 0, unitNorm: false).load()
    static let run = DenseRun(configuration: TrainingConfiguration(model: .mlp, hiddenWidths: [24, 12], length: .iterations(90), learningRate: 0.05,
                                                                   batchSize: 20, momentum: 0.9, weightDecay: 1e-4,
                                                                   loss: Loss(kind: .crossEntropy, reduction: .mean), seed: 0),
                              seed: 3, trainingSet: split.train, testSet: split.test, snapshots: [0, 30, 60])

    static func units(_ folder: URL) -> ExperimentUnits {
        ExperimentUnits(folder: folder, configuration: "0123456789abcdef", dataChecksum: split.train.checksum)
    }

    /// The unit of a run continued from each of its pauses is the file of the uninterrupted run,
    /// byte for byte; the continuation is reported with its step and the state is removed.
    @Test func aRunContinuesFromItsKeptProgress() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lth-dense-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let whole = Self.units(root.appendingPathComponent("whole"))
        try FileManager.default.createDirectory(at: whole.folder!, withIntermediateDirectories: true)
        var reported: [(Bool, Int?)] = []
        _ = try whole.denseRun("seed3-dense", Self.run, report: { reported.append(($0, $1)) }, value: IMPDenseStage.init)
        #expect(reported.count == 1 && reported[0].0 == false && reported[0].1 == nil)
        #expect(!FileManager.default.fileExists(atPath: whole.url(ExperimentUnits.stateName)!.path))
        let expected = try Data(contentsOf: whole.url("seed3-dense")!)

        var pauses: [DenseRunProgress] = []
        _ = try Self.run.run(pauseInterval: .zero) { pauses.append($0) }
        #expect(pauses.map(\.state.step) == Array(stride(from: 10, through: 80, by: 10)))  // one epoch, 10 iterations, per segment
        for (index, progress) in pauses.enumerated() {
            let units = Self.units(root.appendingPathComponent("stopped\(index)"))
            try FileManager.default.createDirectory(at: units.folder!, withIntermediateDirectories: true)
            try units.keepState(StoredDenseRun(unit: "seed3-dense", progress))
            var continued: Int?
            _ = try units.denseRun("seed3-dense", Self.run, report: { continued = $1 }, value: IMPDenseStage.init)
            #expect(continued == progress.state.step)
            #expect(try Data(contentsOf: units.url("seed3-dense")!) == expected, "continued from step \(progress.state.step)")
            #expect(!FileManager.default.fileExists(atPath: units.url(ExperimentUnits.stateName)!.path))
        }

        // The state of another unit is not continued from; a damaged one is refused.
        let other = Self.units(root.appendingPathComponent("other"))
        try FileManager.default.createDirectory(at: other.folder!, withIntermediateDirectories: true)
        try other.keepState(StoredDenseRun(unit: "seed4-dense", pauses[1]))
        var continued: Int? = -1
        _ = try other.denseRun("seed3-dense", Self.run, report: { continued = $1 }, value: IMPDenseStage.init)
        #expect(continued == nil)
        #expect(try Data(contentsOf: other.url("seed3-dense")!) == expected)
        let damaged = Self.units(root.appendingPathComponent("damaged"))
        try FileManager.default.createDirectory(at: damaged.folder!, withIntermediateDirectories: true)
        var progress = pauses[1]
        progress.snapshots[0] = nil
        try damaged.keepState(StoredDenseRun(unit: "seed3-dense", progress))
        #expect(throws: ExperimentError.self) { try damaged.denseRun("seed3-dense", Self.run, report: { _, _ in }, value: IMPDenseStage.init) }
        #expect(!FileManager.default.fileExists(atPath: damaged.url("seed3-dense")!.path))
    }
}
