import Foundation
import Testing
@testable import Checker
@testable import Engine

/// `LuekerConstantExperiment`, the one call of `lth subsetsum measure`: the order of its checks
/// (parameters, memory, output folder) and what it writes.
@Suite struct LuekerConstantExperimentTests {
    static let experiment = LuekerConstantExperiment(epsilons: [0.1, 0.05], trials: 40, seed: 2, maximumCount: 14, bootstrapResamples: 30)

    @Test func measuresAsTheEngineAndWritesTheExports() throws {
        let folder = try Tool.temporaryDirectory().appendingPathComponent("measure")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        var estimates = 0
        let result = try Self.experiment.run(output: folder, latexFloat: true) { _, _ in estimates += 1 }
        #expect(estimates == 1)
        let direct = try LuekerExperiment(epsilons: [0.1, 0.05], trials: 40, seed: 2, maximumCount: 14, bootstrapResamples: 30).run()
        #expect(result.measurement.summaryJSON(seconds: 0).rendered(indent: 2) == direct.summaryJSON(seconds: 0).rendered(indent: 2))
        let exports = direct.exports(latexFloat: true)
        #expect(Array(result.written.prefix(exports.count).map(\.lastPathComponent)) == exports.map(\.name))
        for file in exports {
            #expect(try String(contentsOf: folder.appendingPathComponent(file.name), encoding: .utf8) == file.contents, "\(file.name)")
        }
        #expect(try OutputFolder.recordedOwner(folder) == Self.experiment.owner)
        // Another configuration is refused before anything is measured or written.
        var other = Self.experiment
        other.trials = 41
        #expect(throws: OutputError.self) { try other.run(output: folder, latexFloat: true) { _, _ in } }
    }

    /// Bad parameters are refused before the memory check, a refused memory check before the
    /// output folder is created.
    @Test func refusesBeforeClaimingTheFolder() throws {
        let folder = try Tool.temporaryDirectory().appendingPathComponent("measure")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        var bad = Self.experiment
        bad.maximumCount = SubsetSums.exactLimit + 1
        #expect(throws: SubsetSumError.self) { try bad.run(output: folder, latexFloat: false) { _, _ in Issue.record("memory checked") } }
        struct Refused: Error {}
        #expect(throws: Refused.self) { try Self.experiment.run(output: folder, latexFloat: false) { _, _ in throw Refused() } }
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }
}
