import Foundation
import Testing

/// The README's table of every flag is the one the subcommands' own `--help` describe
/// (`Tests/Docs/flag_table.py`; `make flag-table` rewrites it).
@Suite struct FlagTableTests {
    @Test func readmeFlagTableIsUpToDate() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let result = try LTHProcess.run(executable: URL(fileURLWithPath: "/usr/bin/env"),
                                        ["python3", root.appendingPathComponent("Tests/Docs/flag_table.py").path,
                                         LTHProcess.executable.path, "--check", root.appendingPathComponent("README.md").path])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func everyListedSubcommandFlagIsInTheTable() throws {
        // The table is not empty and names the vocabulary's shared flags once each.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "<!-- flag-table:start -->").last?.components(separatedBy: "<!-- flag-table:end -->").first)
        for flag in ["--k", "--epsilon", "--loss", "--reduction", "--steps", "--batch", "--out", "--controls/--no-controls"] {
            #expect(section.components(separatedBy: "| `\(flag)` |").count == 2, "\(flag) once in the table")
        }
        for old in ["--subnet-size", "--subnet-sizes", "--greedy-k", "--greedy-eps", "--epsilons", "--eps", "--batch-size", "--objective"] {
            #expect(!section.contains("| `\(old)` |"), "\(old) is an old spelling, hidden from --help")
        }
    }
}
