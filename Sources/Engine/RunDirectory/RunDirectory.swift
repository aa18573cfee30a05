import Foundation

/// A finished run directory (see `RunDirectoryWriter` for the layout). Opening one checks
/// that the `complete` marker exists, so an interrupted run is never read as complete.
public struct RunDirectory: Sendable {
    public let path: String

    /// Opens a complete run directory.
    /// - Throws: `RunDirectoryError.missing` or `.incomplete`.
    public init(path: String) throws {
        let clean = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: clean, isDirectory: &isDirectory), isDirectory.boolValue else {
            if FileManager.default.fileExists(atPath: clean + ".incomplete") { throw RunDirectoryError.incomplete(clean + ".incomplete") }
            throw RunDirectoryError.missing(clean)
        }
        guard FileManager.default.fileExists(atPath: clean + "/complete") else { throw RunDirectoryError.incomplete(clean) }
        self.path = clean
    }

    /// The run's config.json.
    public func configuration() throws -> RunConfiguration {
        try JSONFiles.read(RunConfiguration.self, from: path + "/config.json")
    }

    /// The steps that have a checkpoint folder, sorted.
    public func checkpointSteps() throws -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path + "/checkpoints")) ?? []
        return names.compactMap { $0.hasPrefix("step-") ? Int($0.dropFirst(5)) : nil }.sorted()
    }

    /// The folder of the checkpoint at `step`.
    public func checkpointPath(step: Int) throws -> String {
        let folder = path + "/checkpoints/" + CheckpointFolder.name(step: step)
        guard FileManager.default.fileExists(atPath: folder + "/meta.json") else {
            throw RunDirectoryError.noSuchCheckpoint(path: path, step: step, available: try checkpointSteps())
        }
        return folder
    }

    /// meta.json of the checkpoint at `step`.
    public func checkpointMeta(step: Int) throws -> CheckpointMeta {
        try CheckpointFolder.meta(at: try checkpointPath(step: step))
    }

    /// Loads the checkpoint at `step` as a `Checkpoint`, verifying the model kind (when
    /// `expecting` is given) and the array shapes against meta.json.
    public func loadCheckpoint(step: Int, expecting kind: ModelKind? = nil) throws -> Checkpoint {
        let (meta, network) = try CheckpointFolder.load(from: try checkpointPath(step: step), expecting: kind)
        return Checkpoint(step: meta.step, network: network, measurements: meta.measurements)
    }

    /// Every line of metrics.jsonl.
    public func metrics() throws -> [MetricRecord] {
        let file = path + "/metrics.jsonl"
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw RunDirectoryError.unreadable(path: file, reason: "missing or unreadable file")
        }
        let decoder = JSONDecoder()
        var records: [MetricRecord] = []
        for (index, line) in text.split(separator: "\n").enumerated() {
            do { records.append(try decoder.decode(MetricRecord.self, from: Data(line.utf8))) } catch {
                throw RunDirectoryError.unreadable(path: file, reason: "line \(index + 1) is not a {\"name\",\"step\",\"value\"} object")
            }
        }
        return records
    }
}
