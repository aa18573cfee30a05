import Checker
import Foundation

extension RewindingCommand {
    /// The command line of `lth rewinding --config FILE ...`: the file's keys (the options' long
    /// names, read and type-checked as the `rewinding` section of a check configuration) become
    /// `--key=value` flags placed before the command line's own, so that a flag given on the
    /// command line wins (the argument parser keeps the last value of an option or switch).
    /// Other command lines are returned unchanged.
    /// - Throws: `CheckerError` for an unreadable file, an unknown key or a value of the wrong
    ///   type (one line naming the file and the key).
    static func expandingConfiguration(_ arguments: [String]) throws -> [String] {
        guard arguments.first == configuration.commandName else { return arguments }
        var file: String? = nil
        for (index, argument) in arguments.enumerated() {
            if argument == "--config", index + 1 < arguments.count { file = arguments[index + 1] }
            if argument.hasPrefix("--config=") { file = String(argument.dropFirst("--config=".count)) }
            if argument == "--" { break }
        }
        guard let file else { return arguments }
        let document = try ConfigurationDocument(path: file, allowedKeys: RewindingSection.keys)
        return [arguments[0]] + (try RewindingSection(document: document)).arguments + arguments.dropFirst()
    }
}
