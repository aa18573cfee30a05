import Engine
import Foundation

extension RewindingConfiguration {
    /// Reads `lth rewinding --config FILE` (a YAML or JSON mapping of `fileKeys`) over the defaults.
    /// - Throws: `CheckerError` for an unreadable file or an unknown key (naming the closest),
    ///   `RewindingConfigurationError` for a value of the wrong type or outside its domain.
    public init(file path: String) throws {
        try self.init(document: ConfigurationDocument(path: path, allowedKeys: Self.fileKeys))
        try validate()
    }

    /// Reads a parsed file, or the `rewinding` section of a check configuration, over the
    /// defaults: lists are YAML lists, a single integer, or the flag's comma text ("0,50,100");
    /// a switch is true or false; `greedy-k` and `greedy-eps` are read as `k` and `epsilon`
    /// (`renamedKeysUsed` lists them).
    /// The values are not validated (a caller may override some first; see `validate()`).
    /// - Throws: `RewindingConfigurationError.invalidValue` naming the key, with the value's
    ///   type or value and what is allowed.
    public init(document: ConfigurationDocument) throws {
        self.init()
        try apply(document)
    }

    /// The old key names `document` uses, each with its new name (sorted by old name).
    public static func renamedKeysUsed(in document: ConfigurationDocument) -> [(old: String, new: String)] {
        renamedKeys.keys.sorted().filter { document.presentKeys.contains($0) }.map { ($0, renamedKeys[$0]!.rawValue) }
    }

    /// Sets every field `document` gives.
    mutating func apply(_ document: ConfigurationDocument) throws {
        /// The value of `key` through a typed accessor of the document, its type error named by the key.
        func read<T>(_ key: Key, _ name: String? = nil, _ accessor: (String) throws -> T?) throws -> T? {
            do { return try accessor(name ?? key.rawValue) } catch let CheckerError.invalidValue(_, value, allowed) {
                throw RewindingConfigurationError.invalidValue(key: key, value: value, allowed: allowed)
            }
        }
        /// The text of `key` read by `parse` (nil: refused, as not one of `allowed`).
        func parsed<T>(_ key: Key, _ text: String?, _ allowed: String, _ parse: (String) -> T?) throws -> T? {
            guard let text else { return nil }
            guard let value = parse(text) else { throw RewindingConfigurationError.invalidValue(key: key, value: "'\(text)'", allowed: allowed) }
            return value
        }
        /// A list of integers, a single integer, or their comma text.
        func integerList(_ key: Key) throws -> [Int]? {
            try parsed(key, try read(key, nil, document.integersOrString), "a list of integers, e.g. [0, 50, 100]") { text in
                let items = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
                return items.allSatisfy({ $0 != nil }) ? items.map { $0! } : nil
            }
        }
        /// A key and its old name: the value of whichever is given (both given is an error).
        func renamed<T>(_ key: Key, _ accessor: (String) throws -> T?) throws -> T? {
            let old = Self.renamedKeys.first { $0.value == key }!.key
            let current = try read(key, nil, accessor), previous = try read(key, old, accessor)
            if current != nil, previous != nil {
                throw RewindingConfigurationError.invalidValue(key: key, value: "given with '\(old)'", allowed: "only one of '\(key.rawValue)' and its old name '\(old)'")
            }
            return current ?? previous
        }
        if let v = try read(.data, nil, document.string) { data = v }
        if let v = try read(.samples, nil, document.integer) { samples = v }
        if let v = try read(.dataSeed, nil, document.integer) {
            guard v >= 0 else { throw RewindingConfigurationError.invalidValue(key: .dataSeed, value: "\(v)", allowed: "an integer >= 0") }
            dataSeed = UInt64(v)
        }
        if let v = try integerList(.classes) { classes = v }
        if let v = try read(.unitNorm, nil, document.bool) { unitNorm = v }
        if let v = try integerList(.width) { width = v }
        if let v = try parsed(.loss, try read(.loss, nil, document.string), "cross-entropy or squared", LossKind.init(rawValue:)) { loss = v }
        if let v = try parsed(.steps, try read(.steps, nil, document.integersOrString),
                                  "a non-negative integer followed by 'it' for iterations or 'ep' for epochs, e.g. 500it, 3ep", { try? TrainingLength(parsing: $0) }) { steps = v }
        if let v = try read(.lr, nil, document.number) { lr = v }
        if let v = try read(.batch, nil, document.integer) { batch = v }
        if let v = try read(.momentum, nil, document.number) { momentum = v }
        if let v = try read(.weightDecay, nil, document.number) { weightDecay = v }
        if let v = try integerList(.seeds) { seeds = v }
        if let v = try integerList(.rewind) { rewind = v }
        if let v = try read(.levels, nil, document.integer) { levels = v }
        if let v = try read(.densityPerLevel, nil, document.number) { densityPerLevel = v }
        if let v = try parsed(.scope, try read(.scope, nil, document.string), "global or layer-wise", PruningScope.init(rawValue:)) { scope = v }
        if let v = try read(.controls, nil, document.bool) { controls = v }
        if let v = try read(.matchingSD, nil, document.number) { matchingSD = v }
        if let v = try read(.copies, nil, document.integer) { copies = v }
        if let v = try read(.points, nil, document.integer) { points = v }
        if let v = try read(.stableBelow, nil, document.number) { stableBelow = v }
        if let v = try parsed(.checkpoints, try read(.checkpoints, nil, document.integersOrString),
                                        "a schedule: a list 0,100,500; 100,200,...; every:N; geom:1,2,...; geometric:COUNT", { try? CheckpointSchedule(parsing: $0) }) { checkpoints = v }
        if let v = try read(.earlyBirdDensity, nil, document.number) { earlyBirdDensity = v }
        if let v = try renamed(.k, document.integer) { k = v }
        if let v = try renamed(.epsilon, document.number) { epsilon = v }
    }
}
