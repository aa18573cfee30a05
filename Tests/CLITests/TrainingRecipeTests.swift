import Foundation
import Testing

/// A flag left out means the same in every subcommand that trains the same network: the
/// network's recipe. These tests compare what the commands record they trained, not the
/// defaults' source code: `lth train --model mlp` against `lth imp` (LeNet-300-100), `lth train`
/// (ntk) against the embedded configuration of `lth check`.
@Suite struct TrainingRecipeTests {
    /// The "training" object of a JSON file (run directory config.json, imp_runs.json's configuration).
    static func training(_ url: URL, path: [String]) throws -> [String: Any] {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        for key in path { object = try #require(object[key] as? [String: Any], "no \(key) in \(url.lastPathComponent)") }
        return object
    }

    /// The fields of a training configuration that leaving the flags out decides (not the seed,
    /// the checkpoints or the length, which the tests set alike).
    static let recipeFields = ["batchSize", "hiddenWidths", "kappa", "learningRate", "loss", "model", "momentum", "weightDecay"]

    @Test func trainMLPTrainsTheNetworkOfIMP() throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = directory.appendingPathComponent("lenet"), imp = directory.appendingPathComponent("imp")
        let trained = try LTHProcess.run(["train", "--model", "mlp", "--steps", "5", "--checkpoints", "0", "--out", run.path, "--quiet"])
        #expect(trained.status == 0, "\(trained.stderr)")
        let pruned = try LTHProcess.run(["imp", "--steps", "5", "--levels", "1", "--rewind", "0", "--no-controls", "--out", imp.path, "--quiet"])
        #expect(pruned.status == 0, "\(pruned.stderr)")
        let train = try Self.training(run.appendingPathComponent("config.json"), path: ["training"])
        let dense = try Self.training(imp.appendingPathComponent("imp_runs.json"), path: ["configuration", "training"])
        for field in Self.recipeFields {
            let a = try #require(train[field], "train records no \(field)"), b = try #require(dense[field], "imp records no \(field)")
            let canonical = { (value: Any) in try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]) }
            #expect(try canonical(a) == canonical(b), "\(field): train \(a), imp \(b)")
        }
        // The same training subset: the data recipe imp states in its opening line.
        let config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("config.json"))) as? [String: Any])
        let data = try #require(config["data"] as? String)
        #expect(pruned.stdout.contains("on \(data);"), "imp trains on other data than train's \(data): \(pruned.stdout)")
    }

    @Test func trainNTKTrainsTheNetworkOfTheCheck() throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = directory.appendingPathComponent("ntk")
        let trained = try LTHProcess.run(["train", "--steps", "5", "--checkpoints", "0", "--out", run.path, "--quiet"])
        #expect(trained.status == 0, "\(trained.stderr)")
        let printed = try LTHProcess.run(["config", "print", "check"])
        #expect(printed.status == 0, "\(printed.stderr)")
        var check: [String: String] = [:]
        for line in printed.stdout.split(separator: "\n") where !line.hasPrefix("#") && line.contains(": ") {
            let parts = line.split(separator: ":", maxSplits: 1)
            check[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        let config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("config.json"))) as? [String: Any])
        let training = try Self.training(run.appendingPathComponent("config.json"), path: ["training"])
        let recipe = try Self.training(run.appendingPathComponent("config.json"), path: ["dataRecipe"])
        #expect(recipe["source"] as? String == check["data"])
        let width = try #require(check["width"]), eta = try #require(check["eta"]), kappa = try #require(check["kappa"])
        let steps = try #require(check["steps"])
        #expect((training["hiddenWidths"] as? [Int]) == [Int(width)].compactMap { $0 })
        // The check trains on the sum loss with step eta (whatever convention its tables use).
        #expect((training["learningRate"] as? Double) == Double(eta))
        #expect((training["loss"] as? [String: String])?["reduction"] == "sum")
        #expect((training["kappa"] as? Double) == Double(kappa))
        #expect(training["batchSize"] == nil, "the check's gradient descent is full batch")
        #expect((config["totalIterations"] as? Int) == 5)
        // Left out, the length and schedule are the check's too.
        let full = directory.appendingPathComponent("ntk-default")
        let schedule = try LTHProcess.run(["train", "--out", full.path, "--quiet"])
        #expect(schedule.status == 0, "\(schedule.stderr)")
        let defaults = try Self.training(full.appendingPathComponent("config.json"), path: ["training"])
        #expect(defaults["checkpoints"] as? String == check["checkpoints"])
        #expect(defaults["length"] as? String == "\(steps)it")
    }
}
