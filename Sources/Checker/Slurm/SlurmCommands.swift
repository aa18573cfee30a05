import Foundation

/// Slurm's command-line tools, run as child processes found on PATH: `sbatch --parsable` to
/// submit, `squeue` for the tasks waiting or running, `sacct` for the final state of tasks that
/// left the queue (only when the cluster keeps accounting).
public enum SlurmCommands {
    /// The output of a finished program, or nil when `program` is not on PATH.
    public static func run(_ program: String, _ arguments: [String]) -> (status: Int32, stdout: String, stderr: String)? {
        guard let path = executable(program) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { return nil }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    /// The full path of `program` on PATH, or nil.
    public static func executable(_ program: String) -> String? {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Submits with `sbatch --parsable ARGUMENTS` and returns the job id (the part before any
    /// ";cluster"). - Throws: `SweepError.scheduler` with sbatch's message.
    public static func submit(_ arguments: [String]) throws -> String {
        let line = (["sbatch"] + arguments).joined(separator: " ")
        guard let result = run("sbatch", arguments) else {
            throw SweepError.scheduler(command: line, reason: "sbatch is not on PATH (install Slurm's client commands or run on a login node)")
        }
        let id = result.stdout.split(separator: "\n").first.map { String($0.split(separator: ";")[0]).trimmingCharacters(in: .whitespaces) } ?? ""
        guard result.status == 0, !id.isEmpty, id.allSatisfy(\.isNumber) else {
            let reason = result.stderr.split(separator: "\n").first.map(String.init) ?? "exit status \(result.status)"
            throw SweepError.scheduler(command: line, reason: reason)
        }
        return id
    }

    /// What squeue and sacct say about the tasks of `jobs` (array job ids).
    public static func view(jobs: [String]) -> SchedulerView {
        guard !jobs.isEmpty else { return SchedulerView(queue: [:], accounting: [:]) }
        var view = SchedulerView(queue: nil, accounting: nil)
        let list = jobs.joined(separator: ",")
        // One line per task (-r expands pending arrays): "12_3|RUNNING".
        if let result = run("squeue", ["-h", "-r", "-o", "%i|%T", "-j", list]) {
            if result.status == 0 || result.stderr.contains("Invalid job id") {
                view.queue = parse(result.status == 0 ? result.stdout : "")
            } else {
                view.queueProblem = "squeue failed: " + (result.stderr.split(separator: "\n").first.map(String.init) ?? "exit status \(result.status)")
            }
        } else {
            view.queueProblem = "squeue is not on PATH"
        }
        if let result = run("sacct", ["-n", "-P", "-X", "-o", "JobID,State", "-j", list]) {
            if result.status == 0 {
                view.accounting = parse(result.stdout)
            } else {
                let message = result.stderr.split(separator: "\n").first.map(String.init) ?? "exit status \(result.status)"
                view.accountingProblem = message.lowercased().contains("accounting storage is disabled")
                    ? "Slurm accounting is off on this cluster (sacct: \(message.replacingOccurrences(of: "sacct: error: ", with: "")))"
                    : "sacct failed: \(message)"
            }
        } else {
            view.accountingProblem = "sacct is not on PATH"
        }
        return view
    }

    /// "ID|STATE" lines to a dictionary; sacct's "CANCELLED by 0" keeps its first word.
    static func parse(_ text: String) -> [String: String] {
        var states: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false)
            guard fields.count >= 2 else { continue }
            states[String(fields[0]).trimmingCharacters(in: .whitespaces)] = String(fields[1].split(separator: " ").first ?? "")
        }
        return states
    }
}
