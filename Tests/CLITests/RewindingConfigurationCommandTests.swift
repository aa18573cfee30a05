import Foundation
import Testing

/// The rewinding grid's one typed configuration from its three sources: the flags of
/// `lth rewinding`, `lth rewinding --config FILE` and the `rewinding` section of an `lth check`
/// configuration. The same grid has the same configuration hash from each; a bad value is one
/// line naming the flag typed, or the key and the file, exit status 2, and nothing written.
@Suite struct RewindingConfigurationCommandTests {
    /// The flags of `CheckRewindingSectionTests.tinyGrid`.
    static let tinyFlags = ["--data", "synthetic:sphere?m=300&d=8&seed=1", "--samples", "200", "--width", "32", "--steps", "40",
                            "--batch", "50", "--rewind", "20,0", "--levels", "1", "--no-controls", "--checkpoints", "every:20", "--k", "10"]

    /// The configuration hash an output folder is marked with.
    static func hash(of folder: URL) throws -> String {
        let marker = try Data(contentsOf: folder.appendingPathComponent(".lth-output.json"))
        let object = try JSONSerialization.jsonObject(with: marker) as? [String: Any]
        return try #require(object?["configuration"] as? String)
    }

    @Test func sectionFileAndFlagsGiveTheSameConfigurationHash() throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let check = directory.appendingPathComponent("check")
        let config = directory.appendingPathComponent("check.yaml")
        try CheckRewindingSectionTests.configuration(output: check, section: CheckRewindingSectionTests.tinyGrid)
            .write(to: config, atomically: true, encoding: .utf8)
        let checked = try LTHProcess.run(["check", config.path])
        #expect(checked.status == 0, "\(checked.stderr)")
        let fromSection = try Self.hash(of: check.appendingPathComponent("rewinding"))

        let flags = directory.appendingPathComponent("flags")
        let flagged = try LTHProcess.run(["rewinding"] + Self.tinyFlags + ["--out", flags.path, "--slurm", "--dry-run"])
        #expect(flagged.status == 0, "\(flagged.stderr)")
        #expect(try Self.hash(of: flags) == fromSection)

        // The section's keys as a file of lth rewinding --config (unindented).
        let grid = directory.appendingPathComponent("grid.yaml")
        try CheckRewindingSectionTests.tinyGrid.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")
            .write(to: grid, atomically: true, encoding: .utf8)
        let file = directory.appendingPathComponent("file")
        let filed = try LTHProcess.run(["rewinding", "--config", grid.path, "--out", file.path, "--slurm", "--dry-run"])
        #expect(filed.status == 0, "\(filed.stderr)")
        #expect(try Self.hash(of: file) == fromSection)

