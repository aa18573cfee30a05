import Foundation
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
        let result = try TheoryExperiment(configuration: Self.tiny(output: output), toolkitVersion: "test").run()
        #expect(result.theoremA.count == 2 * 2 * 4)
        #expect(result.theoremB.count == 2 * 2 * 4 * 2)
        #expect(result.theoremC.count == 2 * 2 * 2 * 2)
        #expect(result.theoremB.allSatisfy { !result.isViolated($0) })
        for row in result.theoremB { #expect(row.prunedLoss <= row.bound) }
        // Theorem A's hypotheses fail by far at these sizes: the a priori threshold is absent, with a reason.
        #expect(result.theoremC.allSatisfy { if case .none = $0.aPriori { return true } else { return false } })
        let cells = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("cells").path)
        #expect(Set(cells) == ["m40-seed0.json", "m40-seed1.json", "m80-seed0.json", "m80-seed1.json"])
    }

    @Test func resumeGivesTheSameTables() throws {
        let output = try Self.temporaryDirectory().appendingPathComponent("check")
        let configuration = Self.tiny(output: output)
        let first = try TheoryExperiment(configuration: configuration, toolkitVersion: "test").run()
        // An interrupted sweep: one cell is missing; the rerun computes only that one.
        let missing = output.appendingPathComponent("cells/m80-seed1.json")
        try FileManager.default.removeItem(at: missing)
        var lines: [String] = []
        let second = try TheoryExperiment(configuration: configuration, toolkitVersion: "test").run { lines.append($0) }
        #expect(lines.filter { $0.contains("kept from an earlier run") }.count == 3)
        #expect(MarkdownTable.render(first, detail: true) == MarkdownTable.render(second, detail: true))
        #expect(JSONReport.render(first) == JSONReport.render(second))
    }

    @Test func refusesAFolderOfAnotherConfiguration() throws {
        let output = try Self.temporaryDirectory().appendingPathComponent("check")
        var configuration = Self.tiny(output: output)
        configuration.samples = [40]
        configuration.seeds = [0]
        _ = try TheoryExperiment(configuration: configuration, toolkitVersion: "test").run()
        let before = try Data(contentsOf: output.appendingPathComponent("cells/m40-seed0.json"))
        configuration.width = 32
        #expect(throws: CheckerError.self) { try TheoryExperiment(configuration: configuration, toolkitVersion: "test").run() }
        do { _ = try TheoryExperiment(configuration: configuration, toolkitVersion: "test").run() } catch {
            #expect("\(error)".contains("remove the folder or choose another --out"))
            #expect(!"\(error)".contains("\n"))
        }
        #expect(try Data(contentsOf: output.appendingPathComponent("cells/m40-seed0.json")) == before)
    }

    @Test(arguments: [
        ("samples: []\n", "--samples"),
        ("seeds: []\n", "--seeds"),
        ("subnet_sizes: [2000]\n", "--subnet-sizes"),
        ("epsilons: [0]\n", "--epsilons"),
        ("epsilons: [-1]\n", "--epsilons"),
        ("loss: median\n", "--loss"),
        ("delta: 2\n", "--delta"),
    ])
    func badValues(yaml: String, flag: String) throws {
        let file = try Self.temporaryDirectory().appendingPathComponent("bad.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let configuration = try TheoryCheckConfiguration(file: file.path)
        #expect { try configuration.validate() } throws: { "\($0)".contains(flag) && !"\($0)".contains("\n") }
    }

    @Test func unknownKeyNamesTheClosestValidKey() throws {
        let file = try Self.temporaryDirectory().appendingPathComponent("bad.yaml")
        try "subnet_size: [5]\n".write(to: file, atomically: true, encoding: .utf8)
        #expect { try TheoryCheckConfiguration(file: file.path) } throws: {
            "\($0)".contains("subnet_size") && "\($0)".contains("did you mean 'subnet_sizes'")
        }
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
