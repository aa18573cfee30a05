import Foundation
import Testing
import LinearAlgebra
@testable import Engine

@Suite struct RunDirectoryTests {
    static func temporaryPath() -> String {
        (NSTemporaryDirectory() as NSString).appendingPathComponent("lth-run-\(UUID().uuidString)")
    }

    /// Trains, writing every checkpoint; `stopAfter` makes the observer throw after that many checkpoints.
    static func writeRun(to path: String, config: TrainingConfiguration, data: Dataset, stopAfter: Int? = nil) throws {
        let trainer = Trainer(configuration: config, trainingSet: data)
        let writer = try RunDirectoryWriter(path: path, configuration: RunConfiguration(trainer: trainer))
        var written = 0
        try trainer.run(from: writer.resumeState, onStep: { writer.appendMetric("step.loss", step: $0.step, value: $0.loss) }, onCheckpoint: { checkpoint in
            if let stopAfter, written == stopAfter { throw CancellationError() }
            try writer.writeCheckpoint(checkpoint, seed: config.seed, data: data.description)
            written += 1
        })
        try writer.finish()
    }

    /// Every file under `folder` (hidden ones included) by relative path, with its bytes.
    static func files(in folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let root = URL(fileURLWithPath: folder).standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return files }
        for case let name as String in walker {
            var isDirectory: ObjCBool = false
            let path = root + "/" + name
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[name] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return files
    }

    /// A run stopped after its k-th checkpoint (any k) and continued by a writer of the same
    /// configuration ends as the uninterrupted run, file for file and byte for byte (momentum
    /// buffers, metrics, checkpoints), and keeps no training state once finished.
    @Test(arguments: [(ModelKind.mlp, 0.9, 1), (.mlp, 0.9, 3), (.ntk, 0.5, 2), (.ntk, 0, 1)])
    func resumedRunIsTheUninterruptedRun(kind: ModelKind, momentum: Double, stopAfter: Int) throws {
        let data = TrainingFixtures.twoClass(m: 24, d: 5, seed: 4)
        let config = TrainingConfiguration(model: kind, hiddenWidths: kind == .ntk ? [32] : [16, 8], length: .iterations(40),
                                           learningRate: 0.02, batchSize: kind == .ntk ? nil : 6, momentum: momentum, seed: 5,
                                           checkpoints: try CheckpointSchedule(parsing: "every:8"))
        let whole = Self.temporaryPath(), resumed = Self.temporaryPath()
        defer {
            try? FileManager.default.removeItem(atPath: whole)
            try? FileManager.default.removeItem(atPath: resumed)
        }
        try Self.writeRun(to: whole, config: config, data: data)
        #expect(throws: CancellationError.self) { try Self.writeRun(to: resumed, config: config, data: data, stopAfter: stopAfter) }
        // what a kill after the state's checkpoint leaves too: metrics appended past it
        let metrics = try FileHandle(forWritingTo: URL(fileURLWithPath: resumed + ".incomplete/metrics.jsonl"))
        try metrics.seekToEnd()
        try metrics.write(contentsOf: Data("{\"name\":\"step.loss\",\"st".utf8))
        try metrics.close()
        #expect(FileManager.default.fileExists(atPath: resumed + ".incomplete/resume/state.json"))
        try Self.writeRun(to: resumed, config: config, data: data)
        let a = try Self.files(in: resumed), b = try Self.files(in: whole)
        #expect(a.keys.sorted() == b.keys.sorted())
        for (name, bytes) in b { #expect(a[name] == bytes, "\(name)") }
        #expect(!a.keys.contains { $0.hasPrefix(TrainingStateFile.folderName) })
    }

    @Test(arguments: [ModelKind.ntk, .mlp])
    func completeRunRoundTrips(kind: ModelKind) throws {
        let data = TrainingFixtures.twoClass(m: 20, d: 6, seed: 1)
        let config = TrainingConfiguration(model: kind, hiddenWidths: kind == .ntk ? [16] : [16, 8], length: .iterations(20),
                                           learningRate: 0.05, batchSize: kind == .ntk ? nil : 5, seed: 3,
                                           checkpoints: try CheckpointSchedule(parsing: "every:10"))
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let expected = try Trainer(configuration: config, trainingSet: data).train()
        try Self.writeRun(to: path, config: config, data: data)

        let run = try RunDirectory(path: path)
        #expect(!FileManager.default.fileExists(atPath: path + ".incomplete"))
        #expect(try run.checkpointSteps() == [0, 10, 20])
        #expect(try run.configuration().training == config)
        for original in expected {
            let loaded = try run.loadCheckpoint(step: original.step, expecting: kind)
            #expect(loaded.network == original.network)
            #expect(loaded.measurements == original.measurements)
            let meta = try run.checkpointMeta(step: original.step)
            #expect(meta.step == original.step && meta.seed == 3 && meta.data == data.description)
            #expect(meta.arrays == meta.expectedArrays)
        }
        // W0.npy equals the initial weights in every checkpoint
        let w0 = try NPYArray.read(from: path + "/checkpoints/step-000020/W0.npy")
        #expect(w0.float32Values == expected[0].network.firstLayerWeights.current.storage)
        let error = #expect(throws: RunDirectoryError.self) { _ = try run.loadCheckpoint(step: 5) }
        #expect(error?.description.contains("0, 10, 20") == true)
    }

    @Test func metricsLinesParse() throws {
        let data = TrainingFixtures.twoClass(m: 10, d: 4, seed: 2)
        let config = TrainingConfiguration(model: .ntk, hiddenWidths: [8], length: .iterations(6), learningRate: 0.05, seed: 1,
                                           checkpoints: .list([.iterations(3)]))
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.writeRun(to: path, config: config, data: data)
        let text = try String(contentsOfFile: path + "/metrics.jsonl", encoding: .utf8)
        let lines = text.split(separator: "\n")
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(Set(object?.keys.map { $0 } ?? []) == ["name", "step", "value"])
        }
        let records = try RunDirectory(path: path).metrics()
        #expect(records.count == lines.count)
        #expect(records.filter { $0.name == "step.loss" }.map(\.step) == [0, 1, 2, 3, 4, 5])
        #expect(records.filter { $0.name == "train.loss" }.map(\.step) == [0, 3, 6])
        #expect(records.contains { $0.name == "movement.max" && $0.step == 6 && ($0.value ?? 0) > 0 })
        #expect(records.contains { $0.name == "rho" })
    }

