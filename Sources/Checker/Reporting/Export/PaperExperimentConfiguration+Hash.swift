import Engine
import Foundation

/// The configuration hash of `lth reproduce`, for provenance and for `lth export --config`.
///
/// `PaperExperiment` records the configuration itself in `configuration.json` (no hash) and
/// compares two configurations without their `comment`; the hash follows the same rule: a 64-bit
/// FNV-1a hash (offset 0xcbf29ce484222325, prime 0x100000001b3, as `TheoryCheckConfiguration.hash`)
/// of the compact, key-sorted JSON of `withoutComment`, as 16 hex digits. Two configurations have
/// the same hash exactly when they are equal up to the comment (barring a 64-bit collision);
/// the analysis-only fields (`plateauTolerance`, `plateauRule`, `figureSubnetworkSize`) count,
/// as the tables depend on them.
extension PaperExperimentConfiguration {
    /// Compact JSON of `withoutComment` with sorted keys (`classes`/`testSamples` null when unset).
    public var canonicalJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(withoutComment)) ?? Data(), as: UTF8.self)
    }

    /// The 64-bit FNV-1a hash of `canonicalJSON`, as 16 hex digits.
    public var hash: String { FNV1a.hex(of: canonicalJSON) }

    /// The configuration as (key, value) rows for the exported notebook and report, with the keys
    /// of a configuration file in their documentation order, without `comment`.
    public var rows: [(key: String, value: String)] {
        let object = (try? JSONSerialization.jsonObject(with: Data(canonicalJSON.utf8))) as? [String: Any] ?? [:]
        return CodingKeys.allCases.map(\.rawValue).filter { $0 != "comment" }.map { key in
            let value = object[key]
            if value == nil || value is NSNull { return (key, "null") }
            if let data = try? JSONSerialization.data(withJSONObject: value!, options: [.fragmentsAllowed, .withoutEscapingSlashes]) {
                return (key, String(decoding: data, as: UTF8.self).replacingOccurrences(of: ",", with: ", "))
            }
            return (key, "\(value!)")
        }
    }
}
