import ArgumentParser
import Foundation

/// Bad input: one line on standard error naming the flag or file and what is allowed, and
/// exit status 2. Commands throw this (or a library error, which `LTH.run(arguments:)`
/// reports the same way) before writing any output.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The exit status for bad input (a flag, a file or a configuration value).
let badInputExitCode: Int32 = 2

/// Writes `text` and a newline to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
