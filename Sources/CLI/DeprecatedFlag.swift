import ArgumentParser
import Checker

/// The one rule for renamed flags: the old spelling keeps working for one release (until lth
/// 0.2) with a one-line notice on standard error naming the new spelling; giving both is bad
/// input. Old spellings are hidden options (`ArgumentHelp.hidden`), so `--help` lists each
/// flag once, under its one name (the table in the README).
///
/// - Returns: the value to use: `current` (the new flag) or `old` (the deprecated one).
/// - Throws: `UsageError` when both are given.
func adoptDeprecated<T>(_ current: T?, _ flag: String, old: T?, _ oldFlag: String) throws -> T? {
    guard let old else { return current }
    if current != nil {
        throw UsageError("\(oldFlag) is the old spelling of \(flag): give only \(flag)")
    }
    printError("lth: warning: \(oldFlag) is deprecated and will be removed in lth 0.2; use \(flag)")
    return old
}

/// The same rule for the renamed keys of a configuration file: one notice per old key used
/// (`ConfigurationDocument.renamedKeysUsed`), naming the file and the new key.
func warnRenamedKeys(_ document: ConfigurationDocument, file: String) {
    warnRenamedKeys(document.renamedKeysUsed, file: file)
}

/// One notice per renamed key (old name, new name) a configuration file used.
func warnRenamedKeys(_ renamed: [(old: String, new: String)], file: String) {
    for (old, new) in renamed {
        printError("lth: warning: key '\(old)' of \(file) is deprecated and will be removed in lth 0.2; use '\(new)'")
    }
}
