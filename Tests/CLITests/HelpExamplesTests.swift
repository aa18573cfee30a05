import Foundation
import Testing

/// The examples of every subcommand's `--help` can be copied and pasted: each line of an
/// Examples block is a command (`  lth ...`) or the indented continuation of one ending in `\`,
/// never a command the help wrapped onto a second line (80 columns, as on a terminal of that
/// width or in a pipe), and none uses a deprecated spelling.
@Suite struct HelpExamplesTests {
    static let commands: [[String]] = [
        ["bounds", "theorems"], ["bounds", "strong"], ["train"], ["prune", "greedy"], ["check"], ["reproduce"], ["imp"],
        ["stability"], ["earlybird"], ["rewinding"], ["subsetsum", "measure"], ["subsetsum", "ticket"], ["export", "notebook"],
        ["export", "report"], ["predict"], ["sweep"], ["status"], ["config", "print"],
    ]
    static let deprecated = ["--subnet-size ", "--subnet-sizes ", "--greedy-k ", "--greedy-eps ", "--epsilons ", "--eps ",
                             "--batch-size ", "--objective ", "--hidden ", "--iterations "]

    @Test(arguments: commands)
    func examplesAreWholeCommands(_ command: [String]) throws {
        let help = try LTHProcess.run(command + ["--help"], environment: ["COLUMNS": "80"])
        #expect(help.status == 0)
        let lines = help.stdout.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "Examples:"), "no Examples block in lth \(command.joined(separator: " ")) --help")
        var continued = false
        for line in lines[(start + 1)...] {
            if line.isEmpty || line.hasPrefix("USAGE:") { break }
            let isCommand = line.hasPrefix("  lth ")
            let isContinuation = continued && line.hasPrefix("    ")
            #expect(isCommand || isContinuation, "wrapped example line in lth \(command.joined(separator: " ")) --help: '\(line)'")
            for old in Self.deprecated { #expect(!(line + " ").contains(old), "deprecated \(old) in an example: '\(line)'") }
            continued = line.hasSuffix("\\")
        }
    }
}
