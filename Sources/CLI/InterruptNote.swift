import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A subcommand that says, when Ctrl-C (SIGINT) or SIGTERM stops it, what survives and how to go on.
protocol InterruptNote {
    static var interruptNote: String { get }
}

extension CheckCommand: InterruptNote {
    static var interruptNote: String { "finished cells (one per m and seed) are kept in OUT/units; run the same command again to resume where it stopped" }
}
extension ReproduceCommand: InterruptNote {
    static var interruptNote: String { "finished cells (one per m and seed) are kept in OUT/units; run the same command again to resume where it stopped" }
}
extension RewindingCommand: InterruptNote {
    static var interruptNote: String { "finished cells (one per IMP seed) are kept in OUT/units; run the same command again to resume" }
}
extension IMPCommand: InterruptNote {
    static var interruptNote: String { "finished units (the dense run, every level) are kept in OUT/units; run the same command again to resume" }
}
extension StabilityCommand: InterruptNote {
    static var interruptNote: String { "finished units (the parent run, every copy) are kept in OUT/units; run the same command again to resume" }
}
extension EarlyBirdCommand: InterruptNote {
    static var interruptNote: String { "the neuron scores of every finished checkpoint and the last training state are kept in OUT/units; run the same command again to resume" }
}
extension SweepCommand: InterruptNote {
    static var interruptNote: String { "finished runs (one per width and seed) are kept in OUT/units; run the same command again to resume" }
}
extension TrainCommand: InterruptNote {
    static var interruptNote: String { "the unfinished run is kept as OUT.incomplete (never taken for a finished run); run the same command again to continue from its last checkpoint" }
}

/// The one line written on SIGINT/SIGTERM, prepared before the command runs (a signal handler
/// may only call async-signal-safe functions: write(2) and _exit(2)).
nonisolated(unsafe) private var interruptLine: [UInt8] = []

/// Installs the SIGINT/SIGTERM handler for `command`: one line on standard error ("lth:
/// interrupted; ..." with the command's `interruptNote`, or that nothing half-written is
/// left), then exit status 130.
func installInterruptNote(for command: any ParsableCommand.Type) {
    let note = (command as? any InterruptNote.Type)?.interruptNote
        ?? "files are written whole or not at all, so nothing half-written is left"
    interruptLine = Array("\nlth: interrupted; \(note)\n".utf8)
    let handler: @convention(c) (Int32) -> Void = { _ in
        interruptLine.withUnsafeBytes { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
        _exit(130)
    }
    signal(SIGINT, handler)
    signal(SIGTERM, handler)
}
