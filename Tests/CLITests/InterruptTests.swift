import Foundation
import Testing

/// Ctrl-C ends a long command with one line saying what is kept and how to go on (exit 130),
/// and the interrupted check resumes with the same result as an uninterrupted one.
@Suite struct InterruptTests {
    @Test func interruptedCheckSaysHowToResumeAndResumes() throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("check.yaml")
        try """
        data: "synthetic:sphere?m=400&d=6&seed=3"
        samples: [100, 200, 400]
        seeds: [0, 1]
        width: 600
        steps: 400
        checkpoints: [0, 100, 400]
        k: [8]
        epsilon: [0.3]
        """.write(to: config, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("interrupted"), whole = directory.appendingPathComponent("whole")
        let process = Process()
        process.executableURL = LTHProcess.executable
        process.arguments = ["check", config.path, "--out", out.path]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        // Interrupt once the first cell is written (or after 60 s at the latest).
        let cells = out.appendingPathComponent("units")
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline && ((try? FileManager.default.contentsOfDirectory(atPath: cells.path))?.contains { $0.hasSuffix(".json") } != true) {
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.interrupt()  // SIGINT, as Ctrl-C
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 130 {
            #expect(stderr.hasSuffix("lth: interrupted; finished cells (one per m and seed) are kept in OUT/units; run the same command again to resume where it stopped\n"), "\(stderr)")
        } else {
            // The check finished before the signal arrived: nothing to resume, but it must have succeeded.
            #expect(process.terminationStatus == 0, "\(stderr)")
        }
        let resumed = try LTHProcess.run(["check", config.path, "--out", out.path])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect((resumed.stdout + resumed.stderr).contains("kept from an earlier run"))
        #expect(try LTHProcess.run(["check", config.path, "--out", whole.path]).status == 0)
        for name in ["report/theorem_b.csv", "report/theorem_c.csv", "report/tables.md"] {
            #expect(try Data(contentsOf: out.appendingPathComponent(name)) == Data(contentsOf: whole.appendingPathComponent(name)), "\(name)")
        }
    }
}

/// The cell-based commands report one progress line per cell on standard error, with the count,
/// the elapsed time and an ETA; `--quiet` silences them and changes nothing else.
@Suite struct CellProgressTests {
    @Test func checkReportsCellsWithCountAndETAAndQuietSilencesThem() throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = ["check", "--data", "synthetic:sphere?m=60&d=4&seed=2", "--samples", "30,60", "--seeds", "0", "--width", "64",
                    "--steps", "20", "--checkpoints", "0,20", "--k", "4", "--epsilon", "0.3"]
        let loud = try LTHProcess.run(base + ["--out", directory.appendingPathComponent("loud").path])
        #expect(loud.status == 0, "\(loud.stderr)")
        let lines = loud.stderr.split(separator: "\n").filter { $0.hasPrefix("  [") }
        #expect(lines.count == 2, "\(loud.stderr)")
        #expect(lines.first?.hasPrefix("  [1/2, ") == true && lines.first?.contains(" elapsed, ETA ") == true)
        #expect(lines.last?.hasPrefix("  [2/2, ") == true && lines.last?.contains("ETA 0:00] cell m=60 seed=0") == true, "\(lines)")
        let quiet = try LTHProcess.run(base + ["--quiet", "--out", directory.appendingPathComponent("quiet").path])
        #expect(quiet.status == 0)
        #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")
        #expect(quiet.stdout.replacingOccurrences(of: "quiet", with: "loud") == loud.stdout)
    }
}
