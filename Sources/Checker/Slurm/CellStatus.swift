/// Where one cell of a Slurm sweep stands, from the units in `units/` and what Slurm says.
public enum CellState: String, Sendable, Equatable, CaseIterable {
    /// Its result file exists.
    case done
    /// A live process holds its lock, or Slurm runs its task.
    case running
    /// Its task waits in Slurm's queue.
    case pending
    /// Its task left the queue (or its lock's holder is gone) without writing the result.
    case failed
    /// No submission included it (a `--dry-run` folder).
    case notSubmitted = "not submitted"
    /// Neither the files nor Slurm tell (squeue cannot be asked).
    case unknown
}

/// What Slurm's own tools report about the tasks of a sweep: `queue` from squeue (task id
/// "JOBID_INDEX" -> state, e.g. PENDING, RUNNING; nil when squeue could not be asked, with
/// `queueProblem` saying why), `accounting` from sacct (task id -> final state such as FAILED,
/// CANCELLED, TIMEOUT, OUT_OF_MEMORY, COMPLETED; nil when accounting is off or sacct failed, with
/// `accountingProblem` saying why).
public struct SchedulerView: Sendable, Equatable {
    public var queue: [String: String]?
    public var queueProblem: String?
    public var accounting: [String: String]?
    public var accountingProblem: String?

    public init(queue: [String: String]?, queueProblem: String? = nil, accounting: [String: String]?, accountingProblem: String? = nil) {
        self.queue = queue
        self.queueProblem = queueProblem
        self.accounting = accounting
        self.accountingProblem = accountingProblem
    }

    /// Nothing known (no Slurm tools).
    public static let unavailable = SchedulerView(queue: nil, queueProblem: "squeue is not available", accounting: nil,
                                                  accountingProblem: "sacct is not available")

    /// Squeue states of a task that has not started.
    static let waiting: Set<String> = ["PENDING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "SUSPENDED", "RESV_DEL_HOLD"]
}

/// The state of one cell and the reason shown beside it.
public struct CellStatus: Sendable, Equatable {
    public var cell: SweepCell
    public var state: CellState
    /// A short reason ("task 12_3 RUNNING", "task 12_3 CANCELLED (sacct)", "stale lock of pid 7 on n1").
    public var detail: String

    public init(cell: SweepCell, state: CellState, detail: String) {
        self.cell = cell
        self.state = state
        self.detail = detail
    }

    /// Classifies every cell, in this order of evidence:
    /// 1. its result file exists: done;
    /// 2. its lock exists: running when the holder is alive (`CellLiveness`), failed (stale lock)
    ///    when it is known to be gone;
    /// 3. the task of its latest submission ("JOBID_INDEX", `tasks`): running or pending as
    ///    squeue reports it; when squeue no longer lists it, failed, with sacct's final state
    ///    when accounting is on; unknown when squeue cannot be asked;
    /// 4. no submission included it: not submitted.
    /// - Parameters:
    ///   - finished: names of the cells whose result file exists.
    ///   - locks: holders of the existing lock files by cell name (nil: a lock file that is unreadable).
    ///   - tasks: the Slurm task of each cell index's latest submission.
    public static func classify(cells: [SweepCell], finished: Set<String>, locks: [String: CellLock.Holder?],
                                tasks: [Int: String], scheduler: SchedulerView, host: String, isAlive: (Int32) -> Bool) -> [CellStatus] {
        cells.map { cell in
            if finished.contains(cell.name) { return CellStatus(cell: cell, state: .done, detail: "") }
            let task = tasks[cell.index]
            let queued = task.flatMap { scheduler.queue?[$0] }
            if let entry = locks[cell.name] {
                switch CellLiveness.holderState(entry, host: host, queue: scheduler.queue, isAlive: isAlive) {
                case .alive: return CellStatus(cell: cell, state: .running, detail: "locked by \(entry!.description)")
                case .gone(let why): return CellStatus(cell: cell, state: .failed, detail: "stale lock: \(why)")
                case .unknown: return CellStatus(cell: cell, state: .running, detail: "locked by \(entry?.description ?? "an unknown holder") (not verifiable here)")
                }
            }
            guard let task else { return CellStatus(cell: cell, state: .notSubmitted, detail: "") }
            if let queued {
                let state: CellState = SchedulerView.waiting.contains(queued) ? .pending : .running
                return CellStatus(cell: cell, state: state, detail: "task \(task) \(queued)")
            }
            guard scheduler.queue != nil else {
                return CellStatus(cell: cell, state: .unknown, detail: "task \(task); \(scheduler.queueProblem ?? "squeue cannot be asked")")
            }
            if let final = scheduler.accounting?[task] {
                return CellStatus(cell: cell, state: .failed, detail: "task \(task) \(final) (sacct) without its cell file")
            }
            return CellStatus(cell: cell, state: .failed, detail: "task \(task) left the queue without its cell file")
        }
    }

    /// Counts per state, in `CellState.allCases` order, e.g. "3 done, 1 running, 0 pending, 1 failed".
    public static func summary(_ statuses: [CellStatus]) -> String {
        let shown: [CellState] = [.done, .running, .pending, .failed]
        var parts = shown.map { state in "\(statuses.filter { $0.state == state }.count) \(state.rawValue)" }
        for state in [CellState.notSubmitted, .unknown] {
            let n = statuses.filter { $0.state == state }.count
            if n > 0 { parts.append("\(n) \(state.rawValue)") }
        }
        return parts.joined(separator: ", ")
    }
}

/// Whether the holder of a cell lock is still computing.
public enum CellLiveness: Sendable, Equatable {
    case alive
    case gone(String)
    case unknown

    /// On the holder's own host its pid decides (`isAlive`, i.e. kill(pid, 0)); elsewhere its Slurm
    /// task decides when squeue can be asked (listed: alive; not listed: gone); otherwise unknown.
    /// An unreadable lock record is unknown.
    public static func holderState(_ holder: CellLock.Holder?, host: String, queue: [String: String]?,
                                   isAlive: (Int32) -> Bool) -> CellLiveness {
        guard let holder else { return .unknown }
        if holder.host == host {
            return isAlive(holder.pid) ? .alive : .gone("\(holder.description) has exited")
        }
        if let task = holder.task, let queue {
            return queue[task] != nil ? .alive : .gone("\(holder.description) is no longer in Slurm's queue")
        }
        return .unknown
    }
}
