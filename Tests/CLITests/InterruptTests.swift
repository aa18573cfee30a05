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
        subnet_sizes: [8]
        epsilons: [0.3]
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
        let cells = out.appendingPathComponent("cells")
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline && ((try? FileManager.default.contentsOfDirectory(atPath: cells.path))?.contains { $0.hasSuffix(".json") } != true) {
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.interrupt()  // SIGINT, as Ctrl-C
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 130 {
            #expect(stderr.hasSuffix("lth: interrupted; finished cells are kept in OUT/cells; run the same command again to resume where it stopped\n"), "\(stderr)")
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
