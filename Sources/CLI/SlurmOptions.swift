import ArgumentParser
import Checker
import Foundation

/// The Slurm options of `lth check`, `lth reproduce` and `lth rewinding` (an option group):
/// `--slurm` hands the sweep's cells to Slurm as a job array and returns; each array task runs
/// the same command with `--cell INDEX`; the final job runs it with `--collect`.
struct SlurmOptions: ParsableArguments {
    @Flag(name: .customLong("slurm"), help: "Submit the cells as a Slurm job array (one task per cell, OUT/slurm/array.sh) and a final job that collects the report, then return (see 'lth status OUT').")
    var slurm = false

    @Option(name: .customLong("slurm-option"), help: ArgumentHelp("With --slurm: an sbatch option for every task, e.g. partition=cpu, account=mylab, qos=long, mem=8G, cpus-per-task=4 (repeat the flag for several).", valueName: "KEY=VALUE"))
    var slurmOptions: [String] = []

    @Option(name: .customLong("array-limit"), help: SlurmOptions.arrayLimitHelp)
    var arrayLimit: Int?

    /// The help of --array-limit, the same in `lth status` (the default: the limit recorded with
    /// the folder's latest submission, `SlurmArray.previousArrayLimit`).
    static let arrayLimitHelp = ArgumentHelp("At most N tasks of the array run at once (with --slurm, or lth status --resubmit-failed) (default: the limit of the folder's previous submission; none for a first submission).", valueName: "N")

    @Option(name: .customLong("time"), help: ArgumentHelp("With --slurm: the time limit of each task: minutes, MM:SS, HH:MM:SS or D-HH[:MM[:SS]] (default: the partition's).", valueName: "LIMIT"))
    var time: String?

    @Flag(name: .customLong("dry-run"), help: "With --slurm: write OUT/slurm and print the sbatch commands instead of submitting them.")
    var dryRun = false

    @Option(name: .customLong("cell"), help: ArgumentHelp("Compute only cell INDEX (0-based, OUT/slurm/cells.tsv) into OUT/units, under a per-cell lock: what each array task runs.", valueName: "INDEX"))
    var cell: Int?

    @Flag(name: .customLong("collect"), help: "Build the report from the finished cells only, failing (exit 1) with the missing cells named: what the final job of --slurm runs.")
    var collect = false

    /// sbatch options that the tool sets itself (or that have their own flag).
    static let reservedKeys: [String: String] = [
        "array": "--array-limit for the concurrency, lth status --resubmit-failed for a subset",
        "time": "--time", "output": "none (logs go to OUT/slurm/logs)", "error": "none (logs go to OUT/slurm/logs)",
        "dependency": "none (the collect job depends on the array)", "parsable": "none", "wrap": "none", "chdir": "none",
    ]

    /// Checks the combination of flags; bad input throws `UsageError`.
    func validate() throws {
        let modes = [slurm ? "--slurm" : nil, cell != nil ? "--cell" : nil, collect ? "--collect" : nil].compactMap { $0 }
        if modes.count > 1 { throw UsageError("\(modes.joined(separator: " and ")) exclude each other (give one)") }
        if !slurm {
            let stray = [!slurmOptions.isEmpty ? "--slurm-option" : nil, arrayLimit != nil ? "--array-limit" : nil,
                         time != nil ? "--time" : nil, dryRun ? "--dry-run" : nil].compactMap { $0 }
            if let first = stray.first { throw UsageError("\(first) needs --slurm (it sets how the cells are submitted)") }
        }
        if let cell, cell < 0 { throw UsageError("invalid value \(cell) for --cell: expected a cell index >= 0") }
        if let arrayLimit, arrayLimit < 1 { throw UsageError("invalid value \(arrayLimit) for --array-limit: expected an integer >= 1") }
        if let time, !Self.isTimeLimit(time) {
            throw UsageError("invalid value '\(time)' for --time: expected minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS, or UNLIMITED (a Slurm time limit)")
        }
        _ = try extraOptions()
    }

