import ArgumentParser

/// A reported error whose line names the old spelling of a renamed flag where the user typed
/// that spelling (`DeprecatedFlag`): "invalid value 0 for --subnet-size: expected ..." when
/// the user wrote `--subnet-size 0`, although the library's parameter maps to `--k`.
struct TypedSpellingError: ReportedError {
    let underlying: any ReportedError
    /// The current flag -> the old spelling the user typed.
    let spellings: [String: String]

    var exitStatus: Int32 { underlying.exitStatus }
    var description: String { underlying.description }

    func commandLineDescription(in command: (any ParsableCommand.Type)?) -> String {
        var line = underlying.commandLineDescription(in: command)
        for (flag, typed) in spellings {
            line = line.replacingOccurrences(of: " for \(flag):", with: " for \(typed):")
        }
        return line
    }
}

/// Runs `body` (one library call); an error it reports names the old spellings the user typed
/// (`spellings`: current flag -> old spelling, for the deprecated options that were given).
func withTypedSpellings<T>(_ spellings: [String: String], _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as any ReportedError where !spellings.isEmpty {
        throw TypedSpellingError(underlying: error, spellings: spellings)
    }
}

/// The spelling the user typed for a flag with an old spelling: `old` when the deprecated
/// option was given, `current` otherwise.
func typedSpelling(_ current: String, old: String, given: Bool) -> String { given ? old : current }
