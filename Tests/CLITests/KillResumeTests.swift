import Foundation
import Testing

/// The long commands resume after `kill -9`: a run killed (SIGKILL, no chance to clean up) once
/// its first unit (or, for the dense runs of imp and stability, its training state) is on disk,
/// then started again with the same command line and folder, ends with the folder of an
/// uninterrupted run, byte for byte.
@Suite struct KillResumeTests {
    static let small = ["--data", "synthetic:sphere?m=400&d=8&seed=1", "--samples", "300", "--width", "48,24", "--steps", "240",
                        "--batch", "30"]

    /// Every file under `folder` (hidden ones included) by relative path, with its bytes.
    static func contents(of folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let manager = FileManager.default
        guard let walker = manager.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return files }
        for case let url as URL in walker where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            files[String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1))] = try Data(contentsOf: url)
        }
        return files
    }

    /// `value.seconds` removed from a unit (nil when `data` is not a unit).
    static func withoutSeconds(_ data: Data?) throws -> NSDictionary? {
        guard let data, var object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              var value = object["value"] as? [String: Any] else { return nil }
        value.removeValue(forKey: "seconds")
        object["value"] = value
        object.removeValue(forKey: "checksum")  // of the value with its seconds
        return object as NSDictionary
    }

    /// Expects the folders `a` and `b` to hold the same files, byte for byte; with
    /// `unitsUpToSeconds`, a unit under `units/` may differ only in the seconds its value records.
    static func expectSameFiles(_ a: URL, _ b: URL, unitsUpToSeconds: Bool = false) throws {
        let x = try contents(of: a), y = try contents(of: b)
        #expect(x.keys.sorted() == y.keys.sorted(), "\(x.keys.sorted()) against \(y.keys.sorted())")
        for (name, data) in y {
            if unitsUpToSeconds && name.hasPrefix("units/") {
                #expect(try withoutSeconds(x[name]) == withoutSeconds(data), "\(name) differs beyond its seconds")
            } else {
                #expect(x[name] == data, "\(name) differs")
            }
        }
    }

    /// Starts `lth arguments`, SIGKILLs it as soon as a file whose name `matches` (by default:
    /// ends in `.json`; hidden temporary files never match) appears in `watched` (polling every
    /// 2 ms), and returns whether it was killed before it finished.
    static func killAfterFirstUnit(_ arguments: [String], watched: URL, matches: (String) -> Bool = { $0.hasSuffix(".json") }) throws -> Bool {
        let process = try LTHProcess.start(arguments)
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline
                && ((try? FileManager.default.contentsOfDirectory(atPath: watched.path))?.contains { matches($0) && !$0.hasPrefix(".") } != true) {
            usleep(2000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
    }

    /// Kills `lth command ... --out A` after its first unit, reruns it to the end, runs it
    /// uninterrupted into B, and compares A and B file by file (with `unitsUpToSeconds`, the units
    /// up to the seconds they record) and, with `sameStandardOutput`, the two standard outputs.
    static func checkResume(_ command: [String], unitsFolder: String = "units", unitsUpToSeconds: Bool = false,
                            sameStandardOutput: Bool = true) throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let interrupted = directory.appendingPathComponent("run"), whole = directory.appendingPathComponent("whole")
        // The first unit, not the training state a dense run keeps before it.
        let killed = try killAfterFirstUnit(command + ["--out", interrupted.path], watched: interrupted.appendingPathComponent(unitsFolder),
                                            matches: { $0.hasSuffix(".json") && $0 != "state.json" })
        #expect(killed, "the run finished before the first unit was on disk: the test did not interrupt anything")
        let kept = try contents(of: interrupted.appendingPathComponent(unitsFolder))
        #expect(!kept.isEmpty)
        let resumed = try LTHProcess.run(command + ["--out", interrupted.path])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("kept from an earlier run"), "\(resumed.stderr)")
        // The units the killed run finished are read back, not rewritten (the training state
        // carried from unit to unit is replaced as the run goes on and removed at its end).
        let after = try contents(of: interrupted.appendingPathComponent(unitsFolder))
        for (name, data) in kept where name != "state.json" { #expect(after[name] == data, "\(name)") }
        let uninterrupted = try LTHProcess.run(command + ["--out", whole.path])
        #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")
        if sameStandardOutput {
            #expect(resumed.stdout.replacingOccurrences(of: interrupted.path, with: whole.path) == uninterrupted.stdout)
        }
        try expectSameFiles(interrupted, whole, unitsUpToSeconds: unitsUpToSeconds)
    }

    @Test func impResumesAtTheFirstMissingLevel() throws {
        try Self.checkResume(["imp"] + Self.small + ["--seeds", "0,1", "--levels", "3", "--rewind", "0,40"])
    }

    @Test func stabilityResumesAtTheFirstMissingCopy() throws {
        try Self.checkResume(["stability"] + Self.small + ["--rewind", "0,40,80", "--levels", "1", "--copies", "3"])
    }

    /// `lth imp` and `lth stability` killed in the middle of their dense (parent) run, once its
    /// training state is on disk (kept at the rewind point t = 100 of 2000 iterations, with
    /// W(0) and W(100)), continue from that state rather than from W(0) and end with the folder
    /// of an uninterrupted run, byte for byte; the state is gone at the end.
    @Test(arguments: [(["imp", "--seeds", "0,1", "--levels", "1", "--no-controls"], "seed0-dense"), (["stability", "--copies", "2"], "dense")])
    func denseRunResumesPartWay(_ arguments: [String], unit: String) throws {
        let command = [arguments[0]] + Self.small.map { $0 == "240" ? "2000" : $0 } + Array(arguments.dropFirst()) + ["--rewind", "0,100"]
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let interrupted = directory.appendingPathComponent("run"), whole = directory.appendingPathComponent("whole")
        let units = interrupted.appendingPathComponent("units")
        let killed = try Self.killAfterFirstUnit(command + ["--out", interrupted.path], watched: units, matches: { $0 == "state.json" })
        #expect(killed, "the run finished before its training state was on disk: the test did not interrupt anything")
        // The kill came while the dense run trained: its state is there, its unit is not.
        let state = try #require(try? Data(contentsOf: units.appendingPathComponent("state.json")), "no training state at the kill")
        let value = try #require((try JSONSerialization.jsonObject(with: state) as? [String: Any])?["value"] as? [String: Any])
        #expect(value["unit"] as? String == unit)
        let step = try #require((value["training"] as? [String: Any])?["step"] as? Int)
        #expect(step >= 100 && step < 2000, "step \(step)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: units.path).filter { !$0.hasPrefix(".") } == ["state.json"])
        let resumed = try LTHProcess.run(command + ["--out", interrupted.path])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("(continued from step \(step) of an earlier run)"), "\(resumed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: units.appendingPathComponent("state.json").path))
        let uninterrupted = try LTHProcess.run(command + ["--out", whole.path])
        #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")
        #expect(!uninterrupted.stderr.contains("continued from"), "\(uninterrupted.stderr)")
        #expect(resumed.stdout.replacingOccurrences(of: interrupted.path, with: whole.path) == uninterrupted.stdout)
        try Self.expectSameFiles(interrupted, whole)
    }

    /// `lth sweep` keeps one unit per (N, seed) run; killed after the first, it resumes there and
    /// writes the tables of an uninterrupted sweep. A unit records the seconds its run took, the
    /// one field that differs between two runs (it is in no table).
    @Test func sweepResumesAtTheFirstMissingRun() throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let command = ["sweep", "--data", "synthetic:sphere?m=60&d=5&seed=2", "--width", "16,32,64,128", "--seeds", "0",
                       "--steps", "60", "--checkpoints", "geometric:4", "--k", "4", "--random-draws", "20", "--exact-limit", "64"]
        let interrupted = directory.appendingPathComponent("run"), whole = directory.appendingPathComponent("whole")
        let killed = try Self.killAfterFirstUnit(command + ["--out", interrupted.path], watched: interrupted.appendingPathComponent("units"))
        #expect(killed, "the sweep finished before its first run was on disk: the test did not interrupt anything")
        let resumed = try LTHProcess.run(command + ["--out", interrupted.path])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("(kept from an earlier run)"), "\(resumed.stderr)")
        let uninterrupted = try LTHProcess.run(command + ["--out", whole.path])
        #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")
        #expect(resumed.stdout.replacingOccurrences(of: interrupted.path, with: whole.path) == uninterrupted.stdout)
        try Self.expectSameFiles(interrupted, whole, unitsUpToSeconds: true)
    }

    @Test func earlyBirdResumesFromItsLastCheckpoint() throws {
        try Self.checkResume(["earlybird"] + Self.small + ["--checkpoints", "every:20", "--window", "2"])
    }

    /// `lth train` killed once the training state of a checkpoint after step 0 is on disk
    /// continues from that checkpoint (momentum buffers included) and finishes with the run
    /// directory of an uninterrupted run (written first at the same path, then moved aside: the
    /// command line is part of config.json).
    @Test(arguments: [["--model", "mlp", "--samples", "200", "--width", "128,64", "--batch", "20", "--momentum", "0.9", "--lr", "0.02"],
                      ["--width", "2048", "--momentum", "0.5", "--lr", "0.002"]])
    func trainResumesFromItsLastCheckpoint(_ model: [String]) throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = directory.appendingPathComponent("run"), whole = directory.appendingPathComponent("whole")
        let command = ["train", "--data", "synthetic:sphere?m=200&d=8&seed=1", "--steps", "3000", "--checkpoints", "every:100"] + model
            + ["--out", run.path]
        let uninterrupted = try LTHProcess.run(command)
        #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")
        try FileManager.default.moveItem(at: run, to: whole)

        let process = try LTHProcess.start(command)
        let state = URL(fileURLWithPath: run.path + ".incomplete/resume/state.json")
        let deadline = Date().addingTimeInterval(120)
        func keptStep() -> Int? {
            guard let data = try? Data(contentsOf: state),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
            return object["step"] as? Int
        }
        while process.isRunning && Date() < deadline && (keptStep() ?? 0) == 0 { usleep(2000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the run finished before it could be killed")
        let step = try #require(keptStep())
        #expect(step > 0 && step < 3000)

        let resumed = try LTHProcess.run(command)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("step \(step)/3000: kept from an earlier run"), "\(resumed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: run.path + ".incomplete"))
        try Self.expectSameFiles(run, whole)
    }

    /// An interrupted `lth train` is not continued by another configuration: refused in one line
    /// (exit 2, nothing on standard output), and OUT.incomplete is left as it was.
    @Test func trainRefusesToContinueAnotherConfiguration() throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = directory.appendingPathComponent("run")
        let command = ["train", "--data", "synthetic:sphere?m=200&d=8&seed=1", "--steps", "100000", "--checkpoints", "every:100",
                       "--width", "256", "--lr", "0.002", "--out", run.path]
        let killed = try Self.killAfterFirstUnit(command, watched: URL(fileURLWithPath: run.path + ".incomplete/resume"))
        #expect(killed)
        let incomplete = URL(fileURLWithPath: run.path + ".incomplete")
        let before = try Self.contents(of: incomplete)
        var other = command
        other[other.firstIndex(of: "0.002")!] = "0.003"
        let refused = try LTHProcess.run(other)
        #expect(refused.status == 2)
        #expect(refused.stdout.isEmpty && refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("rm -r '\(incomplete.path)'"), "\(refused.stderr)")
        #expect(try Self.contents(of: incomplete) == before)
    }

    /// Another configuration on a folder with kept units is refused in one line (exit 2) and
    /// nothing in the folder changes.
    @Test(arguments: ["imp", "stability", "earlybird"])
    func anotherConfigurationIsRefusedAndNothingIsDeleted(_ command: String) throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("run")
        let tiny = ["--data", "synthetic:sphere?m=120&d=6&seed=2", "--samples", "100", "--batch", "20", "--width", "16", "--steps", "20",
                    "--out", out.path] + (command == "earlybird" ? [] : ["--rewind", "0,10"])
        let first = try LTHProcess.run([command] + tiny)
        #expect(first.status == 0, "\(first.stderr)")
        let before = try Self.contents(of: out)
        let refused = try LTHProcess.run([command] + tiny + ["--lr", "0.2"])
        #expect(refused.status == 2)
        #expect(refused.stdout.isEmpty && refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("rm -r '\(out.path)'"), "\(refused.stderr)")
        #expect(try Self.contents(of: out) == before)
    }
}
