import Foundation
import Testing
@testable import Checker

/// The `rewinding` section of an `lth check` configuration: parsing, its record, its
/// errors (reported like every other configuration error), and the hash of configurations without it.
@Suite struct RewindingSectionTests {
    static func file(_ text: String, _ name: String = "config.yaml") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lth-section-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func sectionIsRecordedAsTheFlagsText() throws {
        let path = try Self.file("""
            samples: [40]
            rewinding:
              width: 32
              rewind: [0, 20]
              seeds: "0,1"
              density-per-level: 0.25
              steps: 3ep
              controls: true
              unit-norm: false
              data-seed: 4
            """)
        let configuration = try TheoryCheckConfiguration(file: path)
        let section = try #require(configuration.rewinding)
        #expect(section.options == ["width": "32", "rewind": "0,20", "seeds": "0,1", "density-per-level": "0.25", "steps": "3ep",
                                    "controls": "true", "unit-norm": "false", "data-seed": "4"])
        #expect(configuration.samples == [40])
    }

    @Test func hashOfAConfigurationWithoutTheSectionIsUnchanged() throws {
        // The hash recorded by lth check for the embedded demo before the section (and eta) existed.
        var before = TheoryCheckConfiguration()
        before.samples = [200, 400, 800, 1600]
        before.seeds = [0, 1]
        before.width = 512
        before.eta = nil
        before.subnetSizes = [32, 128, 512]
        before.epsilons = [0.14, 0.12, 0.1]
        #expect(before.hash == "f71b411eeb1cbd99")
        #expect(!TheoryCheckConfiguration().canonicalJSON.contains("rewinding"))
        var with = TheoryCheckConfiguration()
        with.rewinding = RewindingSection(options: ["levels": "1"])
        #expect(with.hash != TheoryCheckConfiguration().hash)
        #expect(with.canonicalJSON.contains("\"rewinding\":{\"levels\":\"1\"}"))
        let decoded = try JSONDecoder().decode(TheoryCheckConfiguration.self, from: Data(with.canonicalJSON.utf8))
        #expect(decoded.rewinding == with.rewinding)
    }

    @Test func unknownKeyInTheSectionNamesTheClosestKey() throws {
        let path = try Self.file("rewinding:\n  levls: 2\n")
        #expect { try TheoryCheckConfiguration(file: path) } throws: {
            "\($0)".contains("'levls'") && "\($0)".contains("did you mean 'levels'") && "\($0)".contains("section 'rewinding'")
                && !"\($0)".contains("\n")
        }
        let misspelledSection = try Self.file("{\"rewindng\": {}}", "config.json")
        #expect { try TheoryCheckConfiguration(file: misspelledSection) } throws: { "\($0)".contains("did you mean 'rewinding'") }
    }

    @Test(arguments: [
        ("rewinding:\n  levels: two\n", "levels", "an integer"),
        ("rewinding:\n  controls: 1\n", "controls", "true or false"),
        ("rewinding:\n  lr: fast\n", "lr", "a number"),
        ("rewinding:\n  width: [32, wide]\n", "width", "a string, an integer or a list of integers"),
        ("rewinding:\n  data-seed: -1\n", "data-seed", "an integer >= 0"),
        ("rewinding:\n  loss: mse\n", "loss", "cross-entropy or squared"),
        ("rewinding:\n  seeds: \"0,x\"\n", "seeds", "a list of integers"),
        ("rewinding: 3\n", "'rewinding'", "a mapping"),
    ])
    func wrongTypesAreNamed(yaml: String, key: String, expected: String) throws {
        let path = try Self.file(yaml)
        #expect { try TheoryCheckConfiguration(file: path) } throws: {
            "\($0)".contains(key) && "\($0)".contains(expected) && !"\($0)".contains("\n")
        }
    }
}

/// The example configuration with a `rewinding` section parses and validates.
@Suite struct RewindingExampleConfigurationTests {
    @Test func rewindingFashionMNISTParses() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let configuration = try TheoryCheckConfiguration(file: root.appendingPathComponent("Experiments/rewinding-fashion-mnist.yaml").path)
        try configuration.validate()
        let section = try #require(configuration.rewinding)
        #expect(section.options["rewind"] == "0,20,50" && section.options["loss"] == "squared")
        #expect(section.options["k"] == "30" && section.options["controls"] == "false")
    }
}
