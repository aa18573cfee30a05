import Foundation
import Testing

/// Renamed flags: the old spelling works for one release with a one-line notice naming the new
/// one and gives the same result; both spellings at once are bad input (exit 2, nothing on stdout).
@Suite struct DeprecatedFlagTests {
    static let bounds = ["bounds", "--samples", "40", "--width", "4096", "--dim", "8", "--lambda0", "0.1", "--epsilon", "1", "--json"]

    @Test(arguments: [
        (["--subnet-size", "20"], ["--k", "20"], "--subnet-size"),
        (["--loss", "mean"], ["--reduction", "mean"], "--loss"),
    ])
    func oldSpellingGivesTheSameResultWithANotice(old: [String], new: [String], oldFlag: String) throws {
        let a = try LTHProcess.run(Self.bounds + old), b = try LTHProcess.run(Self.bounds + new)
        #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
        #expect(a.stdout == b.stdout)
        #expect(a.stderr == "lth: warning: \(oldFlag) is deprecated and will be removed in lth 0.2; use \(new[0])\n", "\(a.stderr)")
        #expect(b.stderr.isEmpty)
    }

    @Test func bothSpellingsAreRefused() throws {
        let result = try LTHProcess.run(Self.bounds + ["--k", "20", "--subnet-size", "20"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "lth: error: --subnet-size is the old spelling of --k: give only --k\n", "\(result.stderr)")
    }

    @Test func trainTakesLossAndReductionAndTheOldMeaningOfLoss() throws {
        let dir = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = ["train", "--data", "synthetic:sphere?m=40&d=4&seed=1", "--width", "16", "--steps", "3", "--lr", "0.1", "--checkpoints", "0,3"]
        let new = try LTHProcess.run(base + ["--loss", "squared", "--reduction", "mean", "--out", dir.appendingPathComponent("new").path])
        let old = try LTHProcess.run(base + ["--objective", "squared", "--loss", "mean", "--out", dir.appendingPathComponent("old").path])
        #expect(new.status == 0 && old.status == 0, "\(new.stderr) \(old.stderr)")
        #expect(old.stderr.contains("lth: warning: --loss mean is deprecated and will be removed in lth 0.2; use --reduction\n"))
        #expect(old.stderr.contains("lth: warning: --objective is deprecated and will be removed in lth 0.2; use --loss\n"))
        let a = try Data(contentsOf: dir.appendingPathComponent("new/metrics.jsonl")), b = try Data(contentsOf: dir.appendingPathComponent("old/metrics.jsonl"))
        #expect(a == b)
        let bad = try LTHProcess.run(base + ["--loss", "median", "--out", dir.appendingPathComponent("bad").path])
        #expect(bad.status == 2 && bad.stdout.isEmpty)
        #expect(bad.stderr.hasPrefix("lth: error: invalid value 'median' for --loss: expected squared or cross-entropy"), "\(bad.stderr)")
    }

    @Test func controlsTakesBothSpellingsInImp() throws {
        let help = try LTHProcess.run(["imp", "--help"])
        #expect(help.stdout.contains("--controls/--no-controls"), "\(help.stdout)")
        let rewinding = try LTHProcess.run(["rewinding", "--help"])
        #expect(rewinding.stdout.contains("--controls/--no-controls"))
    }

    /// `lth subsetsum ticket --hidden` and `--iterations` are the old spellings of `--width`
    /// (the hidden widths, as in every command that trains a network) and `--steps`.
    @Test func subsetSumTicketTakesTheOldSpellingsOfWidthAndSteps() throws {
        let base = ["subsetsum", "ticket", "--data", "synthetic:sphere?m=80&d=4&seed=1", "--samples", "60", "--factor", "4"]
        let new = try LTHProcess.run(base + ["--width", "4", "--steps", "20"])
        let old = try LTHProcess.run(base + ["--hidden", "4", "--iterations", "20"])
        #expect(new.status == 0 && old.status == 0, "\(new.stderr) \(old.stderr)")
        #expect(try CommandOutputGoldenTests.maskingWallTime(new.stdout) == CommandOutputGoldenTests.maskingWallTime(old.stdout))
        #expect(new.stderr.isEmpty, "\(new.stderr)")
        #expect(old.stderr == "lth: warning: --hidden is deprecated and will be removed in lth 0.2; use --width\n"
                + "lth: warning: --iterations is deprecated and will be removed in lth 0.2; use --steps\n", "\(old.stderr)")
        let both = try LTHProcess.run(base + ["--width", "4", "--hidden", "4"])
        #expect(both.status == 2 && both.stdout.isEmpty)
        #expect(both.stderr == "lth: error: --hidden is the old spelling of --width: give only --width\n", "\(both.stderr)")
    }

    /// `lth earlybird --densities` is the old spelling of `--earlybird-density` (the name `lth
    /// rewinding` gives the neuron density of the early-bird masks; `--densities` stays `lth imp`'s
    /// weight densities per level).
    @Test func earlyBirdTakesTheOldSpellingOfEarlyBirdDensity() throws {
        let base = ["earlybird", "--data", "synthetic:sphere?m=300&d=8&seed=1", "--samples", "200", "--width", "32,16", "--steps", "60",
                    "--batch", "50", "--checkpoints", "every:10", "--window", "2", "--quiet"]
        let new = try LTHProcess.run(base + ["--earlybird-density", "0.4,0.6"])
        let old = try LTHProcess.run(base + ["--densities", "0.4,0.6"])
        #expect(new.status == 0 && old.status == 0, "\(new.stderr) \(old.stderr)")
        #expect(new.stdout == old.stdout)
        #expect(new.stderr.isEmpty, "\(new.stderr)")
        #expect(old.stderr == "lth: warning: --densities is deprecated and will be removed in lth 0.2; use --earlybird-density\n", "\(old.stderr)")
        let both = try LTHProcess.run(base + ["--earlybird-density", "0.5", "--densities", "0.5"])
        #expect(both.status == 2 && both.stdout.isEmpty)
        #expect(both.stderr == "lth: error: --densities is the old spelling of --earlybird-density: give only --earlybird-density\n", "\(both.stderr)")
        let help = try LTHProcess.run(["earlybird", "--help"])
        #expect(help.stdout.contains("--earlybird-density") && !help.stdout.contains("--densities"), "\(help.stdout)")
    }
}
