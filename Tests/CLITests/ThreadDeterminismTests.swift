import Foundation
import Testing

/// On one machine, the same seed gives byte-identical output folders with 1 or 2 threads: the
/// weights and every derived number (rho, lambda_min(H(t)), the certified lambda0, greedy losses,
/// tables, figures). The thread count is set the way a user sets it, by `OPENBLAS_NUM_THREADS`
/// (the engine's thread count; OpenBLAS itself always runs on one thread). Whatever kernel set
/// OpenBLAS runs on this CPU (`OPENBLAS_CORETYPE`), both runs use the same one.
@Suite(.serialized) struct ThreadDeterminismTests {
    /// Every regular file below `root`, by relative path, with its bytes.
    static func files(below root: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let manager = FileManager.default
        guard let walker = manager.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return result }
        for case let url as URL in walker {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count))
            result[relative] = try Data(contentsOf: url)
        }
        return result
    }

    /// The bytes with a check cell's wall-clock `"seconds"` field blanked (the only number in an
    /// output folder that is not computed from the data), and with it the checksum of the unit
    /// that records it.
    static func withoutWallClock(_ data: Data) -> Data {
        var text = String(decoding: data, as: UTF8.self)
        for (pattern, blank) in [(#""seconds" ?: ?[0-9.eE+-]+"#, #""seconds":_"#), (#""checksum":"[0-9a-f]{16}""#, #""checksum":_"#)] {
            guard let regex = try? NSRegularExpression(pattern: pattern) else { return data }
            text = regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: blank)
        }
        return Data(text.utf8)
    }

    /// Runs `arguments(out)` with 1 and with 2 threads into two folders and compares them.
    static func expectSameFolders(_ name: String, _ arguments: (URL) -> [String]) throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var trees: [[String: Data]] = []
        for threads in ["1", "2"] {
            let out = directory.appendingPathComponent("out-\(name)")
            let result = try LTHProcess.run(arguments(out), environment: ["OPENBLAS_NUM_THREADS": threads])
            try #require(result.status == 0, "\(name) on \(threads) thread(s): \(result.stderr)")
            trees.append(try files(below: out).mapValues(withoutWallClock))
            try FileManager.default.removeItem(at: out)
        }
        #expect(trees[0].keys.sorted() == trees[1].keys.sorted(), "\(name): the same files")
        #expect(trees[0].count > 3, "\(name): \(trees[0].keys.sorted())")
        for (path, bytes) in trees[0] {
            #expect(trees[1][path] == bytes, "\(name): \(path) differs between 1 and 2 threads")
        }
    }

    @Test func checkFolderIsTheSameOnOneAndTwoThreads() throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("check.yaml")
        try """
        data: "synthetic:sphere?m=300&d=6&seed=3"
        samples: [120, 300]
        seeds: [0]
        width: 600
        steps: 60
        checkpoints: [0, 20, 60]
        k: [8, 64]
        epsilon: [0.3]
        """.write(to: config, atomically: true, encoding: .utf8)
        try Self.expectSameFolders("check") { ["check", config.path, "--out", $0.path] }
    }

    @Test func trainAndPruneFoldersAreTheSameOnOneAndTwoThreads() throws {
        let data = "synthetic:sphere?m=700&d=12&seed=2"
        try Self.expectSameFolders("train-ntk") {
            ["train", "--data", data, "--model", "ntk", "--width", "700", "--steps", "30it", "--lr", "0.5", "--reduction", "mean",
             "--checkpoints", "0,10,30", "--gram-eigenvalue", "--out", $0.path]
        }
        try Self.expectSameFolders("train-mlp") {
            ["train", "--data", data, "--model", "mlp", "--samples", "700", "--width", "300,200", "--steps", "2ep", "--batch", "64", "--lr", "0.05", "--reduction", "mean",
             "--checkpoints", "0,10,20", "--out", $0.path]
        }
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = directory.appendingPathComponent("run")
        let trained = try LTHProcess.run(["train", "--data", data, "--model", "ntk", "--width", "700", "--steps", "30it", "--lr", "0.5",
                                          "--reduction", "mean", "--checkpoints", "0,30", "--out", run.path])
        try #require(trained.status == 0, "\(trained.stderr)")
        try Self.expectSameFolders("prune") { ["prune", "greedy", run.path, "--checkpoint", "30", "--k", "40", "--out", $0.path] }
    }
}
