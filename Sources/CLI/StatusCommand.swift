import ArgumentParser
import Checker
import Foundation

/// `lth status DIR [--resubmit-failed]`: where the cells of a Slurm sweep stand.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the cells of a Slurm run (done, running, pending, failed); resubmit the missing ones.",
        discussion: """
            Reads DIR/slurm (written by 'lth check|reproduce|rewinding ... --out DIR --slurm'): a \
            cell is done when its unit is in DIR/units; running while a live process holds its lock \
            (DIR/units/NAME.lock) or squeue reports its task running; pending while squeue lists \
            its task waiting; failed when its task left the queue without writing the cell (sacct's \
            final state is shown when the cluster keeps accounting; when accounting is off this is \
            said) or its lock's holder is gone. --resubmit-failed submits exactly the failed and \
            never-submitted cells again as an array with that index list, and a new collect job \
            after it.

            Examples:
              lth status runs/demo
              lth status runs/demo --resubmit-failed
            """)

    @Argument(help: "The output folder of a --slurm run.")
    var folder: String

    @Flag(name: .customLong("resubmit-failed"), help: "Resubmit the failed (and never submitted) cells as one array, with a new collect job after it.")
    var resubmitFailed = false

    @Option(name: .customLong("array-limit"), help: SlurmOptions.arrayLimitHelp)
    var arrayLimit: Int?

    func run() throws {
        if let arrayLimit, arrayLimit < 1 { throw UsageError("invalid value \(arrayLimit) for --array-limit: expected an integer >= 1") }
        if arrayLimit != nil && !resubmitFailed { throw UsageError("--array-limit needs --resubmit-failed (it limits the resubmitted array)") }
        let array = SlurmArray(outputFolder: URL(fileURLWithPath: folder))
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageError("\(folder): no such folder (allowed: the --out folder of a --slurm run)")
        }
        do {
            let submissions = array.submissions()
            let jobs = submissions.flatMap { [$0.arrayJob] + ($0.collectJob.map { [$0] } ?? []) }
            let scheduler = submissions.isEmpty ? SchedulerView(queue: [:], accounting: [:]) : SlurmCommands.view(jobs: jobs)
            let statuses = try array.status(scheduler: scheduler)
            var text = "lth status: \(folder): \(statuses.count) cells: \(CellStatus.summary(statuses))\n"
            if submissions.isEmpty { text += "not submitted (a --dry-run folder): see \(array.arrayScriptURL.path)\n" }
            for submission in submissions {
                let collect = submission.collectJob.map { id in
                    let state = scheduler.queue?[id] ?? scheduler.accounting?[id] ?? (scheduler.queue == nil ? "state unknown" : "ended")
                    return ", collect job \(id) \(state)"
                } ?? ""
                text += "array job \(submission.arrayJob) (tasks \(SlurmScript.arraySpec(submission.indices, limit: nil)), \(submission.submitted))\(collect)\n"
            }
            if !submissions.isEmpty {
                if let problem = scheduler.queueProblem { text += "squeue: \(problem)\n" }
                if let problem = scheduler.accountingProblem {
                    text += "\(problem); a task that left the queue without its cell file is counted as failed, without its final state\n"
                }
            }
            for status in statuses where status.state != .done {
                text += "  \(status.cell.index)\t\(status.cell.name)\t\(status.state.rawValue)\(status.detail.isEmpty ? "" : "\t" + status.detail)\n"
            }
            emit(text)
            guard resubmitFailed else { return }
            let missing = statuses.filter { $0.state == .failed || $0.state == .notSubmitted }
            guard !missing.isEmpty else {
                emit("nothing to resubmit: no cell is failed or unsubmitted\n")
                return
            }
            // Stale locks of failed cells are removed so the new tasks do not wait on them.
            for status in missing {
                let lock = array.unitsURL.appendingPathComponent(status.cell.lockName)
                if FileManager.default.fileExists(atPath: lock.path) { try? FileManager.default.removeItem(at: lock) }
            }
            let submission = try array.submit(indices: missing.map(\.cell.index), limit: arrayLimit ?? array.previousArrayLimit())
            emit("resubmitted \(missing.count) \(missing.count == 1 ? "cell" : "cells") as array job \(submission.arrayJob) (tasks \(SlurmScript.arraySpec(submission.indices, limit: nil))), collect job \(submission.collectJob ?? "-") after it\n")
        } catch let error as SweepError {
            throw SlurmOptions.commandError(error)
        }
    }
}