        // A flag given with the file wins: another grid, another hash.
        let other = directory.appendingPathComponent("other")
        let overridden = try LTHProcess.run(["rewinding", "--config", grid.path, "--levels", "2", "--out", other.path, "--slurm", "--dry-run"])
        #expect(overridden.status == 0, "\(overridden.stderr)")
        #expect(try Self.hash(of: other) != fromSection)
    }

    /// A value of the wrong type or out of range in `lth rewinding --config FILE` names the key
    /// and the file; the same value given as a flag (over the file, or alone) names the flag.
    @Test(arguments: [
        ("levels: two", [String](), "invalid value a string for key 'levels' of FILE: expected an integer"),
        ("levels: 0", [], "invalid value 0 for key 'levels' of FILE: expected an integer >= 1"),
        ("stable-below: 1.5", [], "invalid value 1.5 for key 'stable-below' of FILE: expected a number in [0, 1]"),
        ("batch: 500", [], "invalid value 500 for key 'batch' of FILE: expected 1 to the 200 training samples"),
        ("rewind: [0, 400]", [], "invalid value 400 for key 'rewind' of FILE: expected an iteration in 0...40 (the rewind iteration lies past the end of training)"),
        ("levels: 2", ["--levels", "0"], "invalid value 0 for --levels: expected an integer >= 1"),
        ("k: 5", ["--greedy-k", "0"], "invalid value 0 for --greedy-k: expected an integer >= 1"),
        ("batch: 50", ["--batch", "500"], "invalid value 500 for --batch: expected 1 to the 200 training samples"),
        ("seeds: [0, 1]", ["--seeds", "3"], "invalid value '3' for --seeds: expected at least two seeds (matching compares with the standard deviation over seeds)"),
    ])
    func badValueNamesTheKeyOfTheFileOrTheFlag(line: String, flags: [String], message: String) throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let grid = directory.appendingPathComponent("grid.yaml")
        try "data: \"synthetic:sphere?m=300&d=8&seed=1\"\nsamples: 200\nsteps: 40\nwidth: 32\n\(line)\n".write(to: grid, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("out")
        let result = try LTHProcess.run(["rewinding", "--config", grid.path, "--out", out.path] + flags)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stdout.isEmpty, "\(result.stdout)")
        #expect(result.stderr == "lth: error: " + message.replacingOccurrences(of: "FILE", with: grid.path) + "\n", "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// Without a file, every value is the flag's: errors name the flag as typed, in one line
    /// (the notice of an old spelling is printed only for valid options).
    @Test(arguments: [
        (["--levels", "0"], "invalid value 0 for --levels: expected an integer >= 1"),
        (["--greedy-eps=-1"], "invalid value -1.0 for --greedy-eps: expected a finite number > 0"),
        (["--earlybird-density", "0"], "invalid value 0.0 for --earlybird-density: expected a number in (0, 1] (the fraction of each hidden layer kept)"),
        (["--batch", "500"], "invalid value 500 for --batch: expected 1 to the 200 training samples"),
        (["--greedy-eps", "0.3", "--batch", "500"], "invalid value 500 for --batch: expected 1 to the 200 training samples"),
        (["--width", "300000", "--max-memory", "100M"], "--width 300000 and --samples 200: needs about"),
    ])
    func badFlagNamesTheFlag(flags: [String], message: String) throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out")
        let result = try LTHProcess.run(["rewinding"] + Self.tinyFlags + flags + ["--out", out.path])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stdout.isEmpty && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("lth: error: " + message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// The old key names of a file are read as the new ones, with one notice each.
    @Test func oldKeyNamesOfAFileAreAnnounced() throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let grid = directory.appendingPathComponent("grid.yaml")
        try "greedy-k: 10\n".write(to: grid, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("out")
        let withOld = try LTHProcess.run(["rewinding", "--config", grid.path] + Self.tinyFlags.dropLast(2) + ["--out", out.path, "--slurm", "--dry-run"])
        #expect(withOld.status == 0, "\(withOld.stderr)")
        #expect(withOld.stderr.hasPrefix("lth: warning: key 'greedy-k' of \(grid.path) is deprecated and will be removed in lth 0.2; use 'k'\n"), "\(withOld.stderr)")
        let flags = directory.appendingPathComponent("flags")
        #expect(try LTHProcess.run(["rewinding"] + Self.tinyFlags + ["--out", flags.path, "--slurm", "--dry-run"]).status == 0)
        #expect(try Self.hash(of: out) == Self.hash(of: flags))
        try "greedy-k: 10\nk: 10\n".write(to: grid, atomically: true, encoding: .utf8)
        let both = try LTHProcess.run(["rewinding", "--config", grid.path])
        #expect(both.status == 2 && both.stderr.contains("only one of 'k' and its old name 'greedy-k'"), "\(both.stderr)")
    }

    /// The flags' defaults (as the argument parser describes them) are the defaults of the
    /// typed configuration (as `lth config print rewinding` prints them), key by key; k and
    /// epsilon state theirs in the help text.
    @Test func flagDefaultsAreTheConfigurationsDefaults() throws {
        let dump = try LTHProcess.run(["rewinding", "--experimental-dump-help"])
        let object = try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any]
        let arguments = try #require((object?["command"] as? [String: Any])?["arguments"] as? [[String: Any]])
        var flagDefaults: [String: String] = [:], help: [String: String] = [:]
        for argument in arguments {
            guard let name = (argument["preferredName"] as? [String: Any])?["name"] as? String else { continue }
            flagDefaults[name] = argument["defaultValue"] as? String
            help[name] = argument["abstract"] as? String
        }
        let printed = try LTHProcess.run(["config", "print", "rewinding"])
        let values = printed.stdout.split(separator: "\n").filter { !$0.hasPrefix("#") && $0.contains(": ") }.map { line -> (String, String) in
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            // The flag's text of a YAML value: unquoted, a list joined by commas.
            let value = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"[]")).replacingOccurrences(of: ", ", with: ",")
            return (parts[0], value)
        }
        #expect(values.count == 25, "every key but classes (all classes) has a value: \(values.map(\.0))")
        for (key, value) in values {
            switch key {
            case "controls": #expect(flagDefaults[key] == (value == "true" ? "--controls" : nil))
            case "unit-norm": #expect(value == "false" && (help[key] ?? "").contains("off for an mlp"))
            case "k", "epsilon": #expect((help[key] ?? "").hasSuffix("(default: \(value))"), "\(key): \(help[key] ?? "")")
            default: #expect(flagDefaults[key] == value, "\(key): flag default \(flagDefaults[key] ?? "none"), configuration \(value)")
            }
        }
    }
}
