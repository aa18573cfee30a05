import Foundation
import Testing

/// Golden files in `Tests/CheckerTests/Golden` (bundled with `.copy("Golden")`): compares, or
/// with `LTH_UPDATE_GOLDEN=1` rewrites the file in the source tree (next to this file).
enum Golden {
    static func check(_ actual: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation,
                      filePath: String = #filePath) throws {
        if ProcessInfo.processInfo.environment["LTH_UPDATE_GOLDEN"] == "1" {
            let url = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
            try Data(actual.utf8).write(to: url, options: .atomic)
            return
        }
        let folder = try #require(Bundle.module.url(forResource: "Golden", withExtension: nil), sourceLocation: sourceLocation)
        let expected = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        #expect(actual == expected, "golden file \(name) differs; rerun with LTH_UPDATE_GOLDEN=1 to update it", sourceLocation: sourceLocation)
    }
}

/// Runs a tool found on PATH in `directory`; nil when the tool is not installed.
enum Tool {
    static func path(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The exit status and combined output.
    static func run(_ executable: String, _ arguments: [String], in directory: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let log = directory.appendingPathComponent("tool.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lth-checker-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
