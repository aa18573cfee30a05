import ArgumentParser
import Bounds
import Checker
import Engine
import Foundation
import LinearAlgebra

/// The `lth` command: lottery-ticket theory and lottery-ticket runs side by side.
public struct LTH: ParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "lth",
        abstract: "Lottery-ticket theory and lottery-ticket runs side by side.",
        discussion: """
            Computes the bounds of the pre-training threshold theorems (Wolfe et al. 2021, \
            with explicit constants), trains and prunes networks, and checks one against the other.

            Exit status: 0 success; 1 runtime failure (disk full, permission denied, training \
            divergence, a numerical failure, a violated bound); 2 bad input (a flag, a data or configuration file, an \
            output folder that another lth process is writing or that lth did not write, a size \
            that needs more memory than --max-memory), reported in one line before anything is \
            written.
            """,
        version: "lth \(version) (OpenBLAS core: \(BLASRuntime.coreName), threads: \(BLASRuntime.threadCount))",
        subcommands: [BoundsCommand.self, TrainCommand.self, PruneCommand.self, CheckCommand.self, ReproduceCommand.self, IMPCommand.self, StabilityCommand.self, EarlyBirdCommand.self, RewindingCommand.self, SubsetSumCommand.self, ExportCommand.self, PredictCommand.self, SweepCommand.self, StatusCommand.self, ConfigCommand.self]
    )

    public init() {}

    /// Parses and runs a command line. Bad input of any kind (an unknown flag, a value out of
    /// range, a missing or malformed file, an output folder in use or not lth's, a size above
    /// --max-memory) prints one line `lth: error: ...` on standard error and exits with
    /// status 2; a runtime failure (disk full, permission denied, divergence, a numerical failure) prints one line
    /// and exits with status 1 (`LTH.report`); `--help` and `--version` exit 0.
    public static func run(arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        var commandType: (any ParsableCommand.Type)? = nil
        do {
            var command = try parseAsRoot(arguments)
            if var rewinding = command as? RewindingCommand {
                rewinding.typedOptions = RewindingCommand.givenOptions(in: arguments)
                command = rewinding
            }
            commandType = type(of: command)
            installInterruptNote(for: type(of: command))
            try command.run()
            Foundation.exit(0)
        } catch {
            // On a terminal the progress bar may hold the current line: start the error on a clean one.
            if isatty(STDERR_FILENO) != 0 { FileHandle.standardError.write(CellProgress.eraseLine) }
            if let (line, status) = report(error, in: commandType) {
                printError(line)
                Foundation.exit(status)
            }
            let code = exitCode(for: error)
            if code == .success || error is ExitCode || error is CleanExit {
                exit(withError: error)
            }
            // Argument-parser errors: its one-line message, without the usage block.
            printError("lth: error: \(message(for: error)) (see '\(helpCommand(for: arguments)) --help')")
        }
        Foundation.exit(badInputExitCode)
    }

    /// The command whose `--help` lists the options of `arguments`: the subcommand path the
    /// arguments name, continued into a default subcommand (`lth bounds` is `lth bounds theorems`).
    static func helpCommand(for arguments: [String]) -> String {
        var path = ["lth"]
        var command: any ParsableCommand.Type = LTH.self
        var rest = arguments[...]
        while true {
            let subcommands = command.configuration.subcommands
            if let next = rest.first, let match = subcommands.first(where: { $0._commandName == next }) {
                path.append(next)
                command = match
                rest = rest.dropFirst()
            } else if let fallback = command.configuration.defaultSubcommand {
                path.append(fallback._commandName)
                command = fallback
            } else {
                return path.joined(separator: " ")
            }
        }
    }
}
