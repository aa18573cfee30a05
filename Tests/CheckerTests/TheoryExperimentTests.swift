import Bounds
import Engine
import Foundation
import LinearAlgebra
import Testing
@testable import Checker

/// The theory check end to end on a tiny configuration, its resume, and its bad input.
@Suite(.serialized) struct TheoryExperimentTests {
    static func tiny(output: URL) -> TheoryCheckConfiguration {
        var c = TheoryCheckConfiguration()
        c.data = "synthetic:sphere?m=120&d=5&seed=3"
        c.samples = [40, 80]
        c.seeds = [0, 1]
        c.width = 64
        c.steps = 60
        c.checkpoints = "0,10,30,60"
        c.eta = nil
        c.subnetSizes = [2, 8]
        c.epsilons = [0.6, 0.4]
        c.output = output.path
        return c
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lth-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func runsEveryCellAndTheoremBAlwaysHolds() throws {
        let output = try Self.temporaryDirectory().appendingPathComponent("check")
        let result = try TheoryExperiment(configuration: Self.tiny(output: output), toolkitVersion: "test").runInFolder()
        #expect(result.theoremA.count == 2 * 2 * 4)
        #expect(result.theoremB.count == 2 * 2 * 4 * 2)
        #expect(result.theoremC.count == 2 * 2 * 2 * 2)
        #expect(result.theoremB.allSatisfy { !result.isViolated($0) })
        for row in result.theoremB { #expect(row.prunedLoss <= row.bound) }
        // Theorem A's hypotheses fail by far at these sizes: the a priori threshold is absent, with a reason.
        #expect(result.theoremC.allSatisfy { if case .none = $0.aPriori { return true } else { return false } })
        let cells = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("units").path)
        #expect(Set(cells) == ["m40-seed0.json", "m40-seed1.json", "m80-seed0.json", "m80-seed1.json"])
        // t_K per (m, seed, eps), checked against the recursion e <- e - eta Hinf e from e(0) = -y iterated directly.
        let configuration = Self.tiny(output: output)
        #expect(result.kernelThresholds.count == 2 * 2 * configuration.epsilons.count)
        let experiment = try TheoryExperiment(configuration: configuration, toolkitVersion: "test")
        var checked = 0
        for row in result.kernelThresholds {
            guard case let .step(t) = row.kernelThreshold, t <= 20000 else { continue }
            let training = try experiment.trainingSet(samples: row.samples, seed: row.seed)
            let m = row.samples
            let hinf = InfiniteWidthGram.matrix(points: Matrix(rows: m, columns: training.dimension,
                                                               storage: training.x.storage.map(Double.init))).storage
            let eta = configuration.etaSum(samples: m), target = configuration.convention.toSum(row.epsilon, samples: m)
            var e = training.targets.storage.map { -Double($0) }
            func loss() -> Double { 0.5 * e.reduce(0) { $0 + $1 * $1 } }
            for step in 0..<Int(t) {
                #expect(loss() > target * (1 + 1e-9), "m \(m) seed \(row.seed): met at \(step) < t_K = \(t)")
                let product = (0..<m).map { i in (0..<m).reduce(0.0) { $0 + hinf[i * m + $1] * e[$1] } }
                for i in 0..<m { e[i] -= eta * product[i] }
            }
            #expect(loss() <= target * (1 + 1e-9), "m \(m) seed \(row.seed): not met at t_K = \(t)")
            checked += 1
        }
        #expect(checked > 0, "no t_K reached on the tiny configuration")
    }

    @Test func resumeGivesTheSameTables() throws {
        let output = try Self.temporaryDirectory().appendingPathComponent("check")
        let configuration = Self.tiny(output: output)
        let first = try TheoryExperiment(configuration: configuration, toolkitVersion: "test").runInFolder()
        // An interrupted sweep: one cell is missing; the rerun computes only that one.
        let missing = output.appendingPathComponent("units/m80-seed1.json")
        try FileManager.default.removeItem(at: missing)
        var lines: [String] = []
        let second = try TheoryExperiment(configuration: configuration, toolkitVersion: "test").runInFolder { lines.append($0) }
        #expect(lines.filter { $0.contains("kept from an earlier run") }.count == 3)
        #expect(MarkdownTable.render(first, detail: true) == MarkdownTable.render(second, detail: true))
        #expect(JSONReport.render(first) == JSONReport.render(second))
    }

    /// Issue 14: a shortened array in a cell crashed `check` and `export`; a cell whose data
    /// checksum disagrees with the data was reused. Both are refused with one line naming the cell,
    /// as is a cell written before the exact crossings between checkpoints existed (issue 15).
    @Test func damagedOrForeignCellsAreRefused() throws {
        let output = try Self.temporaryDirectory().appendingPathComponent("check")
        var configuration = Self.tiny(output: output)
        configuration.samples = [40]
        configuration.seeds = [0]
        _ = try TheoryExperiment(configuration: configuration, toolkitVersion: "test").runInFolder()
        let url = output.appendingPathComponent("units/m40-seed0.json")
        let original = try Data(contentsOf: url)
        // The unit: {"checksum", "configuration", "data", "unit", "value"}; the cell is its value.
        let unit = try #require(try JSONSerialization.jsonObject(with: original) as? [String: Any])
        var object = try #require(unit["value"] as? [String: Any])
        // A value changed on disk under its checksum is damaged whatever it holds; the checks of
        // the cell's own content below read units without a checksum (as an earlier release wrote).
        func write(_ value: [String: Any], data: String? = nil, keepingChecksum: Bool = false) throws {
            var damaged = unit
            damaged["value"] = value
            if let data { damaged["data"] = data }
            if !keepingChecksum { damaged.removeValue(forKey: "checksum") }
            try JSONSerialization.data(withJSONObject: damaged).write(to: url)
        }
        func refused(_ damaged: [String: Any], _ mention: String, keepingChecksum: Bool = false) throws {
            try write(damaged, keepingChecksum: keepingChecksum)
            for read in [{ _ = try TheoryExperiment(configuration: configuration, toolkitVersion: "test").runInFolder() },
                         { _ = try CheckRun(directory: output) }] {
                let error = #expect(throws: ExperimentError.self) { try read() }
                #expect(error?.description.contains("m40-seed0.json") == true && error?.description.contains(mention) == true,
                        "\(String(describing: error))")
                #expect(error?.description.contains("\n") == false)
            }
        }
        var checkpoints = try #require(object["checkpoints"] as? [[String: Any]])
        var record = checkpoints[1]
        record["prunedSumLosses"] = Array((record["prunedSumLosses"] as? [Double] ?? []).prefix(1))
        checkpoints[1] = record
        var shortened = object
        shortened["checkpoints"] = checkpoints
        try refused(shortened, "1 pruned losses")
        try refused(shortened, "its value changed after it was written", keepingChecksum: true)
        var fewer = object
        fewer["checkpoints"] = Array(checkpoints.prefix(2))
        try refused(fewer, "checkpoints at steps 0,10")
        // A cell written before the exact crossings existed: refused, never read as a table without them.
        var older = object
        older.removeValue(forKey: "bisectionRecords")
        older.removeValue(forKey: "bisectionTrainingSteps")
        try refused(older, "before lth check located the exact crossings")
        var wrongCount = object
        wrongCount["kernelThresholds"] = Array((object["kernelThresholds"] as? [Any] ?? []).prefix(1))
        try refused(wrongCount, "kernel thresholds t_K")
        // A cell written before t_K existed is kept; the result says so instead of inventing t_K.
        var withoutKernel = object
        withoutKernel.removeValue(forKey: "kernelThresholds")
        try write(withoutKernel)
        let kept = try TheoryExperiment(configuration: configuration, toolkitVersion: "test").runInFolder()
        #expect(kept.kernelThresholds.isEmpty && kept.notes.contains { $0.hasPrefix("t_K: 1 cell(s)") })
        // Data other than the unit was computed from (the unit's record or the cell's own).
        try write(object, data: "0000000000000000")
        let error = #expect(throws: ExperimentError.self) { _ = try TheoryExperiment(configuration: configuration, toolkitVersion: "test").runInFolder() }
        #expect(error?.description.contains("data checksum 0000000000000000") == true)
        object["dataChecksum"] = "0000000000000000"
        try refused(object, "data checksum 0000000000000000")
        try original.write(to: url)
        _ = try TheoryExperiment(configuration: configuration, toolkitVersion: "test").runInFolder()
    }

