import Engine
import Foundation

/// The finished units of an experiment, each kept as `<folder>/<name>.json` once computed
/// (written whole by `AtomicFile`), so that a run stopped at any moment (Ctrl-C, `kill -9`, a
/// lost node) resumes at the first missing unit and ends with the files of an uninterrupted
/// run. A unit file holds `checksum` (FNV-1a of the bytes of `value` as written), `configuration`
/// (the experiment's configuration hash), `data` (the training data's checksum), `unit` (its
/// name) and `value` (canonical JSON, sorted keys); all four are verified when the unit is kept,
/// so a unit whose numbers changed on disk is refused as damaged instead of reported (a unit of an
/// earlier release, without `checksum`, is verified without it). Without a folder, units are
/// computed in memory.
public struct ExperimentUnits: Sendable {
    /// Where the units are kept (nil: computed and forgotten).
    public let folder: URL?
    /// The experiment's configuration hash.
    public let configuration: String
    /// `Dataset.checksum` of the training data.
    public let dataChecksum: String

    /// The sub-folder of an output folder holding the units.
    public static let folderName = "units"

    public init(folder: URL?, configuration: String, dataChecksum: String) {
        self.folder = folder
        self.configuration = configuration
        self.dataChecksum = dataChecksum
    }

    private struct Stored<Value: Codable>: Codable {
        /// FNV-1a of the value's bytes in the file (`encode` adds it; nil in a unit of an earlier release).
        var checksum: String? = nil
        var configuration: String
        var data: String
        var unit: String
        var value: Value
    }

    /// The file of unit `name` (nil without a folder).
    public func url(_ name: String) -> URL? {
        folder?.appendingPathComponent(name + ".json")
    }

    /// The same units recording `checksum` as their data (for a sweep whose cells train on
    /// different subsets: each cell's unit records and verifies its own subset's checksum).
    public func data(_ checksum: String) -> ExperimentUnits {
        ExperimentUnits(folder: folder, configuration: configuration, dataChecksum: checksum)
    }

    /// Whether unit `name` is on disk.
    public func isKept(_ name: String) -> Bool {
        url(name).map { FileManager.default.fileExists(atPath: $0.path) } ?? false
    }

    /// The name of the one replaceable file (`state`): what a unit in progress carries from one
    /// unit to the next (a training state), removed when the run ends.
    public static let stateName = "state"

    /// Keeps `value` as the experiment's state (written whole, replacing the previous one).
    /// - Throws: `OutputError.unwritable`.
    public func keepState<Value: Codable>(_ value: Value) throws {
        guard let url = url(Self.stateName) else { return }
        try AtomicFile.write(try Self.encode(Stored(configuration: configuration, data: dataChecksum, unit: Self.stateName, value: value)), to: url)
    }

    /// The state an earlier run kept (verified as a unit), or nil.
    /// - Throws: `ExperimentError` for a damaged or foreign state.
    public func keptState<Value: Codable>(_ type: Value.Type) throws -> Value? {
        guard let url = url(Self.stateName), let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return try verified(data, at: url, name: Self.stateName, as: type).value
    }

    /// Removes the state (the run is over).
    /// - Throws: `OutputError.unwritable`.
    public func removeState() throws {
        guard let url = url(Self.stateName), FileManager.default.fileExists(atPath: url.path) else { return }
        do { try FileManager.default.removeItem(at: url) } catch {
            throw OutputError.unwritable(path: url.path, reason: OutputError.reason(of: error))
        }
    }

