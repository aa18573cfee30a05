import ArgumentParser

/// The one parser of comma lists on the command line (`--seeds 0,1,2`, `--width 300,100`,
/// `--epsilon 0.2,0.1`): the text split at commas, each element trimmed of spaces and read by
/// `element`; empty elements, an empty list or an element `element` rejects give one line,
/// "invalid value 'TEXT' for --flag: expected EXPECTED" (a `UsageError`, exit status 2).
enum CommaList {
    static func parse<T>(_ text: String, flag: String, expected: String, _ element: (String) -> T?) throws -> [T] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let values = parts.map(element)
        guard !parts.isEmpty, values.allSatisfy({ $0 != nil }) else {
            throw UsageError("invalid value '\(text)' for \(flag): expected \(expected)")
        }
        return values.map { $0! }
    }

    /// Integers (any sign).
    static func integers(_ text: String, flag: String, expected: String = "integers separated by commas, e.g. 0,1") throws -> [Int] {
        try parse(text, flag: flag, expected: expected) { Int($0) }
    }

    /// Non-negative integers (seeds, iterations).
    static func nonNegativeIntegers(_ text: String, flag: String) throws -> [Int] {
        try parse(text, flag: flag, expected: "non-negative integers separated by commas, e.g. 0,50,100") { Int($0).flatMap { $0 >= 0 ? $0 : nil } }
    }

    /// Positive integers (widths, sizes).
    static func positiveIntegers(_ text: String, flag: String, example: String) throws -> [Int] {
        try parse(text, flag: flag, expected: "positive integers separated by commas, e.g. \(example)") { Int($0).flatMap { $0 > 0 ? $0 : nil } }
    }

    /// Numbers.
    static func numbers(_ text: String, flag: String, expected: String = "numbers separated by commas") throws -> [Double] {
        try parse(text, flag: flag, expected: expected) { Double($0) }
    }

    /// Densities in (0, 1] (fractions of weights kept).
    static func densities(_ text: String, flag: String) throws -> [Double] {
        try parse(text, flag: flag, expected: "densities in (0, 1] separated by commas, e.g. 0.3,0.5,0.7 (a density is the fraction of weights kept)") {
            Double($0).flatMap { $0 > 0 && $0 <= 1 ? $0 : nil }
        }
    }

    /// Class labels: at least two different integers.
    static func classes(_ text: String, flag: String) throws -> [Int] {
        let labels = try integers(text, flag: flag, expected: "two or more different class labels, e.g. 0,1")
        guard labels.count >= 2, Set(labels).count == labels.count else {
            throw UsageError("invalid value '\(text)' for \(flag): expected two or more different class labels, e.g. 0,1")
        }
        return labels
    }
}
