import Foundation
import Testing

/// `lth sweep` end to end on a tiny problem, and its bad-input handling.
@Suite(.serialized) struct SweepCommandTests {
    static let tiny = ["--data", "synthetic:sphere?m=20&d=4&seed=3", "--width", "16,64,256", "--seeds", "0,1", "--steps", "50",
                       "--checkpoints", "geometric:3", "--k", "4", "--random-draws", "20", "--exact-limit", "16"]

    @Test func sweepPrintsAndWritesTheThreeTables() throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("sweep")
        let result = try LTHProcess.run(["sweep"] + Self.tiny + ["--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        for title in ["Kernel-regime agreement across widths", "Pruned network at fixed k across widths", "Hypothesis ledger of Theorem A across widths"] {
            #expect(result.stdout.contains(title))
        }
        #expect(result.stdout.contains("Kernel agreement (tau = 0.05): agrees") || result.stdout.contains("Kernel agreement (tau = 0.05): disagrees"))
        #expect(result.stdout.contains("t_K(eps) = "))
        for name in ["width_sweep_kernel", "width_sweep_pruned", "width_sweep_ledger"] {
            for ext in ["md", "csv", "tex"] {
                #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("\(name).\(ext)").path), "missing \(name).\(ext)")
            }
        }
    }

    @Test(arguments: [
        (["--width", "16,16,64"], "--width"),
        (["--width", "a,b"], "--width"),
        (["--kernel", "finite"], "--kernel"),
        (["--tau", "0"], "--tau"),
        (["--reduction", "median"], "--reduction"),
        (["--epsilon", "0"], "--epsilon"),
    ])
    func badFlagIsOneLineAndExitTwo(extra: [String], flag: String) throws {
        let result = try LTHProcess.run(["sweep"] + Self.tiny + extra)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(flag), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func unknownConfigurationKeyIsNamed() throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("sweep.yaml")
        try "width: [16, 64, 256]\nwidht: 3\n".write(to: config, atomically: true, encoding: .utf8)
        let result = try LTHProcess.run(["sweep", config.path])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("widht"))
    }

    /// `--widths` (the old spelling of `--width`) and the old configuration key `widths`: the
    /// same tables with a one-line notice; both spellings at once are bad input.
    @Test func oldWidthsSpellingAndKeyGiveTheSameTablesWithANotice() throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let small = ["--data", "synthetic:sphere?m=20&d=4&seed=3", "--seeds", "0", "--steps", "20",
                     "--checkpoints", "geometric:2", "--k", "2", "--random-draws", "4", "--exact-limit", "8", "--quiet"]
        let new = try LTHProcess.run(["sweep", "--width", "8,16,32"] + small)
        #expect(new.status == 0, "\(new.stderr)")
        #expect(new.stderr.isEmpty, "\(new.stderr)")
        let old = try LTHProcess.run(["sweep", "--widths", "8,16,32"] + small)
        #expect(old.status == 0, "\(old.stderr)")
        #expect(old.stdout == new.stdout)
        #expect(old.stderr == "lth: warning: --widths is deprecated and will be removed in lth 0.2; use --width\n", "\(old.stderr)")
        let bad = try LTHProcess.run(["sweep", "--widths", "8,8,16"] + small)
        #expect(bad.status == 2 && bad.stdout.isEmpty)
        #expect(bad.stderr.hasSuffix("lth: error: invalid value [8, 8, 16] for --widths: expected at least 3 distinct positive integers (the slope of log delta against log N needs 3)\n"), "\(bad.stderr)")
        let both = try LTHProcess.run(["sweep", "--width", "8,16,32", "--widths", "8,16,32"] + small)
        #expect(both.status == 2 && both.stdout.isEmpty)
        #expect(both.stderr == "lth: error: --widths is the old spelling of --width: give only --width\n", "\(both.stderr)")
        let config = directory.appendingPathComponent("old.yaml")
        try "widths: [8, 16, 32]\n".write(to: config, atomically: true, encoding: .utf8)
        let file = try LTHProcess.run(["sweep", config.path] + small)
        #expect(file.status == 0, "\(file.stderr)")
        #expect(file.stdout == new.stdout)
        #expect(file.stderr == "lth: warning: key 'widths' of \(config.path) is deprecated and will be removed in lth 0.2; use 'width'\n", "\(file.stderr)")
    }

    /// `--checkpoints` is a checkpoint schedule as in every command; the sweep's one schedule is
    /// `geometric:COUNT` (what a bare COUNT meant; that old form works with a notice, in a
    /// configuration file too), and `--steps` takes N, Nit or Nep as everywhere.
    @Test func checkpointsAreAScheduleAndStepsALength() throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let small = ["--data", "synthetic:sphere?m=20&d=4&seed=3", "--width", "8,16,32", "--seeds", "0", "--k", "2",
                     "--random-draws", "4", "--exact-limit", "8", "--quiet"]
        let new = try LTHProcess.run(["sweep"] + small + ["--steps", "20it", "--checkpoints", "geometric:3"])
        #expect(new.status == 0 && new.stderr.isEmpty, "\(new.stderr)")
        let epochs = try LTHProcess.run(["sweep"] + small + ["--steps", "20ep", "--checkpoints", "geom:3"])
        #expect(epochs.status == 0 && epochs.stdout == new.stdout, "\(epochs.stderr)")
        let old = try LTHProcess.run(["sweep"] + small + ["--steps", "20", "--checkpoints", "3"])
        #expect(old.status == 0 && old.stdout == new.stdout, "\(old.stderr)")
        #expect(old.stderr == "lth: warning: --checkpoints 3 is deprecated and will be removed in lth 0.2; use --checkpoints geometric:3\n", "\(old.stderr)")
        let config = directory.appendingPathComponent("old.yaml")
        try "steps: 20\ncheckpoints: 3\n".write(to: config, atomically: true, encoding: .utf8)
        let file = try LTHProcess.run(["sweep", config.path] + small)
        #expect(file.status == 0 && file.stdout == new.stdout, "\(file.stderr)")
        #expect(file.stderr == "lth: warning: key 'checkpoints: 3' of \(config.path) is deprecated and will be removed in lth 0.2; use 'checkpoints: geometric:3'\n", "\(file.stderr)")
        let other = try LTHProcess.run(["sweep"] + small + ["--checkpoints", "every:5"])
        #expect(other.status == 2 && other.stdout.isEmpty)
        #expect(other.stderr == "lth: error: invalid value 'every:5' for --checkpoints: expected geometric:COUNT (COUNT >= 2 log-spaced checkpoints per run)\n", "\(other.stderr)")
    }
}
