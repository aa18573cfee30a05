import Foundation

/// The training state of a run directory being written, so that an interrupted `lth train`
/// continues where it stopped (`RunDirectoryWriter`): kept in `RUN_DIR.incomplete/resume/` and
/// removed when the run finishes, so a finished run directory is the same with or without
/// interruptions.
///
///     resume/step-000500-velocity-0.npy ...   the momentum buffers V (float32, one per
///                                             parameter tensor, flattened row-major; none at momentum 0)
///     resume/state.json                       written last: the step, the divergence reference,
///                                             the last step residual (IEEE 754 bits, hex),
///                                             the length of metrics.jsonl at the step, the buffers' files
///
/// The parameters are those of the checkpoint folder of the same step (written before the
/// state). Every file is written whole (`AtomicFile`) and state.json last, so the state on disk
/// is always one complete checkpoint's; buffers of older steps are removed after it.
public enum TrainingStateFile {
    /// The folder inside the run directory.
    public static let folderName = "resume"

    struct Record: Codable, Equatable {
        var step: Int
        /// `TrainingState.initialMeanLoss.bitPattern`, 16 hex digits.
        var initialMeanLoss: String
        /// `TrainingState.previousStepResidual?.bitPattern`, 16 hex digits.
        var previousStepResidual: String?
        /// Bytes of metrics.jsonl written up to and including this checkpoint.
        var metricsBytes: UInt64
        /// The momentum buffers' files, in `Network.parameterTensorShapes` order (nil at momentum 0).
        var velocities: [String]?
    }

    /// Writes the state of `state` (whose parameters are in the checkpoint folder of its step)
    /// into `runDirectory/resume`.
    /// - Throws: `OutputError.unwritable`.
    static func write(_ state: TrainingState, metricsBytes: UInt64, in runDirectory: String) throws {
        let folder = runDirectory + "/" + folderName
        try AtomicFile.createFolder(URL(fileURLWithPath: folder))
        let prefix = CheckpointFolder.name(step: state.step) + "-velocity-"
        var names: [String]? = nil
        if let velocities = state.velocities {
            names = []
            for (i, v) in velocities.enumerated() {
                let name = prefix + "\(i).npy"
                try NPYArray(float32: v, shape: [v.count]).write(to: folder + "/" + name)
                names?.append(name)
            }
        }
        let record = Record(step: state.step, initialMeanLoss: hex(state.initialMeanLoss.bitPattern),
                            previousStepResidual: state.previousStepResidual.map { hex($0.bitPattern) },
                            metricsBytes: metricsBytes, velocities: names)
        try JSONFiles.write(record, to: folder + "/state.json")
        let current = Set(names ?? [])
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        where name.hasSuffix(".npy") && !current.contains(name) {
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
    }

    /// The state kept in `runDirectory/resume` and the length of metrics.jsonl at its step, or
    /// nil when no state was written yet.
    /// - Throws: `RunDirectoryError.unreadable` for a damaged state or checkpoint.
    static func read(in runDirectory: String) throws -> (state: TrainingState, metricsBytes: UInt64)? {
        let folder = runDirectory + "/" + folderName
        let path = folder + "/state.json"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let record = try JSONFiles.read(Record.self, from: path)
        func bits(_ text: String) throws -> Double {
            guard let value = UInt64(text, radix: 16) else { throw RunDirectoryError.unreadable(path: path, reason: "'\(text)' is not 16 hex digits") }
            return Double(bitPattern: value)
        }
        let (_, network) = try CheckpointFolder.load(from: runDirectory + "/checkpoints/" + CheckpointFolder.name(step: record.step))
        let velocities = try record.velocities.map { names in
            try names.map { name -> [Float] in
                let file = folder + "/" + name
                guard let values = try NPYArray.read(from: file).float32Values else {
                    throw RunDirectoryError.unreadable(path: file, reason: "expected float32 momentum buffers")
                }
                return values
            }
        }
        let state = TrainingState(step: record.step, network: network, velocities: velocities, initialMeanLoss: try bits(record.initialMeanLoss),
                                  previousStepResidual: try record.previousStepResidual.map(bits))
        return (state, record.metricsBytes)
    }

    /// Removes `runDirectory/resume` (the run finished).
    static func remove(in runDirectory: String) throws {
        let folder = runDirectory + "/" + folderName
        guard FileManager.default.fileExists(atPath: folder) else { return }
        do { try FileManager.default.removeItem(atPath: folder) } catch {
            throw OutputError.unwritable(path: folder, reason: OutputError.reason(of: error))
        }
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
