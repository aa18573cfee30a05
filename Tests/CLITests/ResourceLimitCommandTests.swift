import Foundation
import Testing

/// Every size that allocates is checked against --max-memory before anything is allocated
/// or written: each reproducer gives one line on standard error, nothing on standard output,
/// exit status 2, and leaves its working folder empty.
@Suite struct ResourceLimitCommandTests {
    static let data = "synthetic:sphere?m=120&d=6&seed=2"
    static let small = ["--data", data, "--samples", "100", "--batch", "10"]

    /// Runs `lth` in a fresh empty folder (relative --out paths land there).
    static func runInEmptyFolder(_ arguments: [String]) throws -> (result: LTHProcess.Result, folder: URL) {
        let folder = try LTHProcess.temporaryDirectory()
        return (try LTHProcess.run(arguments, in: folder), folder)
    }

    static let reproducers: [([String], String)] = [
        (["train", "--data", data, "--width", "1000000000000", "--steps", "10", "--lr", "0.1", "--out", "run"], "--width 1000000000000"),
        (["check", "--width", "1000000000000", "--out", "check"], "--width 1000000000000"),
        (["imp"] + small + ["--width", "1000000000000", "--out", "imp"], "--width 1000000000000"),
        (["stability"] + small + ["--width", "1000000000000", "--out", "stability"], "--width 1000000000000"),
        (["earlybird"] + small + ["--width", "1000000000000", "--out", "earlybird"], "--width 1000000000000"),
        (["rewinding"] + small + ["--width", "1000000000000", "--out", "rewinding"], "--width 1000000000000"),
        (["train", "--data", data, "--width", "8", "--steps", "9223372036854775807ep", "--lr", "0.1", "--out", "run"], "--steps"),
        (["train", "--data", data, "--width", "8", "--steps", "4611686018427387904ep", "--lr", "0.1", "--out", "run"], "--steps"),
        (["train", "--data", data, "--width", "8", "--steps", "4000000000", "--checkpoints", "geometric:1000000000000", "--lr", "0.1", "--out", "run"],
         "--checkpoints geometric:1000000000000"),
        (["stability"] + small + ["--width", "30", "--copies", "1000000000000", "--out", "stability"], "--copies 1000000000000"),
        (["stability"] + small + ["--width", "30", "--points", "1000000000000000"], "--points 1000000000000000"),
        (["imp"] + small + ["--width", "30", "--levels", "1000000000000"], "--levels 1000000000000"),
        (["rewinding"] + small + ["--width", "30", "--k", "1000000000000"], "--k 1000000000000"),
        (["earlybird"] + small + ["--width", "30", "--steps", "4000000000", "--checkpoints", "every:1"], "--checkpoints every:1"),
        (["bounds", "--data", "synthetic:sphere?m=400000000&d=10", "--width", "10"], "--data synthetic:sphere?m=400000000&d=10"),
        (["bounds", "--data", "synthetic:sphere?m=30000&d=10", "--width", "10"], "--samples m <= 20000"),
        (["subsetsum", "measure", "--trials", "1000000000000", "--out", "measure"], "--trials 1000000000000"),
        (["subsetsum", "measure", "--resamples", "1000000000000", "--out", "measure"], "--resamples 1000000000000"),
        (["bounds", "strong", "--widths", "10,10", "--epsilon", "0.1", "--delta", "0.1", "--measure", "--trials", "1000000000000"],
         "--trials 1000000000000"),
        (["train", "--data", data, "--width", "8", "--steps", "10", "--lr", "0.1", "--max-memory", "10K", "--out", "run"], "above the limit of 10.0 KiB"),
        (["train", "--data", data, "--width", "8", "--steps", "10", "--lr", "0.1", "--max-memory", "lots", "--out", "run"], "--max-memory"),
        (["check", "--samples", "5000", "--out", "check"], "5000"),
        (["check", "--data", "synthetic:sphere?m=200&d=6&seed=1", "--samples", "40", "--seeds", "0", "--width", "16", "--steps", "1000000000",
          "--checkpoints", "every:1", "--k", "2", "--out", "check"], "--checkpoints every:1"),
        (["train", "--data", data, "--width", "8", "--steps", "10", "--lr", "0.1", "--out", ""], "--out"),
        (["imp"] + small + ["--width", "16", "--out", ""], "--out"),
        (["rewinding"] + small + ["--width", "16", "--out", ""], "--out"),
        (["subsetsum", "measure", "--trials", "10", "--max-n", "8", "--out", ""], "--out"),
        (["subsetsum", "ticket", "--data", data, "--samples", "100", "--steps", "9000000000000"], "--steps"),
        (["subsetsum", "ticket", "--data", data, "--samples", "100", "--width", "1000000000000"], "--width 1000000000000"),
    ]

