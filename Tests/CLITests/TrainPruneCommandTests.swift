import Foundation
import Testing

/// `lth train` then `lth prune greedy` end to end, as a user runs them.
@Suite(.serialized) struct TrainPruneCommandTests {
    static let data = "synthetic:sphere?m=120&d=6&seed=2"

    static func train(_ extra: [String] = [], out: URL) throws -> LTHProcess.Result {
        try LTHProcess.run(["train", "--data", data, "--model", "ntk", "--width", "64", "--steps", "40it", "--lr", "0.5",
                            "--reduction", "mean", "--checkpoints", "0,20,40", "--out", out.path] + extra)
    }

    @Test func trainWritesACompleteRunThatPruneReads() throws {
        let directory = try LTHProcess.temporaryDirectory()
        let run = directory.appendingPathComponent("run")
        let trained = try Self.train(out: run)
        #expect(trained.status == 0, "\(trained.stderr)")
        let manager = FileManager.default
        for file in ["config.json", "metrics.jsonl", "complete", "checkpoints/step-000040/W.npy", "checkpoints/step-000040/meta.json"] {
            #expect(manager.fileExists(atPath: run.appendingPathComponent(file).path), "missing \(file)")
        }
        #expect(!manager.fileExists(atPath: run.path + ".incomplete"))
        let config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("config.json"))) as? [String: Any])
        #expect(config["dataChecksum"] is String)

        let out = directory.appendingPathComponent("pruned")
        let pruned = try LTHProcess.run(["prune", "greedy", run.path, "--checkpoint", "40", "--k", "8", "--out", out.path])
        #expect(pruned.status == 0, "\(pruned.stderr)")
        #expect(pruned.stdout.contains("holds at every step"))
        let selection = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("selection.json"))) as? [String: Any])
        let picks = try #require(selection["picks"] as? [Int])
        let losses = try #require(selection["sum_losses"] as? [Double])
        let bounds = try #require(selection["theorem_b_sum_bounds"] as? [Double])
        #expect(picks.count == 8 && losses.count == 8)
        #expect(zip(losses, bounds).allSatisfy { $0 <= $1 })
        let multiplicities = try #require(selection["multiplicities"] as? [Int])
        #expect(multiplicities.reduce(0, +) == 8)
        for file in ["W.npy", "b.npy", "bias.npy", "neurons.npy"] {
            #expect(manager.fileExists(atPath: out.appendingPathComponent(file).path), "missing \(file)")
        }
        // The same command again refuses to overwrite.
        let again = try LTHProcess.run(["prune", "greedy", run.path, "--checkpoint", "40", "--k", "8", "--out", out.path])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
    }

    @Test func sameSeedSameWeights() throws {
        let directory = try LTHProcess.temporaryDirectory()
        let first = directory.appendingPathComponent("a"), second = directory.appendingPathComponent("b")
        #expect(try Self.train(out: first).status == 0)
        #expect(try Self.train(out: second).status == 0)
        let weights = "checkpoints/step-000040/W.npy"
        let a = try Data(contentsOf: first.appendingPathComponent(weights))
        let b = try Data(contentsOf: second.appendingPathComponent(weights))
        #expect(a == b)
    }

    @Test(arguments: [
        (["--model", "resnet"], "--model"),
        (["--width", "0"], "--width"),
        (["--steps", "ten"], "--steps"),
        (["--lr", "-1"], "--lr"),
        (["--checkpoints", "every:0"], "--checkpoints"),
        (["--samples", "100000"], "100000"),
    ])
    func badTrainInput(change: [String], mention: String) throws {
        let directory = try LTHProcess.temporaryDirectory()
        let run = directory.appendingPathComponent("run")
        var arguments = ["train", "--data", Self.data, "--model", "ntk", "--width", "64", "--steps", "40it", "--lr", "0.5", "--out", run.path]
        if let index = arguments.firstIndex(of: change[0]) { arguments[index + 1] = change[1] } else { arguments += change }
        let result = try LTHProcess.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(mention), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: run.path))
        #expect(!FileManager.default.fileExists(atPath: run.path + ".incomplete"))
    }

    @Test func badPruneInput() throws {
        let directory = try LTHProcess.temporaryDirectory()
        let run = directory.appendingPathComponent("run")
        #expect(try Self.train(out: run).status == 0)
        let cases: [([String], String)] = [
            (["prune", "greedy", directory.appendingPathComponent("nothing").path, "--checkpoint", "40", "--k", "3"], "nothing"),
            (["prune", "greedy", run.path, "--checkpoint", "41", "--k", "3"], "41"),
            (["prune", "greedy", run.path, "--checkpoint", "40", "--k", "0"], "--k"),
            (["prune", "greedy", run.path, "--checkpoint", "40", "--k", "3", "--variant", "random"], "--variant"),
        ]
        for (arguments, mention) in cases {
            let result = try LTHProcess.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(result.stderr.contains(mention), "\(result.stderr)")
        }
        // An interrupted run (no `complete` marker) is refused.
        try FileManager.default.removeItem(at: run.appendingPathComponent("complete"))
        let incomplete = try LTHProcess.run(["prune", "greedy", run.path, "--checkpoint", "40", "--k", "3"])
        #expect(incomplete.status == 2)
        #expect(incomplete.stderr.contains("complete"), "\(incomplete.stderr)")
    }
}