    /// The --slurm-option pairs, checked: KEY=VALUE with a long sbatch option name as KEY.
    func extraOptions() throws -> [(key: String, value: String)] {
        try slurmOptions.map { text in
            guard let equals = text.firstIndex(of: "=") else {
                throw UsageError("invalid value '\(text)' for --slurm-option: expected an sbatch long option without dashes and its value, e.g. partition=cpu (KEY=VALUE)")
            }
            let key = String(text[..<equals]), value = String(text[text.index(after: equals)...])
            guard let first = key.first, first.isLetter, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }),
                  !value.isEmpty, !value.contains("\n") else {
                throw UsageError("invalid value '\(text)' for --slurm-option: expected an sbatch long option without dashes and a non-empty value, e.g. partition=cpu (KEY=VALUE)")
            }
            if let instead = Self.reservedKeys[key] {
                throw UsageError("--slurm-option: '\(key)' is set by lth itself (allowed instead: \(instead))")
            }
            return (key, value)
        }
    }

    /// Slurm's time formats: "minutes", "minutes:seconds", "hours:minutes:seconds", "days-hours",
    /// "days-hours:minutes", "days-hours:minutes:seconds", or UNLIMITED / INFINITE.
    static func isTimeLimit(_ text: String) -> Bool {
        if ["UNLIMITED", "INFINITE"].contains(text.uppercased()) { return true }
        func numbers(_ part: Substring, _ counts: ClosedRange<Int>) -> Bool {
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            return counts.contains(fields.count) && fields.allSatisfy { !$0.isEmpty && $0.count <= 6 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
        }
        let dash = text.split(separator: "-", omittingEmptySubsequences: false)
        switch dash.count {
        case 1: return numbers(dash[0], 1...3)
        case 2: return numbers(dash[0], 1...1) && numbers(dash[1], 1...3)
        default: return false
        }
    }

    /// Runs the Slurm part of a sweep command before its local code. Returns true when the
    /// command is finished (submitted, or one cell computed); false when the command goes on as
    /// locally: without Slurm flags, or with --collect once every cell exists (the local run then
    /// reuses all of them, so its report is the report of a local run).
    /// - Parameters:
    ///   - sweep: the validated sweep of the command's configuration.
    ///   - jobName: "lth-check", ...
    func handle(_ sweep: some CellSweep, jobName: String, outputFolder: URL) throws -> Bool {
        try validate()
        do {
            if slurm {
                try submit(sweep, jobName: jobName, outputFolder: outputFolder)
                return true
            }
            if let cell {
                try runCell(cell, of: sweep)
                return true
            }
            if collect {
                try sweep.prepare()
                let missing = sweep.missingCells()
                if !missing.isEmpty { throw SweepError.cellsMissing(folder: sweep.unitsFolder.path, names: missing.map(\.name)) }
            }
            return false
        } catch let error as SweepError {
            throw Self.commandError(error)
        } catch let error as PaperExperimentError {
            throw UsageError(error.description)
        }
    }

    /// Bad input becomes a `UsageError` (exit 2); a runtime failure is printed and exits 1.
    static func commandError(_ error: SweepError) -> Error {
        switch error {
        case .noSuchCell, .notASlurmFolder: return UsageError(error.description)
        default:
            printError("lth: error: \(error.description)")
            return ExitCode(1)
        }
    }

    /// Validates and claims the output folder, writes OUT/slurm and submits (or prints) the jobs.
    func submit(_ sweep: some CellSweep, jobName: String, outputFolder: URL) throws {
        try sweep.prepare()
        let cells = sweep.cells
        let array = SlurmArray(outputFolder: outputFolder)
        let memoryMiB = (sweep.cellMemoryEstimate + (1 << 20) - 1) >> 20
        let limit = arrayLimit ?? array.previousArrayLimit()
        let resources = SlurmArray.Resources(jobName: jobName, cpusPerTask: 1, memoryMiB: memoryMiB, time: time,
                                             arrayLimit: limit, extra: try extraOptions())
        let command = [Self.executablePath] + Self.taskArguments(Array(CommandLine.arguments.dropFirst()))
        let directory = FileManager.default.currentDirectoryPath
        try array.write(cells: cells,
                        array: array.arrayScript(cellCount: cells.count, resources: resources, workingDirectory: directory,
                                                 command: command, cellArguments: ["--cell"]),
                        collect: array.collectScript(resources: resources, workingDirectory: directory, command: command,
                                                     collectArguments: ["--collect"]))
        emit("lth: \(cells.count) cells, \(memoryMiB) MiB per task (estimate); scripts in \(array.folder.path)\n")
        if dryRun {
            let first = (["sbatch"] + array.arrayArguments(indices: nil, limit: nil)).map(SlurmScript.quote).joined(separator: " ")
            let second = (["sbatch"] + array.collectArguments(after: "JOBID")).map(SlurmScript.quote).joined(separator: " ")
            emit("dry run, nothing submitted; to submit:\n  \(first)\n  \(second)   # JOBID: the number the first command prints\n")
            return
        }
        let submission = try array.submit(indices: nil, limit: nil)
        emit("submitted array job \(submission.arrayJob) (tasks \(SlurmScript.arraySpec(submission.indices, limit: limit))) and collect job \(submission.collectJob ?? "-") (after it)\n")
        emit("logs: \(array.logsURL.path); progress: lth status \(SlurmScript.quote(outputFolder.path))\n")
    }

    /// Computes one cell under its lock (a stale lock of a killed task is taken over), or says
    /// that it is kept.
    func runCell(_ index: Int, of sweep: some CellSweep) throws {
        let computed = try sweep.runCell(index) { emit("  " + $0 + "\n") }
        if !computed, index < sweep.cells.count { emit("cell \(index) (\(sweep.cells[index].name)): kept from an earlier run\n") }
    }

    /// The command line of the tasks: this one without the submission flags (--slurm,
    /// --slurm-option, --array-limit, --time, --dry-run, in either `--flag value` or `--flag=value` form).
    static func taskArguments(_ arguments: [String]) -> [String] {
        let switches: Set<String> = ["--slurm", "--dry-run"]
        let valued: Set<String> = ["--slurm-option", "--array-limit", "--time"]
        var kept: [String] = [], skipNext = false
        for argument in arguments {
            if skipNext { skipNext = false; continue }
            if argument == "--" { kept.append(argument); continue }
            if switches.contains(argument) { continue }
            if valued.contains(argument) { skipNext = true; continue }
            if let name = argument.split(separator: "=", maxSplits: 1).first, valued.contains(String(name)), argument.contains("=") { continue }
            kept.append(argument)
        }
        return kept
    }

    /// The absolute path of the running lth binary.
    static var executablePath: String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        let first = CommandLine.arguments.first ?? "lth"
        return URL(fileURLWithPath: first).standardizedFileURL.path
    }
}
