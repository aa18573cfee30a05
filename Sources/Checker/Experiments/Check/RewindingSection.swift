import Foundation

/// The optional `rewinding` section of an `lth check` configuration, as the check's configuration
/// (and so its hash) records it: the keys of a `RewindingConfiguration` (the long names of
/// `lth rewinding`'s options, `density-per-level` is `--density-per-level`), with the same
/// defaults and the same validation (the grid that runs is `RewindingConfiguration(document:)`
/// of the section). `out` is not a key: the grid is written to OUT/rewinding of the check.
///
/// Values are kept as the text of their flag (`[0, 50]` becomes "0,50", a switch "true" or
/// "false"), the record of a configuration hash that does not change with this type.
public struct RewindingSection: Sendable, Equatable, Codable {
    /// What a key's value may be in the file.
    public enum ValueType: Sendable, Equatable {
        /// A string: a data source, a loss, a scope.
        case string
        /// An integer.
        case integer
        /// A non-negative integer (seeds of the data subset).
        case nonNegativeInteger
        /// A number (an integer is read as a number).
        case number
        /// A string, an integer or a list of integers (comma-list flags, lengths, schedules).
        case integersOrString
        /// true or false: a switch with an inversion (`controls: false` is `--no-controls`).
        case flag
    }

    /// The keys, in the order of `lth rewinding --help`, with their types.
    public static let keyTypes: [(key: String, type: ValueType)] = [
        ("data", .string), ("samples", .integer), ("data-seed", .nonNegativeInteger), ("classes", .integersOrString),
        ("unit-norm", .flag), ("width", .integersOrString), ("loss", .string), ("steps", .integersOrString),
        ("lr", .number), ("batch", .integer), ("momentum", .number), ("weight-decay", .number),
        ("seeds", .integersOrString), ("rewind", .integersOrString), ("levels", .integer),
        ("density-per-level", .number), ("scope", .string), ("controls", .flag), ("matching-sd", .number),
        ("copies", .integer), ("points", .integer), ("stable-below", .number), ("checkpoints", .integersOrString),
        ("earlybird-density", .number), ("k", .integer), ("epsilon", .number),
        // the old spellings of k and epsilon (deprecated; lth rewinding prints the notice)
        ("greedy-k", .integer), ("greedy-eps", .number),
    ]

    /// The keys of the section (`RewindingConfiguration.fileKeys`).
    public static var keys: [String] { RewindingConfiguration.fileKeys }

    /// Flag text by key (long option name without the dashes); switches hold "true" or "false".
    public var options: [String: String]

    public init(options: [String: String] = [:]) { self.options = options }

    /// Reads the section of a configuration file: its values are read as a
    /// `RewindingConfiguration` first, so a value of the wrong type is that type's error
    /// (`RewindingConfigurationError`, naming the key), then recorded as text.
    public init(document: ConfigurationDocument) throws {
        _ = try RewindingConfiguration(document: document)
        var options: [String: String] = [:]
        for (key, type) in Self.keyTypes {
            let text: String?
            switch type {
            case .string: text = try document.string(key)
            case .integer: text = try document.integer(key).map(String.init)
            case .nonNegativeInteger:
                let value = try document.integer(key)
                if let value, value < 0 {
                    throw CheckerError.invalidValue(field: "'\(key)' in \(document.origin)", value: "\(value)", allowed: "an integer >= 0")
                }
                text = value.map(String.init)
            case .number: text = try document.number(key).map { "\($0)" }
            case .integersOrString: text = try document.integersOrString(key)
            case .flag: text = try document.bool(key).map { $0 ? "true" : "false" }
            }
            if let text { options[key] = text }
        }
        self.options = options
    }

    public init(from decoder: Decoder) throws {
        options = try decoder.singleValueContainer().decode([String: String].self)
    }

    /// Encoded as the mapping of key to flag text (sorted keys in the canonical JSON).
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(options)
    }
}
