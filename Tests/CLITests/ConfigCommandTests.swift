import Foundation
import Testing

/// `lth config print KIND` prints a configuration that the experiment reads back as its default
/// (the same configuration hash), and a bad kind is one line, exit 2.
@Suite struct ConfigCommandTests {
    @Test func checkConfigurationReadsBackAsTheDefault() throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let printed = try LTHProcess.run(["config", "print", "check"])
        #expect(printed.status == 0 && printed.stderr.isEmpty, "\(printed.stderr)")
        #expect(printed.stdout.contains("# Subnetwork sizes k. Flag --k.\nsubnet_sizes: "))
        let file = directory.appendingPathComponent("check.yaml")
        try printed.stdout.write(to: file, atomically: true, encoding: .utf8)
        // The printed file and the embedded default claim the same folder: a second configuration
        // would be refused there (the folder records the configuration hash).
        let out = directory.appendingPathComponent("out").path
        let fromFile = try LTHProcess.run(["check", file.path, "--slurm", "--dry-run", "--out", out])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        let fromDefault = try LTHProcess.run(["check", "--slurm", "--dry-run", "--out", out])
        #expect(fromDefault.status == 0, "\(fromDefault.stderr)")
        let other = try LTHProcess.run(["check", file.path, "--width", "64", "--slurm", "--dry-run", "--out", out])
        #expect(other.status == 2, "a changed configuration is refused in that folder")
    }

    @Test func reproduceConfigurationIsValidJSON() throws {
        let printed = try LTHProcess.run(["config", "print", "reproduce"])
        #expect(printed.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [String: Any]
        #expect(object?["data"] as? String == "fashion-mnist")
    }

    @Test func badKindIsOneLine() throws {
        let result = try LTHProcess.run(["config", "print", "imp"])
        #expect(result.status == 2 && result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }
}
