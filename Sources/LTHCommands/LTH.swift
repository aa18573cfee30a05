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
            """,
        version: "lth \(version) (OpenBLAS core: \(BLASRuntime.coreName), threads: \(BLASRuntime.threadCount))",
        subcommands: [BoundsCommand.self, TrainCommand.self, PruneCommand.self, CheckCommand.self, ReproduceCommand.self, IMPCommand.self, StabilityCommand.self, EarlyBirdCommand.self, RewindingCommand.self, SubsetSumCommand.self, ExportCommand.self, PredictCommand.self, SweepCommand.self]
    )

    public init() {}

    /// Parses and runs a command line. Bad input of any kind (an unknown flag, a value out of
    /// range, a missing or malformed file) prints one line `lth: error: ...` on standard
    /// error and exits with status 2; `--help` and `--version` exit 0.
    public static func run(arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Foundation.exit(0)
        } catch let error as UsageError {
            printError("lth: error: \(error.description)")
        } catch let error as BoundsError {
            printError("lth: error: \(error.description)")
        } catch let error as DataError {
            printError("lth: error: \(error.description)")
        } catch let error as RunDirectoryError {
            printError("lth: error: \(error.description)")
        } catch let error as NPYError {
            printError("lth: error: \(error.description)")
        } catch let error as GreedySelectionError {
            printError("lth: error: \(error.description)")
        } catch let error as PruningError {
            printError("lth: error: \(error.description)")
        } catch let error as SubsetSumError {
            printError("lth: error: \(error.description)")
        } catch let error as CheckerError {
            printError("lth: error: \(error.description)")
        } catch let error as TrainingError {
            printError("lth: error: \(error.description)")
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is ExitCode || error is CleanExit {
                exit(withError: error)
            }
            // Argument-parser errors: its one-line message, without the usage block.
            printError("lth: error: \(message(for: error)) (see 'lth \(arguments.first.map { $0.hasPrefix("-") ? "" : $0 } ?? "") --help')"
                .replacingOccurrences(of: "'lth  --help'", with: "'lth --help'"))
        }
        Foundation.exit(badInputExitCode)
    }
}
