import Foundation
import Yams

/// A configuration file (JSON or YAML, by extension: `.json`, or `.yaml`/`.yml`) read as a
/// dictionary of keys to values, with the checks a demanding user expects: unknown keys are
/// named with the closest valid one, values of the wrong type are named with the expected
/// type. Every error is one line naming the file and the key. A section (a key whose value is
/// a mapping, e.g. `rewinding`) is itself a document with its own keys, checked the same way.
public struct ConfigurationDocument: Sendable {
    /// Where the document came from, for error messages.
    public let origin: String
    let values: [String: ConfigurationValue]
    let sections: [String: ConfigurationDocument]
    /// The old key names this document used, each with its new name (sorted by old name): a
    /// renamed key keeps working for one release, and the caller tells the user (the libraries
    /// never print).
    public let renamedKeysUsed: [(old: String, new: String)]

    /// A parsed value, restricted to what the configurations use.
    enum ConfigurationValue: Sendable {
        case bool(Bool), integer(Int), number(Double), string(String), list([ConfigurationValue]), null
    }

    /// Reads and parses `path`; `allowedKeys` are the keys the configuration knows, `sections`
    /// the keys whose value is a mapping, each with its own allowed keys, `renamedKeys` the old
    /// names of keys (old name to new name) still read, as the new key, for one release.
    public init(path: String, allowedKeys: [String], sections: [String: [String]] = [:], renamedKeys: [String: String] = [:]) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CheckerError.invalidValue(field: "CONFIG", value: path, allowed: "a readable JSON or YAML file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CheckerError.invalidValue(field: "CONFIG", value: path, allowed: "a UTF-8 text file")
        }
        let lower = path.lowercased()
        guard lower.hasSuffix(".json") || lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") else {
            throw CheckerError.invalidValue(field: "CONFIG", value: path, allowed: "a file ending in .json, .yaml or .yml")
        }
        // JSON is read by the YAML parser too (JSON's syntax is YAML's flow style), so both
        // give the same typed values: Bool, Int, Double, String, lists and mappings. The text
        // is composed into Yams' node tree (never constructed by Yams, whose constructor traps
        // on a mapping used as a key) and converted here: aliases are refused before parsing,
        // and the conversion stops after `maximumNodeCount` nodes.
        let language = lower.hasSuffix(".json") ? "JSON" : "YAML"
        let object: Any?
        do {
            if let alias = Self.firstAlias(in: text) {
                throw CheckerError.invalidValue(field: "CONFIG", value: path,
                                                allowed: "\(language) without aliases (found *\(alias); write the value out)")
            }
            var budget = Self.maximumNodeCount
            object = try Yams.compose(yaml: text).map { try Self.plainValue($0, budget: &budget, path: path) }
        } catch let error as CheckerError {
            throw error
        } catch {
            let reason = "\(error)".split(separator: "\n").first.map(String.init) ?? "syntax error"
            throw CheckerError.invalidValue(field: "CONFIG", value: path, allowed: "valid \(language) (\(reason))")
        }
        guard let dictionary = object as? [String: Any] else {
            throw CheckerError.invalidValue(field: "CONFIG", value: path, allowed: "a mapping of keys to values at the top level")
        }
        try self.init(dictionary: dictionary, origin: path, allowedKeys: allowedKeys, sections: sections, renamedKeys: renamedKeys)
    }

    /// The most values (scalars, lists and mappings together) a configuration may hold: far
    /// above any real configuration, far below what exhausts memory.
    public static let maximumNodeCount = 100_000

    /// The node as Bool, Int, Double, String, NSNull, [Any] or [String: Any] (Yams' scalar
    /// resolution), counting every node against `budget`.
    /// - Throws: `CheckerError.invalidValue` naming `path` for a key that is not a plain scalar
    ///   (a YAML complex key such as `? output: x`) or more than `maximumNodeCount` nodes.
    static func plainValue(_ node: Node, budget: inout Int, path: String) throws -> Any {
        budget -= 1
        guard budget >= 0 else {
            throw CheckerError.invalidValue(field: "CONFIG", value: path, allowed: "at most \(maximumNodeCount) values")
        }
        switch node {
        case .scalar:
            return node.any
        case let .sequence(sequence):
            var items: [Any] = []
            for item in sequence { items.append(try plainValue(item, budget: &budget, path: path)) }
            return items
        case let .mapping(mapping):
            var dictionary: [String: Any] = [:]
            for (key, value) in mapping {
                guard case .scalar = key, let name = key.string else {
                    throw CheckerError.invalidValue(field: "CONFIG", value: path,
                                                    allowed: "keys that are plain names (found a complex key, a list or mapping used as a key)")
                }
                dictionary[name] = try plainValue(value, budget: &budget, path: path)
            }
            return dictionary
        case .alias:
            throw CheckerError.invalidValue(field: "CONFIG", value: path, allowed: "YAML without aliases")
        }
    }

    /// The name of the first YAML alias (`*name` where a node starts) outside quotes and
    /// comments, or nil. Aliases are refused because each one copies a whole subtree: a few
    /// hundred bytes of nested aliases expand to billions of values ("billion laughs").
    static func firstAlias(in text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        var previous: Unicode.Scalar = "\n"
        while i < scalars.count {
            let c = scalars[i]
            if c == "\"" || c == "'", " \t\n[{,:-?".unicodeScalars.contains(previous) {
                // A quoted scalar: skip to its closing quote ('' and \" escape).
                i += 1
                while i < scalars.count {
                    if c == "\"", scalars[i] == "\\" { i += 2; continue }
                    if scalars[i] == c {
                        if c == "'", i + 1 < scalars.count, scalars[i + 1] == "'" { i += 2; continue }
                        break
                    }
                    i += 1
                }
                previous = c
                i += 1
                continue
            }
            if c == "#", " \t\n".unicodeScalars.contains(previous) {
                while i < scalars.count, scalars[i] != "\n" { i += 1 }
                continue
            }
            if c == "*", " \t\n[{,:-?".unicodeScalars.contains(previous), i + 1 < scalars.count,
               !" \t\r\n,[]{}".unicodeScalars.contains(scalars[i + 1]) {
                var name = ""
                var j = i + 1
                while j < scalars.count, !" \t\r\n,[]{}".unicodeScalars.contains(scalars[j]) { name.unicodeScalars.append(scalars[j]); j += 1 }
                return name
            }
            previous = c
            i += 1
        }
        return nil
    }

    /// Validates an already parsed dictionary (used by tests and by `init(path:allowedKeys:)`).
    /// Keys are checked in sorted order, so the error reported for several bad keys is always
    /// the same one. A key of `renamedKeys` (an old name) is read as its new name; giving both
    /// names is an error.
    public init(dictionary: [String: Any], origin: String, allowedKeys: [String], sections: [String: [String]] = [:],
                renamedKeys: [String: String] = [:]) throws {
        self.origin = origin
        var values: [String: ConfigurationValue] = [:]
        var documents: [String: ConfigurationDocument] = [:]
        var renamed: [(old: String, new: String)] = []
        let known = allowedKeys + sections.keys.sorted().filter { !allowedKeys.contains($0) }
        for given in dictionary.keys.sorted() {
            let raw = dictionary[given]!
            var key = given
            if let new = renamedKeys[given] {
                guard dictionary[new] == nil else {
                    throw CheckerError.invalidValue(field: "key '\(given)' in \(origin)", value: given,
                                                    allowed: "only one of '\(new)' and its old name '\(given)'")
                }
                renamed.append((given, new))
                key = new
            }
            guard known.contains(key) else {
                let closest = known.min { Self.editDistance(key, $0) < Self.editDistance(key, $1) } ?? ""
                throw CheckerError.invalidValue(field: "key '\(key)' in \(origin)", value: key,
                                                allowed: "a known key; did you mean '\(closest)'? (keys: \(known.joined(separator: ", ")))")
            }
            if let sectionKeys = sections[key] {
                guard let mapping = raw as? [String: Any] else {
                    let found = Self.convert(raw).map(Self.kind) ?? "\(raw)"
                    throw CheckerError.invalidValue(field: "'\(key)' in \(origin)", value: found,
                                                    allowed: "a mapping of keys to values (keys: \(sectionKeys.joined(separator: ", ")))")
                }
                documents[key] = try ConfigurationDocument(dictionary: mapping, origin: "section '\(key)' of \(origin)",
                                                           allowedKeys: sectionKeys)
                continue
            }
            guard let value = Self.convert(raw) else {
                throw CheckerError.invalidValue(field: "'\(key)' in \(origin)", value: "\(raw)", allowed: "a number, string, boolean or list")
            }
            values[key] = value
        }
        self.values = values
        self.sections = documents
        renamedKeysUsed = renamed
    }

    /// The section `key` (a mapping declared in `sections`), if present.
    public func section(_ key: String) -> ConfigurationDocument? { sections[key] }

    /// The keys present in this document (sections excluded), sorted.
    public var presentKeys: [String] { values.keys.sorted() }

    private static func convert(_ raw: Any) -> ConfigurationValue? {
        switch raw {
        case let b as Bool: return .bool(b)
        case let i as Int: return .integer(i)
        case let d as Double: return .number(d)
        case let s as String: return .string(s)
        case is NSNull: return .null
        case let list as [Any]:
            var items: [ConfigurationValue] = []
            for item in list {
                guard let converted = convert(item) else { return nil }
                items.append(converted)
            }
            return .list(items)
        default: return nil
        }
    }

    private static func kind(_ value: ConfigurationValue) -> String {
        switch value {
        case .bool: return "a boolean"
        case .integer: return "an integer"
        case .number: return "a number"
        case .string: return "a string"
        case .list: return "a list"
        case .null: return "null"
        }
    }

    private func typeError(_ key: String, _ expected: String, _ found: ConfigurationValue) -> CheckerError {
        CheckerError.invalidValue(field: "'\(key)' in \(origin)", value: Self.kind(found), allowed: expected)
    }

    /// Whether `key` is given as null (JSON `null`, YAML `null` or `~`): "none" for the keys
    /// whose value may be absent; every typed accessor refuses a null.
    public func isNull(_ key: String) -> Bool {
        if case .null = values[key] { return true }
        return false
    }

    public func string(_ key: String) throws -> String? {
        guard let value = values[key] else { return nil }
        guard case let .string(s) = value else { throw typeError(key, "a string", value) }
        return s
    }

    public func integer(_ key: String) throws -> Int? {
        guard let value = values[key] else { return nil }
        guard case let .integer(i) = value else { throw typeError(key, "an integer", value) }
        return i
    }

    public func number(_ key: String) throws -> Double? {
        guard let value = values[key] else { return nil }
        switch value {
        case let .integer(i): return Double(i)
        case let .number(x): return x
        default: throw typeError(key, "a number", value)
        }
    }

    public func bool(_ key: String) throws -> Bool? {
        guard let value = values[key] else { return nil }
        guard case let .bool(b) = value else { throw typeError(key, "true or false", value) }
        return b
    }

    public func integers(_ key: String) throws -> [Int]? {
        guard let value = values[key] else { return nil }
        guard case let .list(items) = value else { throw typeError(key, "a list of integers", value) }
        return try items.map {
            guard case let .integer(i) = $0 else { throw typeError(key, "a list of integers", $0) }
            return i
        }
    }

    public func numbers(_ key: String) throws -> [Double]? {
        guard let value = values[key] else { return nil }
        guard case let .list(items) = value else { throw typeError(key, "a list of numbers", value) }
        return try items.map {
            switch $0 {
            case let .integer(i): return Double(i)
            case let .number(x): return x
            default: throw typeError(key, "a list of numbers", $0)
            }
        }
    }

    /// A string, or a list of integers joined by commas (for checkpoint lists).
    public func stringOrIntegers(_ key: String) throws -> String? {
        guard let value = values[key] else { return nil }
        if case let .string(s) = value { return s }
        if let list = try? integers(key) { return list.map(String.init).joined(separator: ",") }
        throw typeError(key, "a schedule string or a list of integers", value)
    }

    /// A string, an integer, or a list of integers joined by commas (for comma-list flags such
    /// as widths, seeds and rewind points, and for lengths such as 400 or "3ep").
    public func integersOrString(_ key: String) throws -> String? {
        guard let value = values[key] else { return nil }
        if case let .string(s) = value { return s }
        if case let .integer(i) = value { return String(i) }
        if let list = try? integers(key) { return list.map(String.init).joined(separator: ",") }
        throw typeError(key, "a string, an integer or a list of integers", value)
    }

    /// Levenshtein distance, for "did you mean".
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
