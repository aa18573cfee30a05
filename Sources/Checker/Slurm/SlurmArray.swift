import Engine
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A sweep handed to Slurm as a job array, kept in `<out>/slurm/`:
/// - `array.sh`: the array script, task i computes cell i (`SlurmScript`);
/// - `collect.sh`: the final job, submitted with `--dependency=afterany:<array job>`, which
///   builds the report once every cell exists;
/// - `cells.tsv`: "index<TAB>name" per cell (what `lth status` reads);
/// - `submissions.json`: every submission (array job id, its indices, its concurrency limit,
///   the collect job id, time);
/// - `logs/`: one log per task, `%A_%a.out` (array job id, task index), and `collect_%j.out`.
/// The cells themselves are units in `<out>/units/` as for a local run.
public struct SlurmArray: Sendable {
    /// The sub-folder of the output folder.
    public static let folderName = "slurm"

    /// One submission of the array (the first, or a resubmission of missing cells).
    public struct Submission: Sendable, Codable, Equatable {
        public var arrayJob: String
        public var indices: [Int]
        public var collectJob: String?
        /// ISO 8601, UTC.
        public var submitted: String
        /// The number of its tasks allowed to run at once (`%N`), or nil for no limit (also in
        /// records written before the limit was recorded).
        public var arrayLimit: Int?

        public init(arrayJob: String, indices: [Int], collectJob: String?, submitted: String, arrayLimit: Int? = nil) {
            self.arrayJob = arrayJob
            self.indices = indices
            self.collectJob = collectJob
            self.submitted = submitted
            self.arrayLimit = arrayLimit
        }
    }

    /// The resources of every task.
    public struct Resources: Sendable, Equatable {
        /// The job name (`lth-check`, ...).
        public var jobName: String
        public var cpusPerTask: Int
        /// The memory request per task in MiB (`--mem`).
        public var memoryMiB: Int
        /// The time limit per task (Slurm's forms: minutes, MM:SS, HH:MM:SS, D-HH[:MM[:SS]]), or nil for the partition's default.
        public var time: String?
        /// The number of tasks running at once (`%N` of `--array`), or nil for no limit.
        public var arrayLimit: Int?
        /// Further sbatch options (key without dashes, value), e.g. ("partition", "cpu"); a key
        /// equal to job-name, cpus-per-task or mem replaces that directive.
        public var extra: [(key: String, value: String)]

        public init(jobName: String, cpusPerTask: Int, memoryMiB: Int, time: String?, arrayLimit: Int?, extra: [(key: String, value: String)]) {
            self.jobName = jobName
            self.cpusPerTask = cpusPerTask
            self.memoryMiB = memoryMiB
            self.time = time
            self.arrayLimit = arrayLimit
            self.extra = extra
        }

        public static func == (a: Resources, b: Resources) -> Bool {
            a.jobName == b.jobName && a.cpusPerTask == b.cpusPerTask && a.memoryMiB == b.memoryMiB && a.time == b.time
                && a.arrayLimit == b.arrayLimit && a.extra.map { "\($0.key)=\($0.value)" } == b.extra.map { "\($0.key)=\($0.value)" }
        }

        /// The directives shared by both scripts: job name, cpus, memory, time, then the extra
        /// options (replacing a directive of the same key in place).
        func directives(jobNameSuffix: String) -> [(key: String, value: String)] {
            var list: [(key: String, value: String)] = [("job-name", jobName + jobNameSuffix), ("cpus-per-task", "\(cpusPerTask)"),
                                                        ("mem", "\(memoryMiB)M")]
            if let time { list.append(("time", time)) }
            for (key, value) in extra {
                if let i = list.firstIndex(where: { $0.key == key }) {
                    list[i].value = key == "job-name" ? value + jobNameSuffix : value
                } else {
                    list.append((key, value))
                }
            }
            return list
        }
    }

    /// The sweep's output folder.
    public let outputFolder: URL

    public init(outputFolder: URL) { self.outputFolder = outputFolder }

