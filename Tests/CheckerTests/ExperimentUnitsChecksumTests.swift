import Engine
import Foundation
import Testing
@testable import Checker

/// A kept unit carries the checksum of its value's bytes: a unit whose numbers changed after it
/// was written is refused as damaged (it would otherwise be reported as a result), a unit of an
/// earlier release (no checksum) is still read, and the file is what encoding the unit with the
/// checksum as a field gives.
@Suite struct ExperimentUnitsChecksumTests {
    struct Value: Codable, Equatable {
        var loss: Double
        var steps: [Int]
        var note: String
    }

    static let value = Value(loss: 5.215527069361326, steps: [0, 10, 100], note: "a \"value\": inside")

    /// Units in a new folder with `value` kept as unit "cell": the units, the folder (to remove),
    /// the unit's file and its text.
    static func keptCell() throws -> (units: ExperimentUnits, root: URL, url: URL, text: String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lth-units-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let units = ExperimentUnits(folder: root, configuration: "0123456789abcdef", dataChecksum: "fedcba9876543210")
        _ = try units.unit("cell") { Self.value }
        let url = try #require(units.url("cell"))
        return (units, root, url, try String(contentsOf: url, encoding: .utf8))
    }

    @Test func aChangedNumberIsADamagedUnit() throws {
        let (units, root, url, text) = try Self.keptCell()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(text.hasPrefix("{\"checksum\":\""), "\(text)")
        #expect(try units.kept("cell", as: Value.self) == Self.value)

        // One digit of the loss changed on disk: still valid JSON, still a plausible number.
        try text.replacingOccurrences(of: "5.215527069361326", with: "5.215527069361327").write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: ExperimentError.self) { _ = try units.kept("cell", as: Value.self) }
        do { _ = try units.kept("cell", as: Value.self) } catch let error as ExperimentError {
            #expect(error.description.contains("its value changed after it was written"), "\(error.description)")
        }
        // The recorded reading (an export) refuses it too.
        #expect(throws: ExperimentError.self) { _ = try units.recorded("cell", as: Value.self) }
    }

    @Test func aUnitOfAnEarlierReleaseIsReadWithoutChecksum() throws {
        let (units, root, url, text) = try Self.keptCell()
        defer { try? FileManager.default.removeItem(at: root) }
        let withoutChecksum = try #require(text.range(of: #"^\{"checksum":"[0-9a-f]{16}","#, options: .regularExpression))
        try text.replacingCharacters(in: withoutChecksum, with: "{").write(to: url, atomically: true, encoding: .utf8)
        #expect(try units.kept("cell", as: Value.self) == Self.value)
    }

    @Test func theFileIsTheUnitEncodedWithItsChecksum() throws {
        let (_, root, url, _) = try Self.keptCell()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = try Data(contentsOf: url)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let valueBytes = try encoder.encode(Self.value)
        struct Whole: Encodable { var checksum, configuration, data, unit: String; var value: Value }
        let expected = try encoder.encode(Whole(checksum: FNV1a.hex(ofBytes: valueBytes), configuration: "0123456789abcdef",
                                                data: "fedcba9876543210", unit: "cell", value: Self.value))
        #expect(file == expected, "\(String(decoding: file, as: UTF8.self))")
    }
}
