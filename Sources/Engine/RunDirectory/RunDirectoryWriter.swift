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
/// Everything is written under the temporary name `RUN_DIR.incomplete` (a `StagedFolder`:
/// created by one process only, locked while the run goes on, marked as lth's); `finish()`
/// writes the `complete` marker and then renames the folder to `RUN_DIR`. A run that stops
/// early (error, divergence, kill) therefore leaves only `RUN_DIR.incomplete`, which
/// `RunDirectory` refuses to open.
///
/// Resuming: every checkpoint also keeps the training state (`TrainingStateFile`, in
/// `RUN_DIR.incomplete/resume/`, removed by `finish()`). A writer of the same configuration
/// opened on the `RUN_DIR.incomplete` of an interrupted run (`kill -9` included) takes it over:
/// `resumeState` is the state of the last checkpoint written (nil before the first), metrics.jsonl
/// is cut back to that checkpoint, and the trainer continues from it
/// (`Trainer.run(from: writer.resumeState, ...)`), so the finished directory is the one an
/// uninterrupted run writes, byte for byte. A `RUN_DIR.incomplete` of another configuration is
/// refused (`OutputError.otherConfiguration`); one that another process is writing, or that lth
/// did not write, is refused and left as it is.
public final class RunDirectoryWriter {
    /// The final path RUN_DIR.
    public let path: String
    /// The temporary path written to until `finish()`.
    public let workingPath: String
    /// The state to continue from when an interrupted run was taken over (nil: from the start).
    public let resumeState: TrainingState?
    private let folder: StagedFolder
    private let metrics: FileHandle
    private var metricsBytes: UInt64
    private var pending = ""
    private var initialWeightsPath: String?

    /// Creates `path.incomplete` with `config.json` and an empty `metrics.jsonl`, or takes over
    /// the one an interrupted run of the same configuration left.
    /// - Throws: `RunDirectoryError.alreadyExists` when `path` exists; `OutputError` when
    ///   `path.incomplete` is in use, not lth's or of another configuration (`.locked`,
    ///   `.notWrittenByLTH`, `.otherConfiguration`) or cannot be written (`.unwritable`);
    ///   `RunDirectoryError.unreadable` for a damaged training state.
    public init(path: String, configuration: RunConfiguration) throws {
        let fm = FileManager.default
        let clean = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        self.path = clean
        workingPath = clean + ".incomplete"
        if fm.fileExists(atPath: clean) { throw RunDirectoryError.alreadyExists(clean) }
        folder = try StagedFolder(path: clean, owner: RunDirectoryWriter.owner(configuration), resuming: true)
        let kept = folder.isResumed ? try TrainingStateFile.read(in: workingPath) : nil
        resumeState = kept?.state
        metricsBytes = kept?.metricsBytes ?? 0
        do {
            try fm.createDirectory(atPath: workingPath + "/checkpoints", withIntermediateDirectories: true)
        } catch {
            throw OutputError.unwritable(path: workingPath, reason: "cannot create run directory (\(OutputError.reason(of: error)))")
        }
        try JSONFiles.write(configuration, to: workingPath + "/config.json")
        let metricsPath = workingPath + "/metrics.jsonl"
        if !fm.fileExists(atPath: metricsPath) { _ = fm.createFile(atPath: metricsPath, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: metricsPath) else {
            throw OutputError.unwritable(path: metricsPath, reason: "cannot create the metrics file")
        }
        do {
            // What the interrupted run appended after its last kept checkpoint is written again.
            try handle.truncate(atOffset: metricsBytes)
            try handle.seekToEnd()
        } catch {
            throw OutputError.unwritable(path: metricsPath, reason: "cannot cut the metrics back to the last checkpoint (\(OutputError.reason(of: error)))")
        }
        metrics = handle
        if resumeState != nil, fm.fileExists(atPath: workingPath + "/initial/W0.npy") { initialWeightsPath = workingPath + "/initial/W0.npy" }
    }

    /// The owner recorded in the run directory: `lth train` and the hash of config.json.
    public static func owner(_ configuration: RunConfiguration) -> OutputFolder.Owner {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = (try? encoder.encode(configuration)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return OutputFolder.Owner(command: "lth train", configuration: FNV1a.hex(of: text))
    }

    /// Checks, without writing, that a run directory can be created at `path`.
    /// - Throws: as `init`.
    public static func check(path: String) throws {
        guard !path.isEmpty else { throw OutputError.emptyPath }
        let clean = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        if FileManager.default.fileExists(atPath: clean) { throw RunDirectoryError.alreadyExists(clean) }
        try StagedFolder.check(path: clean)
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
        let bytes = Data(pending.utf8)
        do { try metrics.write(contentsOf: bytes) } catch {
            throw OutputError.unwritable(path: workingPath + "/metrics.jsonl", reason: "cannot append (\(OutputError.reason(of: error)))")
        }
        metricsBytes += UInt64(bytes.count)
        pending = ""
    }

    /// Writes a checkpoint folder, appends its measurements to metrics.jsonl and keeps its
    /// training state (when it carries one) for a resumed run.
    public func writeCheckpoint(_ checkpoint: Checkpoint, seed: UInt64, data: String) throws {
        if initialWeightsPath == nil {
            try AtomicFile.createFolder(URL(fileURLWithPath: workingPath + "/initial"))
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
        if let state = checkpoint.trainingState {
            try TrainingStateFile.write(state, metricsBytes: metricsBytes, in: workingPath)
        }
    }

    /// Flushes the metrics, writes the `complete` marker, then renames the folder to `path`.
    public func finish() throws {
        try flushMetrics()
        try? metrics.synchronize()
        try TrainingStateFile.remove(in: workingPath)
        let marker = workingPath + "/complete"
        try AtomicFile.write(Data("complete\n".utf8), to: URL(fileURLWithPath: marker))
        do { try folder.finish() } catch OutputError.exists(let existing) { throw RunDirectoryError.alreadyExists(existing) }
    }
}