    public var folder: URL { outputFolder.appendingPathComponent(Self.folderName) }
    public var arrayScriptURL: URL { folder.appendingPathComponent("array.sh") }
    public var collectScriptURL: URL { folder.appendingPathComponent("collect.sh") }
    public var cellListURL: URL { folder.appendingPathComponent("cells.tsv") }
    public var submissionsURL: URL { folder.appendingPathComponent("submissions.json") }
    public var logsURL: URL { folder.appendingPathComponent("logs") }
    /// The folder of the finished cells (units) and their locks.
    public var unitsURL: URL { outputFolder.appendingPathComponent(ExperimentUnits.folderName) }

    /// The array script: task i runs `command + cellArguments + [i]` in `workingDirectory`, with
    /// OpenBLAS on the task's CPUs, logging to `logs/%A_%a.out`.
    public func arrayScript(cellCount: Int, resources: Resources, workingDirectory: String, command: [String],
                            cellArguments: [String]) -> SlurmScript {
        var directives = resources.directives(jobNameSuffix: "")
        directives.insert(("array", SlurmScript.arraySpec(Array(0..<cellCount), limit: resources.arrayLimit)), at: 1)
        directives.append(("output", logsURL.appendingPathComponent("%A_%a.out").path))
        return SlurmScript(
            directives: directives,
            comments: ["lth: one task per cell of \(outputFolder.path) (\(cellCount) cells; task i computes the cell on line i + 1 of \(cellListURL.lastPathComponent))",
                       "A resubmission of the failed cells overrides --array on the sbatch command line."],
            workingDirectory: workingDirectory, command: command + cellArguments, trailingShellWords: ["\"$SLURM_ARRAY_TASK_ID\""],
            environment: [("OPENBLAS_NUM_THREADS", "\"${SLURM_CPUS_PER_TASK:-1}\"")])
    }

    /// The collect script: `command + collectArguments` once, logging to `logs/collect_%j.out`.
    public func collectScript(resources: Resources, workingDirectory: String, command: [String], collectArguments: [String]) -> SlurmScript {
        var directives = resources.directives(jobNameSuffix: "-collect")
        directives.append(("output", logsURL.appendingPathComponent("collect_%j.out").path))
        return SlurmScript(
            directives: directives,
            comments: ["lth: builds the report of \(outputFolder.path) from its finished cells (submitted with --dependency=afterany:<array job>)"],
            workingDirectory: workingDirectory, command: command + collectArguments,
            environment: [("OPENBLAS_NUM_THREADS", "\"${SLURM_CPUS_PER_TASK:-1}\"")])
    }

    /// Writes both scripts (executable), the cell list and the logs folder; keeps earlier submissions.
    public func write(cells: [SweepCell], array: SlurmScript, collect: SlurmScript) throws {
        do {
            try FileManager.default.createDirectory(at: logsURL, withIntermediateDirectories: true)
        } catch {
            throw SweepError.unwritable(path: logsURL.path, reason: error.localizedDescription)
        }
        try Self.write(array.text, to: arrayScriptURL, mode: 0o755)
        try Self.write(collect.text, to: collectScriptURL, mode: 0o755)
        try Self.write(cells.map { "\($0.index)\t\($0.name)\n" }.joined(), to: cellListURL, mode: 0o644)
    }

    /// The sbatch arguments of the array (all cells: the script's own --array; a subset: an
    /// --array override listing exactly those indices, with the script's concurrency limit).
    public func arrayArguments(indices: [Int]?, limit: Int?) -> [String] {
        var arguments = ["--parsable"]
        if let indices { arguments.append("--array=" + SlurmScript.arraySpec(indices, limit: limit)) }
        return arguments + [arrayScriptURL.path]
    }

    /// The sbatch arguments of the collect job after the array job `jobID` (any end state).
    public func collectArguments(after jobID: String) -> [String] {
        ["--parsable", "--dependency=afterany:\(jobID)", collectScriptURL.path]
    }

    /// Submits the array (all cells, or `indices`) and its collect job, and records the submission
    /// with its concurrency limit (all cells: the array script's; a subset: `limit`).
    public func submit(indices: [Int]?, limit: Int?) throws -> Submission {
        let cells = try cellList()
        let arrayJob = try SlurmCommands.submit(arrayArguments(indices: indices, limit: limit))
        let collectJob = try SlurmCommands.submit(collectArguments(after: arrayJob))
        let submission = Submission(arrayJob: arrayJob, indices: indices ?? cells.map(\.index), collectJob: collectJob,
                                    submitted: ISO8601DateFormatter().string(from: Date()),
                                    arrayLimit: indices == nil ? arrayLimit() : limit)
        try record(submission)
        return submission
    }

