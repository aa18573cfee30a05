import Foundation

/// Writes a run directory while a run goes on:
///
///     RUN_DIR/config.json                       RunConfiguration
///     RUN_DIR/metrics.jsonl                     one {"name","step","value"} object per line, appended
///     RUN_DIR/initial/W0.npy                    W(0), hard-linked into every checkpoint as W0.npy
///     RUN_DIR/checkpoints/step-000500/*.npy     see CheckpointMeta
///     RUN_DIR/checkpoints/step-000500/meta.json
///     RUN_DIR/complete                          written last
///
/// Everything is written under the temporary name `RUN_DIR.incomplete`; `finish()` writes the
/// `complete` marker and then renames the folder to `RUN_DIR`. A run that stops early (error,
/// divergence, kill) therefore leaves only `RUN_DIR.incomplete`, which `RunDirectory` refuses
/// to open. A stale `RUN_DIR.incomplete` from an earlier interrupted run is removed at start.
public final class RunDirectoryWriter {
    /// The final path RUN_DIR.
    public let path: String
    /// The temporary path written to until `finish()`.
    public let workingPath: String
    private let metrics: FileHandle
    private var pending = ""
    private var initialWeightsPath: String?

    /// Creates `path.incomplete` with `config.json` and an empty `metrics.jsonl`.
    /// - Throws: `RunDirectoryError.alreadyExists` when `path` exists.
    public init(path: String, configuration: RunConfiguration) throws {
        let fm = FileManager.default
        let clean = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        self.path = clean
        workingPath = clean + ".incomplete"
        if fm.fileExists(atPath: clean) { throw RunDirectoryError.alreadyExists(clean) }
        if fm.fileExists(atPath: workingPath) { try? fm.removeItem(atPath: workingPath) }
        do {
            try fm.createDirectory(atPath: workingPath + "/checkpoints", withIntermediateDirectories: true)
        } catch {
            throw RunDirectoryError.unreadable(path: workingPath, reason: "cannot create run directory (\(error.localizedDescription))")
        }
        try JSONFiles.write(configuration, to: workingPath + "/config.json")
        let metricsPath = workingPath + "/metrics.jsonl"
        guard fm.createFile(atPath: metricsPath, contents: nil), let handle = FileHandle(forWritingAtPath: metricsPath) else {
            throw RunDirectoryError.unreadable(path: metricsPath, reason: "cannot create metrics file")
        }
        metrics = handle
    }

    deinit { try? metrics.close() }

    /// Queues one metrics line (written at the next `flushMetrics()` or checkpoint).
    /// Non-finite values are written as null.
    public func appendMetric(_ name: String, step: Int, value: Double) {
        let text = value.isFinite ? "\(value)" : "null"
        pending += "{\"name\":\"\(name)\",\"step\":\(step),\"value\":\(text)}\n"
        if pending.utf8.count > 1 << 16 { try? flushMetrics() }
    }

    /// Appends the queued metrics lines to metrics.jsonl.
    public func flushMetrics() throws {
        guard !pending.isEmpty else { return }
        do { try metrics.write(contentsOf: Data(pending.utf8)) } catch {
            throw RunDirectoryError.unreadable(path: workingPath + "/metrics.jsonl", reason: "cannot append (\(error.localizedDescription))")
        }
        pending = ""
    }

    /// Writes a checkpoint folder and appends its measurements to metrics.jsonl.
    public func writeCheckpoint(_ checkpoint: Checkpoint, seed: UInt64, data: String) throws {
        if initialWeightsPath == nil {
            try FileManager.default.createDirectory(atPath: workingPath + "/initial", withIntermediateDirectories: true)
            let p = workingPath + "/initial/W0.npy"
            try NPYArray(checkpoint.network.firstLayerWeights.initial).write(to: p)
            initialWeightsPath = p
        }
        let folder = workingPath + "/checkpoints/" + CheckpointFolder.name(step: checkpoint.step)
        try CheckpointFolder.write(checkpoint, seed: seed, data: data, to: folder, initialWeights: initialWeightsPath)
        for (name, value) in checkpoint.measurements.namedValues {
            appendMetric(name, step: checkpoint.step, value: value)
        }
        try flushMetrics()
    }

    /// Flushes the metrics, writes the `complete` marker, then renames the folder to `path`.
    public func finish() throws {
        try flushMetrics()
        try? metrics.synchronize()
        let marker = workingPath + "/complete"
        guard FileManager.default.createFile(atPath: marker, contents: Data("complete\n".utf8)) else {
            throw RunDirectoryError.unreadable(path: marker, reason: "cannot write the completion marker")
        }
        if FileManager.default.fileExists(atPath: path) { throw RunDirectoryError.alreadyExists(path) }
        do { try FileManager.default.moveItem(atPath: workingPath, toPath: path) } catch {
            throw RunDirectoryError.unreadable(path: path, reason: "cannot rename \(workingPath) into place (\(error.localizedDescription))")
        }
    }
}
