import ArgumentParser
import Bounds
import Checker
import Engine
import Foundation

/// The exit status for a runtime failure: the input was fine but the run could not finish
/// (disk full, permission denied, training divergence, a numerical failure, a violated bound).
let runtimeFailureExitCode: Int32 = 1

/// An error `lth` reports as one line `lth: error: DESCRIPTION`, with its exit status:
/// `badInputExitCode` (2) for bad input (a flag, a file, a configuration value, an output
/// folder that is busy or not ours, a size above --max-memory), `runtimeFailureExitCode` (1)
/// for a failure of the run itself.
protocol ReportedError: Error, CustomStringConvertible {
    var exitStatus: Int32 { get }
    /// The one line for the command line: an invalid parameter named by the flag of the
    /// subcommand `command` (see `EngineParameter+Flag`); the library's description otherwise.
    func commandLineDescription(in command: (any ParsableCommand.Type)?) -> String
}

extension ReportedError {
    func commandLineDescription(in command: (any ParsableCommand.Type)?) -> String { description }
}

extension UsageError: ReportedError { var exitStatus: Int32 { badInputExitCode } }
extension BoundsError: ReportedError {
    /// A special function that fails to converge (GSL) is a failure of the computation, not of the input.
    var exitStatus: Int32 {
        if case .numerical = self { return runtimeFailureExitCode }
        return badInputExitCode
    }
}
extension DataError: ReportedError { var exitStatus: Int32 { badInputExitCode } }
extension RunDirectoryError: ReportedError { var exitStatus: Int32 { badInputExitCode } }
extension NPYError: ReportedError { var exitStatus: Int32 { badInputExitCode } }
extension GreedySelectionError: ReportedError { var exitStatus: Int32 { badInputExitCode } }
extension PruningError: ReportedError { var exitStatus: Int32 { badInputExitCode } }
extension SubsetSumError: ReportedError { var exitStatus: Int32 { badInputExitCode } }
extension PaperExperimentError: ReportedError { var exitStatus: Int32 { badInputExitCode } }
extension ExperimentError: ReportedError { var exitStatus: Int32 { badInputExitCode } }

extension OutputError: ReportedError {
    var exitStatus: Int32 { isBadInput ? badInputExitCode : runtimeFailureExitCode }
}

extension CheckerError: ReportedError {
    var exitStatus: Int32 {
        if case .unwritable = self { return runtimeFailureExitCode }
        return badInputExitCode
    }
}

extension ExportError: ReportedError {
    var exitStatus: Int32 {
        switch self {
        case .unwritable, .compileFailed: return runtimeFailureExitCode
        default: return badInputExitCode
        }
    }
}

extension TrainingError: ReportedError {
    var exitStatus: Int32 {
        if case .invalidArgument = self { return badInputExitCode }
        return runtimeFailureExitCode
    }
}

extension LTH {
    /// The one line and the exit status for an error that is not the argument parser's: the
    /// `ReportedError`s, and file-system errors of Foundation (runtime failures); nil otherwise.
    static func report(_ error: any Error, in command: (any ParsableCommand.Type)? = nil) -> (line: String, status: Int32)? {
        if let error = error as? any ReportedError { return ("lth: error: \(error.commandLineDescription(in: command))", error.exitStatus) }
        let bridged = error as NSError
        if bridged.domain == NSCocoaErrorDomain || bridged.domain == NSPOSIXErrorDomain {
            return ("lth: error: \(error.localizedDescription)", runtimeFailureExitCode)
        }
        return nil
    }
}

extension GreedyPruningError: ReportedError {
    var exitStatus: Int32 { isBadInput ? badInputExitCode : runtimeFailureExitCode }
}
