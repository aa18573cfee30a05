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
        #expect(printed.stdout.contains("# Subnetwork sizes k. Flag --k.\nk: "))
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

    /// `lth config print rewinding` is read back by `lth rewinding --config` as the defaults (the
    /// same configuration claims the same folder), and a flag given with the file wins.
    @Test func rewindingConfigurationReadsBackAsTheDefault() throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let printed = try LTHProcess.run(["config", "print", "rewinding"])
        #expect(printed.status == 0 && printed.stderr.isEmpty, "\(printed.stderr)")
        #expect(printed.stdout.contains("Flag --levels.\nlevels: 4\n") && printed.stdout.contains("\ncontrols: true\n"))
        #expect(printed.stdout.contains("\nk: 50\n") && printed.stdout.contains("\nseeds: [0, 1]\n"), "the defaults of RewindingConfiguration")
        #expect(printed.stdout.contains("\n# classes:\n"), "an option without a value (all classes) is commented out")
        let file = directory.appendingPathComponent("grid.yaml")
        try printed.stdout.write(to: file, atomically: true, encoding: .utf8)
        let changed = directory.appendingPathComponent("changed.yaml")
        try printed.stdout.replacingOccurrences(of: "\nlevels: 4\n", with: "\nlevels: 1\n").write(to: changed, atomically: true, encoding: .utf8)
        let tiny = ["--data", "synthetic:sphere?m=300&d=8&seed=1", "--samples", "200", "--width", "32", "--steps", "100", "--batch", "50",
                    "--slurm", "--dry-run"]
        let out = directory.appendingPathComponent("out").path
        let fromDefault = try LTHProcess.run(["rewinding"] + tiny + ["--out", out])
        #expect(fromDefault.status == 0, "\(fromDefault.stderr)")
        let fromFile = try LTHProcess.run(["rewinding", "--config", file.path] + tiny + ["--out", out])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        let flagWins = try LTHProcess.run(["rewinding", "--config", changed.path, "--levels", "4"] + tiny + ["--out", out])
        #expect(flagWins.status == 0, "\(flagWins.stderr)")
        let other = try LTHProcess.run(["rewinding", "--config", changed.path] + tiny + ["--out", out])
        #expect(other.status == 2 && other.stdout.isEmpty, "levels 1 from the file is another configuration: refused in that folder")
        let bad = directory.appendingPathComponent("bad.yaml")
        try "levels: four\n".write(to: bad, atomically: true, encoding: .utf8)
        let refused = try LTHProcess.run(["rewinding", "--config", bad.path])
        #expect(refused.status == 2 && refused.stdout.isEmpty && refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("levels") && refused.stderr.contains(bad.path))
    }

    /// `lth config print sweep` uses the flags' long names as keys, and `lth sweep` reads every
    /// key back without a notice (the run is stopped by a bad --samples before any training).
    @Test func sweepConfigurationReadsBack() throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let printed = try LTHProcess.run(["config", "print", "sweep"])
        #expect(printed.status == 0 && printed.stderr.isEmpty, "\(printed.stderr)")
        for key in ["reduction: mean", "k: 32", "random-draws: 200", "exact-limit: 1024", "width: [64, 256, 1024, 4096, 16384, 65536]"] {
            #expect(printed.stdout.contains("\n\(key)\n"), "\(key)")
        }
        let file = directory.appendingPathComponent("sweep.yaml")
        try printed.stdout.write(to: file, atomically: true, encoding: .utf8)
        let result = try LTHProcess.run(["sweep", file.path, "--samples", "1"])
        #expect(result.status == 2 && result.stdout.isEmpty)
        #expect(result.stderr == "lth: error: invalid value 1 for --samples: expected an integer m >= 2\n", "\(result.stderr)")
        let old = directory.appendingPathComponent("old.yaml")
        try "subnet_size: 16\n".write(to: old, atomically: true, encoding: .utf8)
        let renamed = try LTHProcess.run(["sweep", old.path, "--samples", "1"])
        #expect(renamed.stderr.hasPrefix("lth: warning: key 'subnet_size' of \(old.path) is deprecated"), "\(renamed.stderr)")
    }

    @Test func badKindIsOneLine() throws {
        let result = try LTHProcess.run(["config", "print", "imp"])
        #expect(result.status == 2 && result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }
}
