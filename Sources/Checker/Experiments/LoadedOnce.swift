import Foundation

/// What an experiment loads once and shares between its steps and the copies of its value (the
/// preflight, the check of the kept units, the run, an array task's cell): the value last loaded,
/// kept under its key, so the same key never loads twice and another key loads anew (and frees
/// the value it replaces).
final class LoadedOnce<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var loaded: (key: String, value: Value)?

    /// The value kept for `key`, or what `load` gives (then kept for `key`).
    func value(for key: String, load: () throws -> Value) throws -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let loaded, loaded.key == key { return loaded.value }
        loaded = nil
        let value = try load()
        loaded = (key, value)
        return value
    }
}
