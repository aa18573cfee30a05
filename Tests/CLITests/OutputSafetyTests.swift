import Foundation
import Testing

/// Outputs never lose or mix data: one process per output folder (flock), nothing lth did
/// not write is deleted or overwritten, and exit status 2 is bad input only.
@Suite(.serialized) struct OutputSafetyTests {
    static let data = "synthetic:sphere?m=400&d=8&seed=3"

    static func trainArguments(seed: Int, out: URL, steps: Int = 300) -> [String] {
        ["train", "--data", data, "--width", "512", "--steps", String(steps), "--lr", "0.5", "--reduction", "mean",
         "--checkpoints", "every:10", "--seed", String(seed), "--out", out.path]
    }

    /// A started `lth` whose output is read when it ends.
    struct Running {
        let process: Process
        let out: Pipe
        let err: Pipe

        init(_ arguments: [String]) throws {
            process = Process()
            process.executableURL = LTHProcess.executable
            process.arguments = arguments
            out = Pipe()
            err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
        }

        func finish() -> LTHProcess.Result {
            let (o, e) = LTHProcess.readToEnd(out, err)
            process.waitUntilExit()
            return LTHProcess.Result(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                                     stderr: String(decoding: e, as: UTF8.self))
        }
    }

    /// The seed every checkpoint of a finished run records, and the one config.json records.
    static func seeds(of run: URL) throws -> (config: Int, checkpoints: Set<Int>) {
        let config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("config.json"))) as? [String: Any])
        let training = try #require(config["training"] as? [String: Any])
        let seed = try #require(training["seed"] as? Int)
        let folder = run.appendingPathComponent("checkpoints")
        var seeds = Set<Int>()
        for step in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let meta = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(step + "/meta.json"))) as? [String: Any])
            seeds.insert(try #require(meta["seed"] as? Int))
        }
        return (seed, seeds)
    }

    /// Two `lth train` processes started together on one --out: at most one finishes, the other
    /// gets one line and exit status 2, and the run left is one seed's, whole.
    @Test func twoTrainersNeverMixARun() throws {
        for round in 0..<3 {
            let directory = try LTHProcess.temporaryDirectory()
            let out = directory.appendingPathComponent("run")
            let a = try Running(Self.trainArguments(seed: 1, out: out))
            let b = try Running(Self.trainArguments(seed: 2, out: out))
            let results = [a.finish(), b.finish()]
            let succeeded = results.filter { $0.status == 0 }
            #expect(succeeded.count <= 1, "round \(round)")
            for failed in results where failed.status != 0 {
                #expect(failed.status == 2, "\(failed.stderr)")
                #expect(failed.stderr.split(separator: "\n").count == 1, "\(failed.stderr)")
            }
            if succeeded.count == 1 {
                let (config, checkpoints) = try Self.seeds(of: out)
                #expect(checkpoints == [config])
                #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("complete").path))
                #expect(try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("checkpoints").path).count == 31)
            }
        }
    }

    /// While one `lth train` writes OUT.incomplete, a second one is refused at once, naming the holder.
    @Test func aSecondWriterIsToldWhoHoldsTheFolder() throws {
        let directory = try LTHProcess.temporaryDirectory()
        let out = directory.appendingPathComponent("run")
        let first = try Running(Self.trainArguments(seed: 1, out: out, steps: 3000))
        let lock = out.path + ".incomplete/.lth.lock"
        let deadline = Date().addingTimeInterval(60)
        while ((try? String(contentsOfFile: lock, encoding: .utf8)) ?? "").isEmpty && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        let second = try LTHProcess.run(Self.trainArguments(seed: 2, out: out))
        let firstResult = first.finish()
        #expect(firstResult.status == 0, "\(firstResult.stderr)")
        #expect(second.status == 2)
        #expect(second.stdout.isEmpty)
        #expect(second.stderr.contains("in use by another lth process (pid \(first.process.processIdentifier) on host"), "\(second.stderr)")
        #expect(try Self.seeds(of: out).checkpoints == [1])
    }

    /// While `lth check` writes its folder, a second check of the same configuration is refused
    /// at once, naming the holder, and leaves the first one's results whole.
    @Test func aSecondCheckIsToldWhoHoldsTheFolder() throws {
        let out = try LTHProcess.temporaryDirectory().appendingPathComponent("check")
        let arguments = ["check", "--data", "synthetic:sphere?m=200&d=6&seed=1", "--samples", "100,200", "--seeds", "0,1",
                         "--width", "512", "--steps", "6000", "--k", "2", "--out", out.path]
        let first = try Running(arguments)
        let lock = out.appendingPathComponent(".lth.lock").path
        let deadline = Date().addingTimeInterval(60)
        while ((try? String(contentsOfFile: lock, encoding: .utf8)) ?? "").isEmpty && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        let second = try LTHProcess.run(arguments)
        let firstResult = first.finish()
        #expect(firstResult.status == 0, "\(firstResult.stderr)")
        #expect(second.status == 2)
        #expect(second.stdout.isEmpty && second.stderr.split(separator: "\n").count == 1, "\(second.stderr)")
        #expect(second.stderr.contains("in use by another lth process (pid \(first.process.processIdentifier) on host"), "\(second.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("report/result.json").path))
    }

    /// A user's folder named OUT.incomplete is never deleted: train and prune refuse it.
    @Test func aUserFolderNamedIncompleteSurvives() throws {
        let directory = try LTHProcess.temporaryDirectory()
        let out = directory.appendingPathComponent("run")
        let mine = URL(fileURLWithPath: out.path + ".incomplete")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: false)
        try Data("my notes\n".utf8).write(to: mine.appendingPathComponent("notes.txt"))
        let refused = try LTHProcess.run(Self.trainArguments(seed: 1, out: out, steps: 10))
        #expect(refused.status == 2)
        #expect(refused.stdout.isEmpty && refused.stderr.split(separator: "\n").count == 1)
        #expect(refused.stderr.contains("was not written by lth"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: mine.path) == ["notes.txt"])
        #expect(!FileManager.default.fileExists(atPath: out.path))

        let run = directory.appendingPathComponent("trained")
        #expect(try LTHProcess.run(Self.trainArguments(seed: 1, out: run, steps: 10)).status == 0)
        let pruned = directory.appendingPathComponent("pruned")
        let user = URL(fileURLWithPath: pruned.path + ".incomplete")
        try FileManager.default.createDirectory(at: user, withIntermediateDirectories: false)
        try Data("keep\n".utf8).write(to: user.appendingPathComponent("keep.txt"))
        let prune = try LTHProcess.run(["prune", "greedy", run.path, "--checkpoint", "10", "--k", "4", "--out", pruned.path])
        #expect(prune.status == 2, "\(prune.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: user.path) == ["keep.txt"])
        #expect(!FileManager.default.fileExists(atPath: pruned.path))
    }

    /// imp, stability, earlybird and rewinding check --out before any computation: a folder of
    /// the user's is refused in one line and left as it was.
    @Test(arguments: ["imp", "stability", "earlybird", "rewinding"])
    func aFolderOfTheUsersIsRefusedBeforeTheComputation(_ command: String) throws {
        let folder = try LTHProcess.temporaryDirectory()
        try Data("a,b\n1,2\n".utf8).write(to: folder.appendingPathComponent("imp_rewinding.csv"))
        let result = try LTHProcess.run([command, "--data", "synthetic:sphere?m=120&d=6&seed=2", "--samples", "100", "--batch", "10",
                                         "--width", "16", "--out", folder.path])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("not written by lth"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["imp_rewinding.csv"])
        #expect(try String(contentsOf: folder.appendingPathComponent("imp_rewinding.csv"), encoding: .utf8) == "a,b\n1,2\n")
    }

    /// The same configuration rewrites its own files; another configuration is refused with
    /// the command that starts fresh.
    @Test func anotherConfigurationIsRefusedWithTheWayToStartFresh() throws {
        let folder = try LTHProcess.temporaryDirectory().appendingPathComponent("measure")
        let arguments = ["subsetsum", "measure", "--trials", "30", "--max-n", "12", "--epsilon", "0.2,0.1,0.05", "--resamples", "50", "--out", folder.path]
        let first = try LTHProcess.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files.contains(".lth-output.json") && !files.contains { $0.contains(".partial-") })
        let again = try LTHProcess.run(arguments)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == files)
        var other = arguments
        other[other.firstIndex(of: "30")!] = "31"
        let refused = try LTHProcess.run(other)
        #expect(refused.status == 2)
        #expect(refused.stdout.isEmpty && refused.stderr.split(separator: "\n").count == 1)
        #expect(refused.stderr.contains("rm -r '\(folder.path)'"), "\(refused.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == files)
    }

    /// A stale temporary file of an interrupted report write is removed by the next run.
    @Test func staleTemporaryFilesOfAnInterruptedWriteAreRemoved() throws {
        let folder = try LTHProcess.temporaryDirectory().appendingPathComponent("measure")
        let arguments = ["subsetsum", "measure", "--trials", "30", "--max-n", "12", "--epsilon", "0.2,0.1,0.05", "--resamples", "50", "--out", folder.path]
        #expect(try LTHProcess.run(arguments).status == 0)
        let stale = folder.appendingPathComponent(".subsetsum.md.partial-DEADBEEF")
        try Data("half a tab".utf8).write(to: stale)
        #expect(try LTHProcess.run(arguments).status == 0)
        #expect(!FileManager.default.fileExists(atPath: stale.path))
    }

    /// A folder that cannot be written is a runtime failure (exit status 1), not bad input.
    @Test func anUnwritableOutputIsARuntimeFailure() throws {
        let result = try LTHProcess.run(["subsetsum", "measure", "--trials", "10", "--max-n", "10", "--epsilon", "0.2,0.1", "--resamples", "10",
                                         "--out", "/proc/lth-cannot-write-here"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.isEmpty && result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("cannot write /proc/lth-cannot-write-here"))
    }

    @Test func theHelpStatesTheExitStatuses() throws {
        let help = try LTHProcess.run(["--help"])
        #expect(help.status == 0)
        let text = help.stdout.replacingOccurrences(of: "\n", with: " ")
        #expect(text.contains("1 runtime failure (disk full, permission denied,"))
        #expect(text.contains("2 bad input"))
    }
}