    @Test(arguments: reproducers)
    func sizesAreRefusedBeforeAnythingIsAllocatedOrWritten(_ arguments: [String], _ named: String) throws {
        let (result, folder) = try Self.runInEmptyFolder(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("lth: error: ") && result.stderr.contains(named), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// `prune greedy --k 1e12` on a finished run, and options the selection itself rejects (k
    /// above the width without replacement, more candidates than neurons, a negative loss
    /// target): refused in one line before the result folder is made.
    @Test(arguments: [(["--k", "1000000000000"], "--k 1000000000000"),
                      (["--variant", "without-replacement", "--k", "17"], "17"),
                      (["--variant", "sampled", "--candidates", "17", "--k", "3"], "17"),
                      (["--k", "3", "--loss-target=-1"], "--loss-target")])
    func pruneRefusesBeforeWriting(_ options: [String], _ named: String) throws {
        let directory = try LTHProcess.temporaryDirectory()
        let run = directory.appendingPathComponent("run")
        let trained = try LTHProcess.run(["train", "--data", Self.data, "--width", "16", "--steps", "5", "--lr", "0.1",
                                          "--reduction", "mean", "--checkpoints", "0,5", "--out", run.path])
        #expect(trained.status == 0, "\(trained.stderr)")
        let before = try FileManager.default.subpathsOfDirectory(atPath: directory.path).sorted()
        let pruned = try LTHProcess.run(["prune", "greedy", run.path, "--checkpoint", "5"] + options)
        #expect(pruned.status == 2, "\(pruned.stderr)")
        #expect(pruned.stdout.isEmpty && pruned.stderr.split(separator: "\n").count == 1, "\(pruned.stderr)")
        #expect(pruned.stderr.contains(named), "\(pruned.stderr)")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: directory.path).sorted() == before)
    }

    /// The rewinding section of a check configuration is estimated against lth check's own
    /// --max-memory, before anything is written.
    @Test func aRewindingSectionIsEstimatedAgainstTheChecksLimit() throws {
        let directory = try LTHProcess.temporaryDirectory()
        let config = directory.appendingPathComponent("check.yaml")
        try "data: 'synthetic:sphere?m=200&d=6&seed=1'\nsamples: [40]\nseeds: [0]\nwidth: 16\nsteps: 20\nk: [2]\nout: out\nrewinding:\n  data: 'synthetic:sphere?m=120&d=6&seed=2'\n  samples: 100\n  batch: 10\n  width: 300000\n"
            .write(to: config, atomically: true, encoding: .utf8)
        let result = try LTHProcess.run(["check", config.path, "--max-memory", "100M"], in: directory)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("key 'width' (300000) of section 'rewinding' of \(config.path)")
                && result.stderr.contains("above the limit of 100 MiB (--max-memory)"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["check.yaml"])
    }

    /// A huge log-spaced count on a short run means every step (and finishes at once).
    @Test func aHugeCheckpointCountOnAShortRunIsEveryStep() throws {
        let directory = try LTHProcess.temporaryDirectory()
        let run = directory.appendingPathComponent("run")
        let result = try LTHProcess.run(["train", "--data", Self.data, "--width", "8", "--steps", "12", "--lr", "0.1", "--reduction", "mean",
                                         "--checkpoints", "geometric:1000000000000", "--out", run.path])
        #expect(result.status == 0, "\(result.stderr)")
        let steps = try FileManager.default.contentsOfDirectory(atPath: run.appendingPathComponent("checkpoints").path)
        #expect(steps.count == 13)
    }
}
