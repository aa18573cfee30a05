import Foundation
import Testing

/// Golden files of the text outputs of the thin commands (`lth bounds --data`, `lth prune greedy`,
/// `lth subsetsum ticket`),
/// run as a user runs them, in `Tests/CLITests/Golden` (rewritten with `LTH_UPDATE_GOLDEN=1`).
/// They prove that moving a command's workflow into a library leaves its output byte for byte.
/// The inputs keep the numbers independent of the OpenBLAS kernels: orthonormal points (Hinf = I/2,
/// every product exact) and summaries printed to 6 significant digits.
@Suite(.serialized) struct CommandOutputGoldenTests {
    static func check(_ actual: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
        if ProcessInfo.processInfo.environment["LTH_UPDATE_GOLDEN"] == "1" {
            try Data(actual.utf8).write(to: url, options: .atomic)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "golden file \(name) differs; rerun with LTH_UPDATE_GOLDEN=1 to update it", sourceLocation: sourceLocation)
    }

    /// Four orthonormal points in R^4 with +-1 labels in column 0: Hinf = I/2 exactly, lambda0 = 1/2.
    @Test func boundsFromDataTable() throws {
        let directory = try LTHProcess.temporaryDirectory()
        try "1,0,0,0,1\n-1,0,1,0,0\n1,0,0,1,0\n-1,1,0,0,0\n".write(to: directory.appendingPathComponent("orth.csv"), atomically: true, encoding: .utf8)
        let result = try LTHProcess.run(["bounds", "--data", "orth.csv", "--label-column", "0", "--width", "100", "--k", "2", "--epsilon", "0.5"],
                                        in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        try Self.check(result.stdout, against: "bounds_data_orthonormal.txt")
    }

    /// `lth prune greedy` on the run of `TrainPruneCommandTests`: the summary of the analyzed and
    /// sampled variants, and of a loss target met early.
    @Test func pruneGreedySummary() throws {
        let directory = try LTHProcess.temporaryDirectory()
        let trained = try LTHProcess.run(["train", "--data", TrainPruneCommandTests.data, "--model", "ntk", "--width", "64", "--steps", "40it",
                                          "--lr", "0.5", "--reduction", "mean", "--checkpoints", "0,20,40", "--out", "run"], in: directory)
        #expect(trained.status == 0, "\(trained.stderr)")
        var summary = ""
        for arguments in [["--checkpoint", "40", "--k", "8", "--out", "analyzed"],
                          ["--checkpoint", "20", "--k", "6", "--variant", "sampled", "--candidates", "10", "--batch", "32", "--seed", "3", "--out", "sampled"],
                          ["--checkpoint", "40", "--k", "30", "--loss-target", "0.3"]] {
            let pruned = try LTHProcess.run(["prune", "greedy", "run"] + arguments, in: directory)
            #expect(pruned.status == 0, "\(pruned.stderr)")
            summary += pruned.stdout
        }
        try Self.check(summary, against: "prune_greedy_summary.txt")
    }

    /// `lth subsetsum ticket` on a small synthetic set (the wall time replaced by "X s").
    @Test func subsetSumTicketTable() throws {
        let result = try LTHProcess.run(["subsetsum", "ticket", "--data", "synthetic:sphere?m=200&d=6&seed=1", "--classes", "all", "--samples", "100",
                                         "--width", "4", "--steps", "20", "--factor", "4"])
        #expect(result.status == 0, "\(result.stderr)")
        try Self.check(try Self.maskingWallTime(result.stdout), against: "subsetsum_ticket.txt")
    }

    /// `lth subsetsum ticket`'s output with its wall time ("(Pensia et al. 2020), 0.1 s") as "X s".
    static func maskingWallTime(_ output: String) throws -> String {
        output.replacing(try Regex(#"\), [0-9]+\.[0-9] s\n"#), with: "), X s\n")
    }
}