    /// The unit's file: `stored` as canonical JSON (sorted keys, so `value` comes last), with
    /// the checksum of the value's bytes as its first key (what encoding it with that field gives,
    /// without encoding the value twice).
    private static func encode<Value: Codable>(_ stored: Stored<Value>) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        var unchecked = stored
        unchecked.checksum = nil
        let data = try encoder.encode(unchecked)
        guard let value = valueBytes(of: data) else { return data }
        return Data("{\"checksum\":\"\(FNV1a.hex(ofBytes: value))\",".utf8) + data.dropFirst()
    }

    /// The bytes of `value` in a unit file: after the first `,"value":` (the keys before it are
    /// short strings of lth's own) up to the closing brace.
    private static func valueBytes(of data: Data) -> Data? {
        let marker = Data(",\"value\":".utf8)
        guard let found = data.range(of: marker), data.last == UInt8(ascii: "}") else { return nil }
        return data[found.upperBound..<data.index(before: data.endIndex)]
    }

    /// The stored unit of a kept file, after checking its configuration and name (and its data
    /// checksum unless `anyData`).
    private func verified<Value: Codable>(_ data: Data, at url: URL, name: String, as type: Value.Type,
                                          anyData: Bool = false) throws -> Stored<Value> {
        let stored: Stored<Value>
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do { stored = try decoder.decode(Stored<Value>.self, from: data) } catch {
            throw ExperimentError.damagedUnit(path: url.path, reason: "not a unit of this experiment")
        }
        if let checksum = stored.checksum {
            let found = Self.valueBytes(of: data).map { FNV1a.hex(ofBytes: $0) }
            guard found == checksum else {
                throw ExperimentError.damagedUnit(path: url.path, reason: "its value changed after it was written: checksum \(found ?? "of no value"), recorded \(checksum)")
            }
        }
        guard stored.configuration == configuration else {
            throw ExperimentError.foreignUnit(path: url.path, field: "configuration", recorded: stored.configuration, expected: configuration)
        }
        guard anyData || stored.data == dataChecksum else {
            throw ExperimentError.foreignUnit(path: url.path, field: "data checksum", recorded: stored.data, expected: dataChecksum)
        }
        guard stored.unit == name else {
            throw ExperimentError.foreignUnit(path: url.path, field: "unit name", recorded: stored.unit, expected: name)
        }
        return stored
    }

    /// A kept unit read back without its data (e.g. for an export, which does not load the
    /// data): its value and the data checksum it records, after checking its configuration,
    /// name and `problem` (given the value and the recorded data checksum); nil when none is kept.
    /// - Throws: `ExperimentError` as `kept`.
    public func recorded<Value: Codable>(_ name: String, as type: Value.Type = Value.self,
                                         problem: (Value, _ dataChecksum: String) -> String? = { _, _ in nil }) throws -> (value: Value, dataChecksum: String)? {
        guard let url = url(name), let data = FileManager.default.contents(atPath: url.path) else { return nil }
        let stored = try verified(data, at: url, name: name, as: type, anyData: true)
        if let reason = problem(stored.value, stored.data) { throw ExperimentError.damagedUnit(path: url.path, reason: reason) }
        return (stored.value, stored.data)
    }

    /// The kept unit `name` (verified, then checked by `problem`, which names what is wrong with
    /// a value or returns nil), or nil when none is kept.
    /// - Throws: `ExperimentError` for a kept unit that is damaged, of another configuration or
    ///   data, or that `problem` refuses (`.damagedUnit` with its reason).
    public func kept<Value: Codable>(_ name: String, as type: Value.Type = Value.self,
                                     problem: (Value) -> String? = { _ in nil }) throws -> Value? {
        guard let url = url(name), let data = FileManager.default.contents(atPath: url.path) else { return nil }
        let value = try verified(data, at: url, name: name, as: type).value
        if let reason = problem(value) { throw ExperimentError.damagedUnit(path: url.path, reason: reason) }
        return value
    }

    /// The unit `name`: read back (verified, then checked by `problem`) when an earlier run kept
    /// it, otherwise computed by `compute` and written atomically. `report` is called once either
    /// way, with whether the unit was kept.
    /// - Throws: `ExperimentError` for a kept unit that is damaged or of another configuration
    ///   or data; `OutputError.unwritable`; what `compute` throws.
    public func unit<Value: Codable>(_ name: String, problem: (Value) -> String? = { _ in nil },
                                     report: (_ kept: Bool) -> Void = { _ in },
                                     compute: () throws -> Value) throws -> Value {
        guard let url = url(name) else {
            let value = try compute()
            report(false)
            return value
        }
        if let value = try kept(name, as: Value.self, problem: problem) {
            report(true)
            return value
        }
        let value = try compute()
        try AtomicFile.write(try Self.encode(Stored(configuration: configuration, data: dataChecksum, unit: name, value: value)), to: url)
        report(false)
        return value
    }
}

extension ExperimentUnits {
    /// The data checksum of an experiment whose cells train on different subsets of the data
    /// (`lth check`, `lth reproduce`): each cell's unit records its own subset's checksum.
    public static let checksumPerCell = "per cell"
}
