import ArgumentParser
import Checker
import Engine

extension DataBoundsError: ReportedError {
    var exitStatus: Int32 { badInputExitCode }

    /// The one line of `lth bounds --data`: the flag that takes a seeded subset.
    func commandLineDescription(in command: (any ParsableCommand.Type)?) -> String {
        switch self {
        case let .gramTooLarge(samples, neededBytes, largest):
            return "the data has m = \(samples) points; Hinf would need \(MemoryEstimate.format(neededBytes)): pass --samples m <= \(largest) for a seeded subset"
        }
    }
}
