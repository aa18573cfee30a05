import Engine
import Foundation
import Testing
@testable import Checker

/// `RewindingConfiguration`: reading a file or section (typed values, errors naming the key),
/// `validate()`'s domains, and the sweep it builds.
@Suite struct RewindingConfigurationTests {
    static func document(_ dictionary: [String: Any]) throws -> ConfigurationDocument {
        try ConfigurationDocument(dictionary: dictionary, origin: "test.yaml", allowedKeys: RewindingConfiguration.fileKeys)
    }

    @Test func documentGivesTypedValuesOverTheDefaults() throws {
        let read = try RewindingConfiguration(document: Self.document([
            "width": [32, 16], "seeds": "0, 2", "rewind": 20, "steps": "3ep", "checkpoints": [0, 10], "loss": "cross-entropy",
            "controls": false, "lr": 1, "data-seed": 4, "scope": "layer-wise", "greedy-eps": 0.5,
        ]))
        var expected = RewindingConfiguration()
        expected.width = [32, 16]
        expected.seeds = [0, 2]
        expected.rewind = [20]
        expected.steps = .epochs(3)
        expected.checkpoints = .list([.iterations(0), .iterations(10)])
        expected.loss = .crossEntropy
        expected.controls = false
        expected.lr = 1
        expected.dataSeed = 4
        expected.scope = .layerwise
        expected.epsilon = 0.5
        #expect(read == expected)
        #expect(try RewindingConfiguration(document: Self.document([:])) == RewindingConfiguration())
        let json = try JSONEncoder().encode(expected)
        #expect(try JSONDecoder().decode(RewindingConfiguration.self, from: json) == expected)
        #expect(String(decoding: json, as: UTF8.self).contains("\"density-per-level\""), "Codable keys are the long names")
    }

    /// The check configuration's record of the section knows every key of the configuration.
    @Test func sectionRecordHasTheConfigurationsKeys() {
        #expect(RewindingSection.keyTypes.map(\.key).sorted() == RewindingConfiguration.fileKeys.sorted())
        #expect(RewindingSection.keys == RewindingConfiguration.fileKeys)
    }

    @Test(arguments: [
        (["levels": "two"], RewindingConfiguration.Key.levels),
        (["controls": 1], .controls),
        (["seeds": "0,x"], .seeds),
        (["steps": "3x"], .steps),
        (["checkpoints": "every:0"], .checkpoints),
        (["loss": "mse"], .loss),
        (["data-seed": -1], .dataSeed),
        (["greedy-k": 3, "k": 4], .k),
    ] as [([String: any Sendable], RewindingConfiguration.Key)])
    func wrongTypesNameTheKey(dictionary: [String: any Sendable], key: RewindingConfiguration.Key) throws {
        #expect { try RewindingConfiguration(document: Self.document(dictionary)) } throws: {
            guard case let .invalidValue(named, _, _) = $0 as? RewindingConfigurationError else { return false }
            return named == key
        }
    }

    /// Every option outside its domain is refused by `validate()`, naming its key; the defaults pass.
    @Test func validateNamesTheKeyOfEveryDomain() throws {
        try RewindingConfiguration().validate()
        let bad: [(RewindingConfiguration.Key, (inout RewindingConfiguration) -> Void)] = [
            (.width, { $0.width = [0] }), (.lr, { $0.lr = 0 }), (.momentum, { $0.momentum = 1 }), (.weightDecay, { $0.weightDecay = -1 }),
            (.samples, { $0.samples = 0 }), (.batch, { $0.batch = 0 }), (.classes, { $0.classes = [1, 1] }), (.seeds, { $0.seeds = [0] }),
            (.seeds, { $0.seeds = [1, 1] }), (.seeds, { $0.seeds = [0, -1] }), (.rewind, { $0.rewind = [] }), (.levels, { $0.levels = 0 }),
            (.densityPerLevel, { $0.densityPerLevel = 1 }), (.matchingSD, { $0.matchingSD = -0.5 }), (.copies, { $0.copies = 1 }),
            (.points, { $0.points = 1 }), (.stableBelow, { $0.stableBelow = 1.5 }), (.earlyBirdDensity, { $0.earlyBirdDensity = 0 }),
            (.k, { $0.k = 0 }), (.epsilon, { $0.epsilon = .infinity }),
        ]
        for (key, change) in bad {
            var configuration = RewindingConfiguration()
            change(&configuration)
            #expect(throws: RewindingConfigurationError.self) { try configuration.validate() }
            do { try configuration.validate() } catch let RewindingConfigurationError.invalidValue(named, _, _) {
                #expect(named == key, "\(key)")
            }
        }
    }

    /// The sweep of a section and of the same options set field by field has the same
    /// configuration hash; another option gives another hash; data-dependent checks name the key.
    @Test func sweepHashFollowsTheOptions() throws {
        let section: [String: Any] = ["data": "synthetic:sphere?m=300&d=8&seed=1", "samples": 200, "width": 32, "steps": 40, "batch": 50,
                                      "rewind": [20, 0], "levels": 1, "controls": false, "checkpoints": "every:20", "k": 10]
        let read = try RewindingConfiguration(document: Self.document(section))
        var set = RewindingConfiguration()
        set.data = "synthetic:sphere?m=300&d=8&seed=1"
        set.samples = 200
        set.width = [32]
        set.steps = .iterations(40)
        set.batch = 50
        set.rewind = [0, 20]
        set.levels = 1
        set.controls = false
        set.checkpoints = .every(20)
        set.k = 10
        var estimates = 0
        let a = try read.sweep { _ in estimates += 1 }, b = try set.sweep { _ in }
        #expect(estimates == 2, "the data source, then the whole grid")
        #expect(a.configurationHash == b.configurationHash)
        #expect(a.rewinds == [0, 20] && a.steps == [0, 20, 40])
        set.levels = 2
        #expect(try set.sweep { _ in }.configurationHash != a.configurationHash)
        set.rewind = [0, 41]
        #expect { try set.sweep { _ in } } throws: { ($0 as? RewindingConfigurationError) == .invalidValue(key: .rewind, value: "41", allowed: "an iteration in 0...40 (the rewind iteration lies past the end of training)") }
        set.rewind = [0]
        set.batch = 201
        #expect { try set.sweep { _ in } } throws: { ($0 as? RewindingConfigurationError) == .invalidValue(key: .batch, value: "201", allowed: "1 to the 200 training samples") }
    }
}
