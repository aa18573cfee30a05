/// The text of an sbatch batch script: `#SBATCH` directives, then a command run from a fixed
/// working directory. Two kinds are written for a sweep (`SlurmArray`):
/// - the array script: one task per cell; task i runs the sweep's command with the cell option
///   and `$SLURM_ARRAY_TASK_ID`, with OpenBLAS on the task's `--cpus-per-task` threads;
/// - the collect script: one task that builds the report from the finished cells.
/// Directives are written in the order given; every argument of the command is single-quoted for
/// the shell (a quote inside becomes '\'').
public struct SlurmScript: Sendable, Equatable {
    /// sbatch options without the leading dashes, in order, e.g. ("cpus-per-task", "1").
    public var directives: [(key: String, value: String)]
    /// Comment lines (without "# ") placed after the directives.
    public var comments: [String]
    /// The folder the command runs in (the submitting shell's, so relative paths keep their meaning).
    public var workingDirectory: String
    /// The program and its arguments.
    public var command: [String]
    /// Extra shell words appended unquoted (e.g. `"$SLURM_ARRAY_TASK_ID"`).
    public var trailingShellWords: [String]
    /// Environment assignments placed before the command (shell text, unquoted values allowed).
    public var environment: [(name: String, shellValue: String)]

    public init(directives: [(key: String, value: String)], comments: [String], workingDirectory: String, command: [String],
                trailingShellWords: [String] = [], environment: [(name: String, shellValue: String)] = []) {
        self.directives = directives
        self.comments = comments
        self.workingDirectory = workingDirectory
        self.command = command
        self.trailingShellWords = trailingShellWords
        self.environment = environment
    }

    public static func == (a: SlurmScript, b: SlurmScript) -> Bool { a.text == b.text }

    /// The script.
    public var text: String {
        var lines = ["#!/bin/bash"]
        lines += directives.map { "#SBATCH --\($0.key)=\($0.value)" }
        lines += comments.map { "# " + $0 }
        lines.append("set -eu")
        lines += environment.map { "export \($0.name)=\($0.shellValue)" }
        lines.append("cd " + Self.quote(workingDirectory))
        lines.append("exec " + (command.map(Self.quote) + trailingShellWords).joined(separator: " "))
        return lines.joined(separator: "\n") + "\n"
    }

    /// The word quoted for a POSIX shell: unchanged when it holds only safe characters
    /// (letters, digits, and `-_./=:,+@%`), otherwise in single quotes.
    public static func quote(_ word: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")
        if !word.isEmpty, word.allSatisfy({ safe.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// An array index list for `--array`: ranges for consecutive runs ("0-3,7,9-10") and the
    /// concurrent-task limit after "%" when given.
    public static func arraySpec(_ indices: [Int], limit: Int?) -> String {
        var parts: [String] = []
        var start: Int? = nil, previous = 0
        for i in Set(indices).sorted() {
            if start != nil, i == previous + 1 {
                previous = i
                continue
            }
            if let s = start { parts.append(s == previous ? "\(s)" : "\(s)-\(previous)") }
            start = i
            previous = i
        }
        if let s = start { parts.append(s == previous ? "\(s)" : "\(s)-\(previous)") }
        return parts.joined(separator: ",") + (limit.map { "%\($0)" } ?? "")
    }
}