    /// Issue 14: a YAML complex key crashed inside Yams and a 600-byte alias bomb grew without
    /// limit; both are one-line errors naming the file.
    @Test func complexKeysAndAliasesAreRefused() throws {
        let directory = try Self.temporaryDirectory()
        var bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for (name, previous) in zip(["b", "c", "d", "e", "f", "g", "h", "i"], ["a", "b", "c", "d", "e", "f", "g", "h"]) {
            bomb += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        for (text, mention) in [("? output: x\n: 1\n", "complex key"), ("? [a, b]\n: 1\n", "complex key"),
                                (bomb, "without aliases"), ("samples: &s [40]\nseeds: *s\n", "without aliases")] {
            let path = directory.appendingPathComponent("c.yaml").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let error = #expect(throws: CheckerError.self) { _ = try TheoryCheckConfiguration(file: path) }
            #expect(error?.description.contains(path) == true && error?.description.contains(mention) == true, "\(String(describing: error))")
        }
        // A quoted asterisk, a comment and an anchor without alias are fine.
        let path = directory.appendingPathComponent("ok.yaml").path
        try "data: \"synthetic:sphere?m=120&d=5&seed=3\" # *not an alias\nsamples: &s [40]\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try TheoryCheckConfiguration(file: path).samples == [40])
        // More values than the limit are refused without building them.
        let long = directory.appendingPathComponent("long.yaml").path
        try ("samples: [" + Array(repeating: "1", count: ConfigurationDocument.maximumNodeCount + 1).joined(separator: ",") + "]\n")
            .write(toFile: long, atomically: true, encoding: .utf8)
        #expect(throws: CheckerError.self) { _ = try TheoryCheckConfiguration(file: long) }
    }

    @Test func refusesAFolderOfAnotherConfiguration() throws {
        let output = try Self.temporaryDirectory().appendingPathComponent("check")
        var configuration = Self.tiny(output: output)
        configuration.samples = [40]
        configuration.seeds = [0]
        _ = try TheoryExperiment(configuration: configuration, toolkitVersion: "test").runInFolder()
        let before = try Data(contentsOf: output.appendingPathComponent("units/m40-seed0.json"))
        configuration.width = 32
        #expect(throws: OutputError.self) { try TheoryExperiment(configuration: configuration, toolkitVersion: "test").runInFolder() }
        do { _ = try TheoryExperiment(configuration: configuration, toolkitVersion: "test").runInFolder() } catch {
            #expect("\(error)".contains("to start fresh: rm -r '\(output.path)'"))
            #expect(!"\(error)".contains("\n"))
        }
        #expect(try Data(contentsOf: output.appendingPathComponent("units/m40-seed0.json")) == before)
    }

    @Test(arguments: [
        ("samples: []\n", "for samples"),
        ("seeds: []\n", "for seeds"),
        ("k: [2000]\n", "for k"),
        ("epsilon: [0]\n", "for epsilon"),
        ("epsilon: [-1]\n", "for epsilon"),
        ("reduction: median\n", "for reduction"),
        ("subnet_sizes: [2000]\n", "for k"),
        ("delta: 2\n", "for delta"),
        ("eta: 0\n", "for eta"),
    ])
    func badValues(yaml: String, flag: String) throws {
        let file = try Self.temporaryDirectory().appendingPathComponent("bad.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let configuration = try TheoryCheckConfiguration(file: file.path)
        #expect { try configuration.validate() } throws: { "\($0)".contains(flag) && !"\($0)".contains("--") && !"\($0)".contains("\n") }
    }

    /// A file gives the step as lr (on the loss convention) or as eta (on the sum loss, the same at
    /// every m), not both; lr alone means lr, as before eta existed (the hash is unchanged).
    @Test func lrOrEtaButNotBoth() throws {
        let directory = try Self.temporaryDirectory()
        let lr = directory.appendingPathComponent("lr.yaml")
        try "lr: 0.5\n".write(to: lr, atomically: true, encoding: .utf8)
        let fromLR = try TheoryCheckConfiguration(file: lr.path)
        #expect(fromLR.eta == nil && fromLR.lr == 0.5)
        #expect(fromLR.etaSum(samples: 100) == 0.005)
        #expect(!fromLR.canonicalJSON.contains("eta"))
        let eta = directory.appendingPathComponent("eta.yaml")
        try "eta: 0.002\nreduction: mean\n".write(to: eta, atomically: true, encoding: .utf8)
        let fromEta = try TheoryCheckConfiguration(file: eta.path)
        #expect(fromEta.etaSum(samples: 100) == 0.002 && fromEta.etaSum(samples: 1600) == 0.002)
        let both = directory.appendingPathComponent("both.yaml")
        try "lr: 1\neta: 0.001\n".write(to: both, atomically: true, encoding: .utf8)
        #expect { try TheoryCheckConfiguration(file: both.path) } throws: { "\($0)".contains("for lr") && !"\($0)".contains("\n") }
    }

    /// With eta, every m trains with the same step on the sum loss; the tables stay per sample.
    @Test func etaIsTheSameSumLossStepAtEveryM() throws {
        let output = try Self.temporaryDirectory().appendingPathComponent("check")
        var c = Self.tiny(output: output)
        c.eta = 0.002
        let result = try TheoryExperiment(configuration: c, toolkitVersion: "test").runInFolder()
        #expect(Set(result.theoremA.map(\.eta)) == [0.002])
        #expect(result.provenance.lossConvention == .mean)
        #expect(result.thresholdScalings.first?.prediction.contains("same eta at every m") == true)
    }

    @Test func unknownKeyNamesTheClosestValidKey() throws {
        let file = try Self.temporaryDirectory().appendingPathComponent("bad.yaml")
        try "sample: [5]\n".write(to: file, atomically: true, encoding: .utf8)
        #expect { try TheoryCheckConfiguration(file: file.path) } throws: {
            "\($0)".contains("sample") && "\($0)".contains("did you mean 'samples'")
        }
    }

    /// The keys are the flags' long names; the old names are read as the new ones for one
    /// release (listed so that lth check can say so), and giving both names is refused.
    @Test func oldKeyNamesAreReadAsTheFlagNames() throws {
        let directory = try Self.temporaryDirectory()
        let old = directory.appendingPathComponent("old.yaml")
        try "subnet_sizes: [4, 8]\nepsilons: [0.2]\nloss: sum\noutput: runs/x\n".write(to: old, atomically: true, encoding: .utf8)
        let new = directory.appendingPathComponent("new.yaml")
        try "k: [4, 8]\nepsilon: [0.2]\nreduction: sum\nout: runs/x\n".write(to: new, atomically: true, encoding: .utf8)
        let document = try TheoryCheckConfiguration.document(file: old.path)
        #expect(document.renamedKeysUsed.map(\.old) == ["epsilons", "loss", "output", "subnet_sizes"])
        #expect(document.renamedKeysUsed.map(\.new) == ["epsilon", "reduction", "out", "k"])
        let fromOld = try TheoryCheckConfiguration(document: document), fromNew = try TheoryCheckConfiguration(file: new.path)
        #expect(fromOld == fromNew && fromNew.subnetSizes == [4, 8] && fromNew.loss == "sum" && fromNew.output == "runs/x")
        #expect(try TheoryCheckConfiguration.document(file: new.path).renamedKeysUsed.isEmpty)
        let both = directory.appendingPathComponent("both.yaml")
        try "k: [4]\nsubnet_sizes: [8]\n".write(to: both, atomically: true, encoding: .utf8)
        #expect { try TheoryCheckConfiguration(file: both.path) } throws: { "\($0)".contains("only one of 'k'") && !"\($0)".contains("\n") }
    }

    @Test func wrongTypesAreNamed() throws {
        let directory = try Self.temporaryDirectory()
        let yaml = directory.appendingPathComponent("bad.yaml")
        try "samples: 100\n".write(to: yaml, atomically: true, encoding: .utf8)
        #expect { try TheoryCheckConfiguration(file: yaml.path) } throws: { "\($0)".contains("'samples'") && "\($0)".contains("a list of integers") }
        let json = directory.appendingPathComponent("bad.json")
        try "{\"width\": \"wide\"}".write(to: json, atomically: true, encoding: .utf8)
        #expect { try TheoryCheckConfiguration(file: json.path) } throws: { "\($0)".contains("'width'") && "\($0)".contains("an integer") }
    }

    @Test func exampleConfigurationsParseAndValidate() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let yaml = try TheoryCheckConfiguration(file: root.appendingPathComponent("Experiments/theory-demo.yaml").path)
        try yaml.validate()
        // The commented YAML is the embedded default, key for key.
        #expect(yaml == TheoryCheckConfiguration())
        let json = try TheoryCheckConfiguration(file: root.appendingPathComponent("Experiments/theory-fashion-mnist.json").path)
        try json.validate()
        #expect(json.classes == [0, 1])
    }

    @Test func hashIgnoresOutputButNotParameters() {
        var a = TheoryCheckConfiguration(), b = TheoryCheckConfiguration()
        b.output = "elsewhere"
        #expect(a.hash == b.hash)
        a.width = 7
        #expect(a.hash != b.hash)
    }
}
