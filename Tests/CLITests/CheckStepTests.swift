import Foundation
import Testing

/// `lth check`'s two ways of giving the step: --lr (on the --loss convention) or --eta (on the
/// sum loss, the same at every m); both at once is bad input.
@Suite struct CheckStepTests {
    @Test func lrAndEtaTogetherAreRefused() throws {
        let out = try LTHProcess.temporaryDirectory().appendingPathComponent("check")
        let result = try LTHProcess.run(["check", "--lr", "1", "--eta", "0.001", "--out", out.path])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("--lr") && result.stderr.contains("--eta"))
        #expect(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func nonPositiveEtaIsRefused() throws {
        let out = try LTHProcess.temporaryDirectory().appendingPathComponent("check")
        let result = try LTHProcess.run(["check", "--eta", "0", "--out", out.path])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("--eta"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