    @Test func interruptedRunIsNeverComplete() throws {
        let data = TrainingFixtures.twoClass(m: 10, d: 4, seed: 2)
        let config = TrainingConfiguration(model: .ntk, hiddenWidths: [8], length: .iterations(10), learningRate: 0.05, seed: 1,
                                           checkpoints: try CheckpointSchedule(parsing: "every:2"))
        let path = Self.temporaryPath()
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: path + ".incomplete")
        }
        #expect(throws: CancellationError.self) { try Self.writeRun(to: path, config: config, data: data, stopAfter: 2) }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(FileManager.default.fileExists(atPath: path + ".incomplete/checkpoints/step-000002/meta.json"))
        let error = #expect(throws: RunDirectoryError.self) { _ = try RunDirectory(path: path) }
        #expect(error?.description.contains("incomplete") == true)
        #expect(throws: RunDirectoryError.self) { _ = try RunDirectory(path: path + ".incomplete") }
        // another configuration is refused and leaves the interrupted run as it is
        var diverging = config
        diverging.learningRate = 1e5
        let before = try Self.files(in: path + ".incomplete")
        let refused = #expect(throws: OutputError.self) { try Self.writeRun(to: path, config: diverging, data: data) }
        #expect(refused?.description.contains("rm -r") == true)
        #expect(try Self.files(in: path + ".incomplete") == before)
        // a diverging run is not complete either
        let other = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: other + ".incomplete") }
        #expect(throws: TrainingError.self) { try Self.writeRun(to: other, config: diverging, data: data) }
        #expect(!FileManager.default.fileExists(atPath: other))
        // the same configuration continues the interrupted run; a finished run refuses to be overwritten
        try Self.writeRun(to: path, config: config, data: data)
        let exists = #expect(throws: RunDirectoryError.self) { try Self.writeRun(to: path, config: config, data: data) }
        #expect(exists?.description.contains("already exists") == true)
    }

    @Test func metaMismatchIsReported() throws {
        let data = TrainingFixtures.twoClass(m: 10, d: 4, seed: 2)
        let config = TrainingConfiguration(model: .ntk, hiddenWidths: [8], length: .iterations(2), learningRate: 0.05, seed: 1)
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.writeRun(to: path, config: config, data: data)
        let run = try RunDirectory(path: path)
        let kindError = #expect(throws: RunDirectoryError.self) { _ = try run.loadCheckpoint(step: 2, expecting: .mlp) }
        #expect(kindError?.description.contains("holds a ntk model, expected mlp") == true)
        // replace W.npy by an array of the wrong shape
        let folder = try run.checkpointPath(step: 2)
        try NPYArray(float32: [Float](repeating: 0, count: 8 * 5), shape: [8, 5]).write(to: folder + "/W.npy")
        let shapeError = #expect(throws: RunDirectoryError.self) { _ = try run.loadCheckpoint(step: 2) }
        #expect(shapeError?.description.contains("W.npy has shape [8, 5] but meta.json implies [8, 4]") == true)
    }

    /// Issue 14: meta.json with `"hiddenWidths": []` reached a forced unwrap; NaN or infinite
    /// weights reached a precondition in greedy selection. Both are one-line errors on reading.
    @Test func damagedCheckpointsAreRejectedOnReading() throws {
        let data = TrainingFixtures.twoClass(m: 10, d: 4, seed: 2)
        let config = TrainingConfiguration(model: .mlp, hiddenWidths: [8], length: .iterations(2), learningRate: 0.05, seed: 1)
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.writeRun(to: path, config: config, data: data)
        let run = try RunDirectory(path: path)
        let folder = try run.checkpointPath(step: 2)
        let metaText = try String(contentsOfFile: folder + "/meta.json", encoding: .utf8)
        let weights = try NPYArray.read(from: folder + "/W.npy")
        for (value, name) in [(Float.nan, "nan"), (.infinity, "inf"), (-.infinity, "-inf")] {
            var values = try #require(weights.float32Values)
            values[5] = value
            try NPYArray(float32: values, shape: weights.shape).write(to: folder + "/W.npy")
            let error = #expect(throws: RunDirectoryError.self) { _ = try run.loadCheckpoint(step: 2) }
            #expect(error?.description.contains("W.npy") == true && error?.description.contains("element 5 is \(name)") == true)
        }
        // a float64 value beyond float32's range is not finite in float32 either
        var wide = try #require(weights.float64Values)
        wide[0] = 1e39
        try NPYArray(float64: wide, shape: weights.shape).write(to: folder + "/W.npy")
        #expect(throws: RunDirectoryError.self) { _ = try run.loadCheckpoint(step: 2) }
        try NPYArray(float32: try #require(weights.float32Values), shape: weights.shape).write(to: folder + "/W.npy")
        _ = try run.loadCheckpoint(step: 2)
        for (damaged, problem) in [("\"hiddenWidths\" : [\n\n  ]", "hiddenWidths []"), ("\"hiddenWidths\" : [\n    0\n  ]", "hiddenWidths [0]")] {
            let text = metaText.replacingOccurrences(of: "\"hiddenWidths\" : [\n    8\n  ]", with: damaged)
            #expect(text != metaText)
            try text.write(toFile: folder + "/meta.json", atomically: true, encoding: .utf8)
            let error = #expect(throws: RunDirectoryError.self) { _ = try run.loadCheckpoint(step: 2) }
            #expect(error?.description.contains("meta.json") == true && error?.description.contains(problem) == true)
        }
    }

    @Test func numpyReadsACheckpoint() throws {
        try #require(Python.hasNumpy, "python3 with numpy is required (make test installs it)")
        let data = TrainingFixtures.twoClass(m: 10, d: 4, seed: 2)
        let config = TrainingConfiguration(model: .mlp, hiddenWidths: [8], length: .iterations(2), learningRate: 0.05, seed: 1)
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.writeRun(to: path, config: config, data: data)
        let folder = try RunDirectory(path: path).checkpointPath(step: 2)
        let script = """
        import json, numpy as np
        meta = json.load(open('\(folder)/meta.json'))
        for name, shape in meta['arrays'].items():
            a = np.load('\(folder)/' + name)
            assert a.dtype == np.dtype('<f4') and list(a.shape) == shape, (name, a.dtype, a.shape, shape)
        assert meta['model'] == 'mlp' and meta['step'] == 2
        """
        #expect(Python.run(script) == 0)
    }
}
