import Foundation
import Testing

/// `lth check` with a `rewinding` section: the grid runs after the check's cells and lands in
/// OUT/rewinding; a bad section is one error line, exit 2, and nothing written.
@Suite struct CheckRewindingSectionTests {
    /// A tiny check (one cell) and a tiny rewinding grid on synthetic data.
    static func configuration(output: URL, section: String) -> String {
        """
        data: "synthetic:sphere?m=120&d=5&seed=3"
        samples: [40]
        seeds: [0]
        width: 32
        steps: 30
        checkpoints: [0, 10, 30]
        k: [4]
        epsilon: [0.5]
        out: "\(output.path)"
        rewinding:
        \(section)
        """
    }

    static let tinyGrid = """
          data: "synthetic:sphere?m=300&d=8&seed=1"
          samples: 200
          width: 32
          steps: 40
          batch: 50
          rewind: [20, 0]
          levels: 1
          controls: false
          checkpoints: "every:20"
          k: 10
        """

    @Test func sectionWritesTheGridIntoOutRewinding() throws {
        let directory = try LTHProcess.temporaryDirectory()
        let out = directory.appendingPathComponent("check")
        let config = directory.appendingPathComponent("check.yaml")
        try Self.configuration(output: out, section: Self.tinyGrid).write(to: config, atomically: true, encoding: .utf8)
        let result = try LTHProcess.run(["check", config.path])
        #expect(result.status == 0, "\(result.stderr)")
        // The answer first: standard output starts with the verdict summary (progress is on standard error).
        #expect(result.stdout.hasPrefix("Verdict summary: "), "\(result.stdout.prefix(300))")
        #expect(result.stderr.contains("lth check: 1 sizes x 1 seeds"))
        // The check's own report, then the grid table on the terminal.
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("report/tables.md").path))
        let report = try #require(result.stdout.range(of: "written ("))
        let grid = try #require(result.stdout.range(of: "Rewinding, stability and early-bird tickets over rewind points t"), "\(result.stdout)")
        #expect(report.upperBound < grid.lowerBound)
        #expect(result.stdout.contains("lth rewinding: written ("))
        #expect(result.stdout.contains("rewinding/rewinding_grid.tex"), "every file written is listed")
        let csv = try String(contentsOf: out.appendingPathComponent("rewinding/rewinding_grid.csv"), encoding: .utf8)
        let lines = csv.split(whereSeparator: \.isNewline).map(String.init)
        #expect(lines.first?.hasPrefix("rewind_iteration,") == true, "\(csv)")
        #expect(lines.dropFirst().map { $0.split(separator: ",").first.map(String.init) ?? "" } == ["0", "20"], "\(csv)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("rewinding").path)
        for name in ["rewinding_grid.md", "rewinding_grid.tex", "imp_rewinding.csv", "instability.csv", "early_bird.csv",
                     "figure_accuracy_density.svg", "figure_instability.svg", "figure_mask_distance.svg"] {
            #expect(names.contains(name), "\(names)")
        }
        // The section is part of the recorded configuration.
        let recorded = try String(contentsOf: out.appendingPathComponent("configuration.json"), encoding: .utf8)
        #expect(recorded.contains("\"rewinding\":{"), "\(recorded)")
    }

    @Test(arguments: [
        ("  levls: 2", "did you mean 'levels'"),
        ("  levels: two", "'levels'"),
        ("  levels: 0", "invalid value 0 for key 'levels' of section 'rewinding' of "),
        ("  seeds: [0]", "invalid value '0' for key 'seeds' of section 'rewinding' of "),
        ("  loss: mse", "invalid value 'mse' for key 'loss' of section 'rewinding' of "),
        ("  levels: two", "invalid value a string for key 'levels' of section 'rewinding' of "),
        ("  stable-below: 2", "invalid value 2.0 for key 'stable-below' of section 'rewinding' of "),
        ("  batch: 500", "invalid value 500 for key 'batch' of section 'rewinding' of "),
    ])
    func badSectionIsOneLineExitTwoAndNothingWritten(section: String, mention: String) throws {
        let directory = try LTHProcess.temporaryDirectory()
        let out = directory.appendingPathComponent("check")
        let config = directory.appendingPathComponent("bad.yaml")
        try Self.configuration(output: out, section: section + "\n  data: \"synthetic:sphere?m=300&d=8&seed=1\"\n  samples: 200")
            .write(to: config, atomically: true, encoding: .utf8)
        let result = try LTHProcess.run(["check", config.path])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stdout.isEmpty, "\(result.stdout)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(mention) && result.stderr.contains(config.path), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// The section's keys are exactly the long options of `lth rewinding` (without --out and
    /// the Slurm group, which says how a run is executed, not what it measures).
    @Test func sectionKeysAreTheOptionsOfLthRewinding() throws {
        let help = try LTHProcess.run(["rewinding", "--help"])
        #expect(help.status == 0)
        // Every "--name" in the help (options and their mentions in the text), name up to the first non [a-z0-9-] character.
        let options = Set(help.stdout.components(separatedBy: "--").dropFirst()
            .map { String($0.prefix { $0.isLowercase || $0.isNumber || $0 == "-" }) }.filter { !$0.isEmpty })
            .subtracting(["out", "help", "version", "max-memory", "latex-float", "config"])  // lth check's own: the memory limit of the whole run, its --out and --latex-float; the section is the file
            .subtracting(["slurm", "slurm-option", "array-limit", "time", "dry-run", "cell", "collect", "resubmit-failed"])  // the Slurm group (its help names lth status's --resubmit-failed)
        #expect(help.stdout.contains("--slurm") && help.stdout.contains("--cell"), "the Slurm group is listed in lth rewinding --help")
        let directory = try LTHProcess.temporaryDirectory()
        let config = directory.appendingPathComponent("bad.yaml")
        try "rewinding:\n  zzz: 1\n".write(to: config, atomically: true, encoding: .utf8)
        let result = try LTHProcess.run(["check", config.path])
        #expect(result.status == 2)
        let listed = try #require(result.stderr.range(of: "(keys: ")).upperBound
        let keys = Set(result.stderr[listed...].prefix { $0 != ")" }.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        let deprecated: Set<String> = ["greedy-k", "greedy-eps"]  // old spellings of k and epsilon, hidden from --help
        let inversions: Set<String> = ["no-controls", "no-unit-norm"]  // the inverses of the switches, not keys of their own
        #expect(keys.subtracting(deprecated) == options.subtracting(inversions), "section only: \(keys.subtracting(options)); flags only: \(options.subtracting(keys))")
    }
}
