/// A rewinding option outside its domain, named by its key (`RewindingConfiguration.Key`); the
/// command line names the flag the user typed, a configuration file its key and file.
public enum RewindingConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidValue(key: RewindingConfiguration.Key, value: String, allowed: String)

    public var description: String {
        switch self {
        case let .invalidValue(key, value, allowed): return "invalid value \(value) for \(key.rawValue): expected \(allowed)"
        }
    }
}