    /// Appends a submission to `submissions.json`.
    public func record(_ submission: Submission) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let list = submissions() + [submission]
        try Self.write(String(decoding: (try? encoder.encode(list)) ?? Data(), as: UTF8.self) + "\n", to: submissionsURL, mode: 0o644)
    }

    /// The recorded submissions, oldest first (none when the folder was only prepared).
    public func submissions() -> [Submission] {
        guard let data = FileManager.default.contents(atPath: submissionsURL.path) else { return [] }
        return (try? JSONDecoder().decode([Submission].self, from: data)) ?? []
    }

    /// The cells of `cells.tsv`. - Throws: `SweepError.notASlurmFolder` when it is missing or malformed.
    public func cellList() throws -> [SweepCell] {
        guard let data = FileManager.default.contents(atPath: cellListURL.path) else {
            throw SweepError.notASlurmFolder(folder: outputFolder.path, reason: "it has no \(Self.folderName)/\(cellListURL.lastPathComponent) (written when a sweep is submitted to Slurm or its submission is dry-run)")
        }
        var cells: [SweepCell] = []
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
            let fields = line.split(separator: "\t")
            guard fields.count == 2, let index = Int(fields[0]), index == number, !fields[1].contains("/") else {
                throw SweepError.notASlurmFolder(folder: outputFolder.path, reason: "line \(number + 1) of \(cellListURL.path) is not 'INDEX<TAB>NAME' with index \(number)")
            }
            cells.append(SweepCell(index: index, name: String(fields[1])))
        }
        return cells
    }

    /// The Slurm task of each cell's latest submission ("JOBID_INDEX").
    public func latestTasks() -> [Int: String] {
        var tasks: [Int: String] = [:]
        for submission in submissions() {
            for index in submission.indices { tasks[index] = "\(submission.arrayJob)_\(index)" }
        }
        return tasks
    }

    /// The concurrency limit of the folder's latest submission (`submissions.json`), the default
    /// of the next one; nil when nothing was submitted yet or the latest had no limit. A record
    /// written before limits were recorded counts with the array script's limit.
    public func previousArrayLimit() -> Int? {
        guard let latest = submissions().last else { return nil }
        return latest.arrayLimit ?? arrayLimit()
    }

    /// The concurrency limit of the array script's `--array` directive ("%N"), or nil.
    public func arrayLimit() -> Int? {
        guard let data = FileManager.default.contents(atPath: arrayScriptURL.path) else { return nil }
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("#SBATCH --array=") }
        return line?.split(separator: "%").last.flatMap { $0.contains("=") ? nil : Int($0) }
    }

    /// Every cell's state from the units in `units/` and `scheduler`.
    public func status(scheduler: SchedulerView) throws -> [CellStatus] {
        let cells = try cellList()
        let manager = FileManager.default
        var finished: Set<String> = [], locks: [String: CellLock.Holder?] = [:]
        for cell in cells {
            if manager.fileExists(atPath: unitsURL.appendingPathComponent(cell.fileName).path) { finished.insert(cell.name) }
            let lock = unitsURL.appendingPathComponent(cell.lockName)
            if manager.fileExists(atPath: lock.path) { locks[cell.name] = .some(CellLock.holder(at: lock)) }
        }
        return CellStatus.classify(cells: cells, finished: finished, locks: locks, tasks: latestTasks(), scheduler: scheduler,
                                   host: CellLock.hostName, isAlive: Self.processExists)
    }

    /// kill(pid, 0) on this host: true unless the process does not exist.
    public static func processExists(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    static func write(_ text: String, to url: URL, mode: Int) throws {
        do {
            try AtomicFile.write(Data(text.utf8), to: url)
        } catch let error as CheckerError {
            throw SweepError.unwritable(path: url.path, reason: error.description)
        }
        chmod(url.path, mode_t(mode))
    }
}
