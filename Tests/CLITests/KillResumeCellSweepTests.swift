import Foundation
import Testing

/// The cell sweeps (lth check, lth rewinding, lth reproduce) resume after `kill -9` like every
/// other long command: killed once the first cell's unit is on disk, rerun with the same command
/// line and folder, they end with the folder of an uninterrupted run. The units record the
/// seconds a cell took (in no table); everything else is compared byte for byte.
@Suite struct KillResumeCellSweepTests {
    /// `value.seconds` removed from a unit (nil when `data` is not a unit).
    static func withoutSeconds(_ data: Data?) throws -> NSDictionary? {
        guard let data, var object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              var value = object["value"] as? [String: Any] else { return nil }
        value.removeValue(forKey: "seconds")
        object["value"] = value
        return object as NSDictionary
    }

    static func checkResume(_ command: [String]) throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let interrupted = directory.appendingPathComponent("run"), whole = directory.appendingPathComponent("whole")
        let killed = try KillResumeTests.killAfterFirstUnit(command + ["--out", interrupted.path],
                                                            watched: interrupted.appendingPathComponent("units"))
        #expect(killed, "the run finished before its first cell was on disk: the test did not interrupt anything")
        let kept = try KillResumeTests.contents(of: interrupted.appendingPathComponent("units")).filter { $0.key.hasSuffix(".json") }
        #expect(!kept.isEmpty)
        let resumed = try LTHProcess.run(command + ["--out", interrupted.path])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("kept from an earlier run"), "\(resumed.stderr)")
        let after = try KillResumeTests.contents(of: interrupted.appendingPathComponent("units"))
        for (name, data) in kept { #expect(after[name] == data, "\(name) was rewritten") }
        let uninterrupted = try LTHProcess.run(command + ["--out", whole.path])
        #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")
        let a = try KillResumeTests.contents(of: interrupted), b = try KillResumeTests.contents(of: whole)
        #expect(a.keys.sorted() == b.keys.sorted(), "\(a.keys.sorted()) against \(b.keys.sorted())")
        for (name, data) in b {
            if name.hasPrefix("units/") {
                #expect(try withoutSeconds(a[name]) == withoutSeconds(data), "\(name) differs beyond its seconds")
            } else if name != ".lth.lock" {
                #expect(a[name] == data, "\(name) differs")
            }
        }
    }

    @Test func checkResumesAtTheFirstMissingCell() throws {
        try Self.checkResume(["check", "--data", "synthetic:sphere?m=400&d=6&seed=3", "--samples", "100,200,400", "--seeds", "0,1",
                              "--width", "400", "--steps", "300", "--checkpoints", "0,100,300", "--k", "8", "--epsilon", "0.3"])
    }

    @Test func rewindingResumesAtTheFirstMissingSeed() throws {
        try Self.checkResume(SlurmCommandTests.rewinding)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"),
                   "needs Debian's dataset-fashion-mnist (make deps)"))
    func reproduceResumesAtTheFirstMissingCell() throws {
        try Self.checkResume(["reproduce", "--quick"])
    }
}
