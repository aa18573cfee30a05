import Foundation
import Testing

/// `lth sweep` end to end on a tiny problem, and its bad-input handling.
@Suite(.serialized) struct SweepCommandTests {
    static let tiny = ["--data", "synthetic:sphere?m=20&d=4&seed=3", "--widths", "16,64,256", "--seeds", "0,1", "--steps", "50",
                       "--checkpoints", "3", "--k", "4", "--random-draws", "20", "--exact-limit", "16"]

    @Test func sweepPrintsAndWritesTheThreeTables() throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("sweep")
        let result = try LTHProcess.run(["sweep"] + Self.tiny + ["--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        for title in ["Kernel-regime agreement across widths", "Pruned network at fixed k across widths", "Hypothesis ledger of Theorem A across widths"] {
            #expect(result.stdout.contains(title))
        }
        #expect(result.stdout.contains("Kernel agreement (tau = 0.05): agrees") || result.stdout.contains("Kernel agreement (tau = 0.05): disagrees"))
        #expect(result.stdout.contains("t_K(eps) = "))
        for name in ["width_sweep_kernel", "width_sweep_pruned", "width_sweep_ledger"] {
            for ext in ["md", "csv", "tex"] {
                #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("\(name).\(ext)").path), "missing \(name).\(ext)")
            }
        }
    }

    @Test(arguments: [
        (["--widths", "16,16,64"], "--widths"),
        (["--widths", "a,b"], "--widths"),
        (["--kernel", "finite"], "--kernel"),
        (["--tau", "0"], "--tau"),
        (["--reduction", "median"], "--reduction"),
        (["--epsilon", "0"], "--epsilon"),
    ])
    func badFlagIsOneLineAndExitTwo(extra: [String], flag: String) throws {
        let result = try LTHProcess.run(["sweep"] + Self.tiny + extra)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(flag), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func unknownConfigurationKeyIsNamed() throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("sweep.yaml")
        try "widths: [16, 64, 256]\nwidht: 3\n".write(to: config, atomically: true, encoding: .utf8)
        let result = try LTHProcess.run(["sweep", config.path])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("widht"))
    }
}
