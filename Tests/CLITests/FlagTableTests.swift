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
        for old in ["--subnet-size", "--subnet-sizes", "--greedy-k", "--greedy-eps", "--epsilons", "--eps", "--batch-size", "--objective", "--hidden", "--iterations"] {
            #expect(!section.contains("| `\(old)` |"), "\(old) is an old spelling, hidden from --help")
        }
    }

    /// Flags that had two meanings keep one (sweep's --widths is --width, earlybird's --densities
    /// is --earlybird-density), and --array-limit and --classes (where omitting it keeps every
    /// class) have one default: the table's subcommand and default columns say so.
    @Test func formerlyConflictingFlagsHaveOneMeaningAndDefault() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        var rows: [String: (commands: String, defaults: String)] = [:]
        for line in readme.split(separator: "\n") where line.hasPrefix("| `--") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            rows[cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = (cells[2], cells[3])
        }
        #expect(rows["--widths"]?.commands == "bounds strong")
        #expect(rows["--width"]?.commands.hasSuffix(", sweep") == true)
        #expect(rows["--densities"]?.commands == "imp")
        #expect(rows["--earlybird-density"]?.commands == "earlybird, rewinding")
        #expect(rows["--array-limit"]?.defaults == "the limit of the folder's previous submission; none for a first submission")
        #expect(rows["--classes"]?.defaults == "all (bounds theorems, train, check, imp, stability, earlybird, rewinding); 0,1 (subsetsum ticket)")
        // One default for the rewind points and the early-bird density of every experiment that takes them.
        #expect(rows["--rewind"]?.defaults == "0,50,100")
        #expect(rows["--earlybird-density"]?.defaults == "0.5")
        // The network's recipe: train --model mlp trains LeNet-300-100 as imp, stability and earlybird do.
        #expect(rows["--momentum"]?.defaults == "0.0 (train --model ntk); 0.9 (train --model mlp, imp, stability, earlybird, rewinding)")
    }
}
