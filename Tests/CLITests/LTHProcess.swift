import Foundation

/// Runs the built `lth` executable as a user would and captures what it prints.
struct LTHProcess {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The `lth` binary beside the test bundle (`.build/<configuration>/lth`).
    static let executable: URL = {
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            bundleDirectory.appendingPathComponent("lth"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/debug/lth"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }()

    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) throws -> Result {
        try run(executable: executable, arguments, environment: environment, in: directory)
    }

    /// Runs any executable the same way (e.g. `/usr/bin/env python3 ...` for a reference computation).
    static func run(executable: URL, _ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let (outData, errData) = readToEnd(out, err)
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Reads both pipes to the end (standard error at the same time, on another thread), so a
    /// large output on either cannot block the child; call it before waiting for the child.
    static func readToEnd(_ out: Pipe, _ err: Pipe) -> (out: Data, err: Data) {
        nonisolated(unsafe) var errData = Data()
        let drained = DispatchSemaphore(value: 0)
        let reader = err.fileHandleForReading
        DispatchQueue.global().async {
            errData = reader.readDataToEndOfFile()
            drained.signal()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        return (outData, errData)
    }

    /// Starts `lth arguments` with its output discarded (for tests that stop it).
    static func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// A fresh temporary directory for one test.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lth-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
