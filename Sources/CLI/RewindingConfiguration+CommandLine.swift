import Checker
import Engine
import Foundation

/// How a command names the options of a `RewindingConfiguration` in its errors: the flag the
/// user typed (`--k`, or `--greedy-k` where the old spelling was typed), or the key of the
/// configuration file the value came from ("key 'levels' of section 'rewinding' of FILE").
/// The library's typed errors become the one message format, "invalid value X for NAME:
/// expected Y" (exit status 2).
struct RewindingOptionNames {
    /// The keys whose values came from a configuration file (named as its keys).
    var fileKeys: Set<RewindingConfiguration.Key> = []
    /// That file, or the section of one, e.g. "section 'rewinding' of check.yaml".
    var origin = ""
    /// The flags typed in an old spelling (the others are `--` and the key).
    var spelled: [RewindingConfiguration.Key: String] = [:]
    /// The old key names the file used, each with its new name.
    var renamedKeys: [(old: String, new: String)] = []

    /// One notice per old key name the file used (`warnRenamedKeys`).
    func announceRenamedKeys() {
        warnRenamedKeys(renamedKeys, file: origin)
    }

    /// The name of an option, e.g. "--levels" or "key 'levels' of grid.yaml".
    func name(_ key: RewindingConfiguration.Key) -> String {
        fileKeys.contains(key) ? "key '\(key.rawValue)' of \(origin)" : spelled[key] ?? "--" + key.rawValue
    }

    /// The name of an option with its value, e.g. "--width 300" or "key 'width' (300) of grid.yaml".
    func name(_ key: RewindingConfiguration.Key, value: String) -> String {
        fileKeys.contains(key) ? "key '\(key.rawValue)' (\(value)) of \(origin)" : "\(name(key)) \(value)"
    }

    /// The one line of a library error.
    func usage(_ error: RewindingConfigurationError) -> UsageError {
        switch error {
        case let .invalidValue(key, value, allowed): return UsageError("invalid value \(value) for \(name(key)): expected \(allowed)")
        }
    }

    /// Runs `body`, naming the options of its `RewindingConfigurationError`s.
    func naming<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as RewindingConfigurationError { throw usage(error) }
    }

    /// Checks every option of `configuration` on its own (`RewindingConfiguration.validate`).
    func validate(_ configuration: RewindingConfiguration) throws {
        try naming { try configuration.validate() }
    }

    /// Builds the sweep of a valid `configuration` (data loaded, nothing trained or written),
    /// estimated against `memory`'s limit: a refusal names the option of the largest term with
    /// its value ("--width 300000", or "key 'width' (300000) of FILE").
    func sweep(_ configuration: RewindingConfiguration, memory: MemoryOptions) throws -> RewindingSweep {
        let flags = RewindingConfiguration.memoryKeys.mapValues { name($0, value: configuration.text(of: $0)) }
        return try naming { try configuration.sweep { try memory.check($0, flags: flags) } }
    }
}
