import Foundation

/// A training split and, when the source has one, a test split, kept apart.
public struct DataSplit: Sendable {
    public var train: Dataset
    public var test: Dataset?

    public init(train: Dataset, test: Dataset?) {
        self.train = train
        self.test = test
    }
}

/// Parameters of `synthetic:sphere?m=M&d=D[&seed=S&noise=P&teacher=W&test=T]`
/// (see `SyntheticSphere` for the distribution and the teacher).
public struct SyntheticSphereSpec: Sendable, Equatable {
    /// Training points m (key `m`, required, >= 1).
    public var sampleCount: Int
    /// Dimension d (key `d`, required, >= 1).
    public var dimension: Int
    /// Seed (key `seed`); `nil` means the seed passed to `DataSource.load(seed:)`.
    public var seed: UInt64?
    /// Label flip probability (key `noise`, default 0, in [0, 1]).
    public var noise: Double
    /// Teacher width W (key `teacher`, default 8, >= 1).
    public var teacherWidth: Int
    /// Test points (key `test`, default max(1, m/4); 0 means no test split).
    public var testCount: Int

    public init(sampleCount: Int, dimension: Int, seed: UInt64? = nil, noise: Double = 0,
                teacherWidth: Int = SyntheticSphere.defaultTeacherWidth, testCount: Int? = nil) {
        self.sampleCount = sampleCount
        self.dimension = dimension
        self.seed = seed
        self.noise = noise
        self.teacherWidth = teacherWidth
        self.testCount = testCount ?? max(1, sampleCount / 4)
    }

    /// The keys accepted after `synthetic:sphere?`.
    public static let allowedKeys = ["m", "d", "seed", "noise", "teacher", "test"]
}

/// Where the data comes from: the text of the CLI's `--data SRC`.
///
/// Allowed forms (`parse(_:)`):
/// - `fashion-mnist`: Debian's Fashion-MNIST, `/usr/share/datasets/fashion-mnist`
///   (package `dataset-fashion-mnist`);
/// - `DIR`: an existing directory in MNIST layout (see `MNISTLayout`);
/// - `FILE.csv` or `FILE.csv?label=K`: a numeric CSV file, label in the last column or in
///   the 0-based column K (see `CSVReader`);
/// - `synthetic:sphere?m=M&d=D[&seed=S&noise=P&teacher=W&test=T]`: points uniform on
///   S^(d-1) labelled by a random teacher (see `SyntheticSphere`, `SyntheticSphereSpec`).
public enum DataSource: Sendable, Equatable, CustomStringConvertible {
    /// A directory in MNIST layout; `name` is used in descriptions (default: the directory name).
    case mnistLayout(directory: String, name: String?)
    /// A numeric CSV file; `labelColumn` is 0-based, `nil` for the last column.
    case csv(path: String, labelColumn: Int?)
    /// The synthetic sphere data set.
    case syntheticSphere(SyntheticSphereSpec)

    /// Debian's Fashion-MNIST directory, the default real data.
    public static let fashionMNIST = DataSource.mnistLayout(directory: MNISTLayout.debianFashionMNISTDirectory,
                                                            name: "Fashion-MNIST")

    /// Parses the `--data` text (see the type's documentation for the forms). A directory
    /// must exist when parsed; files are opened by `load(seed:)`.
    /// - Throws: `DataError.unknownSource` (listing the allowed forms), `.unknownKey`
    ///   (listing the allowed keys), `.missingKey`, `.duplicateKey` or `.invalidValue`.
    public static func parse(_ text: String) throws -> DataSource {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw DataError.unknownSource(text: text, reason: "it is empty") }
        if trimmed.lowercased() == "fashion-mnist" { return fashionMNIST }

        if trimmed.hasPrefix("synthetic:") {
            let rest = trimmed.dropFirst("synthetic:".count)
            let kind = rest.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
            guard kind == "sphere" else {
                throw DataError.unknownSource(text: text, reason: "unknown synthetic generator '\(kind)' (the only one is synthetic:sphere)")
            }
            let query = rest.contains("?") ? String(rest[rest.index(after: rest.firstIndex(of: "?")!)...]) : ""
            let pairs = try keyValues(query, source: text, allowed: SyntheticSphereSpec.allowedKeys)
            guard let mText = pairs["m"] else { throw DataError.missingKey(source: text, key: "m") }
            guard let dText = pairs["d"] else { throw DataError.missingKey(source: text, key: "d") }
            let m = try integer(mText, key: "m", source: text, minimum: 1)
            let d = try integer(dText, key: "d", source: text, minimum: 1)
            var seed: UInt64? = nil
            if let s = pairs["seed"] {
                guard let value = UInt64(s) else {
                    throw DataError.invalidValue(name: "key 'seed' in data source '\(text)'", value: s, allowed: "integers 0...\(UInt64.max)")
                }
                seed = value
            }
            var noise = 0.0
            if let p = pairs["noise"] {
                guard let value = Double(p), value >= 0, value <= 1 else {
                    throw DataError.invalidValue(name: "key 'noise' in data source '\(text)'", value: p, allowed: "flip probabilities in [0, 1]")
                }
                noise = value
            }
            let teacher = try pairs["teacher"].map { try integer($0, key: "teacher", source: text, minimum: 1) }
                ?? SyntheticSphere.defaultTeacherWidth
            let test = try pairs["test"].map { try integer($0, key: "test", source: text, minimum: 0) }
            return .syntheticSphere(SyntheticSphereSpec(sampleCount: m, dimension: d, seed: seed, noise: noise,
                                                        teacherWidth: teacher, testCount: test))
        }

        if let q = trimmed.firstIndex(of: "?"), trimmed[..<q].lowercased().hasSuffix(".csv") {
            let path = String(trimmed[..<q])
            let pairs = try keyValues(String(trimmed[trimmed.index(after: q)...]), source: text, allowed: ["label"])
            let column = try pairs["label"].map { try integer($0, key: "label", source: text, minimum: 0) }
            return .csv(path: path, labelColumn: column)
        }
        if trimmed.lowercased().hasSuffix(".csv") { return .csv(path: trimmed, labelColumn: nil) }

        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: trimmed, isDirectory: &isDirectory)
        if exists && isDirectory.boolValue { return .mnistLayout(directory: trimmed, name: nil) }
        if let colon = trimmed.firstIndex(of: ":"), !exists, trimmed.first?.isLetter == true,
           trimmed[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || "+-._".contains($0) }) {
            throw DataError.unknownSource(text: text, reason: "unknown scheme '\(trimmed[..<colon]):'")
        }
        if exists {
            throw DataError.unknownSource(text: text, reason: "it is a file, but not a .csv file")
        }
        throw DataError.unknownSource(text: text, reason: "no such directory")
    }

    /// Loads the source.
    /// - Parameter seed: the run's seed; used by `synthetic:sphere` when the source has no
    ///   `seed=` key (train points from stream 1, test points from stream 2 of that seed,
    ///   the teacher from stream 0). Real data does not use it.
    /// - Returns: train and test kept apart: MNIST layout gives train (60000 for MNIST) and
    ///   t10k; synthetic gives `testCount` test points (none when 0) labelled by the same
    ///   teacher; CSV gives no test split (load a second CSV for one).
    public func load(seed: UInt64) throws -> DataSplit {
        switch self {
        case let .mnistLayout(directory, name):
            let (train, test) = try MNISTLayout(directory: directory, name: name).load()
            return DataSplit(train: train, test: test)
        case let .csv(path, labelColumn):
            return DataSplit(train: try CSVReader.read(path: path, labelColumn: labelColumn), test: nil)
        case let .syntheticSphere(spec):
            let sphere = try SyntheticSphere(dimension: spec.dimension, teacherWidth: spec.teacherWidth,
                                             seed: spec.seed ?? seed)
            let train = try sphere.sample(count: spec.sampleCount, noise: spec.noise,
                                          stream: SyntheticSphere.trainStream, splitName: "train")
            let test = spec.testCount > 0
                ? try sphere.sample(count: spec.testCount, noise: spec.noise,
                                    stream: SyntheticSphere.testStream, splitName: "test")
                : nil
            return DataSplit(train: train, test: test)
        }
    }

    /// Whether `load(seed:)` depends on its seed: synthetic data without its own `seed=` draws
    /// its points with it; files and synthetic data with `seed=` give the same split for any seed.
    public var usesSeed: Bool {
        if case let .syntheticSphere(spec) = self { return spec.seed == nil }
        return false
    }

    /// The canonical source text (parses back to the same source, except that a named MNIST
    /// directory other than Debian's Fashion-MNIST prints as its path).
    public var description: String {
        switch self {
        case let .mnistLayout(directory, name):
            return directory == MNISTLayout.debianFashionMNISTDirectory && name == "Fashion-MNIST" ? "fashion-mnist" : directory
        case let .csv(path, labelColumn):
            return labelColumn.map { "\(path)?label=\($0)" } ?? path
        case let .syntheticSphere(spec):
            var text = "synthetic:sphere?m=\(spec.sampleCount)&d=\(spec.dimension)"
            if let seed = spec.seed { text += "&seed=\(seed)" }
            text += "&noise=\(spec.noise)&teacher=\(spec.teacherWidth)&test=\(spec.testCount)"
            return text
        }
    }

    /// `key=value` pairs joined by `&`; every key must be allowed and appear once.
    private static func keyValues(_ query: String, source: String, allowed: [String]) throws -> [String: String] {
        var result: [String: String] = [:]
        guard !query.isEmpty else { return result }
        for pair in query.split(separator: "&", omittingEmptySubsequences: false) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw DataError.invalidValue(name: "data source '\(source)'", value: String(pair),
                                             allowed: "key=value pairs joined by & with keys \(allowed.joined(separator: ", "))")
            }
            let key = String(parts[0])
            guard allowed.contains(key) else {
                throw DataError.unknownKey(source: source, key: key, allowed: allowed)
            }
            guard result[key] == nil else { throw DataError.duplicateKey(source: source, key: key) }
            result[key] = String(parts[1])
        }
        return result
    }

    private static func integer(_ text: String, key: String, source: String, minimum: Int) throws -> Int {
        guard let value = Int(text), value >= minimum else {
            throw DataError.invalidValue(name: "key '\(key)' in data source '\(source)'", value: text,
                                         allowed: "integers >= \(minimum)")
        }
        return value
    }
}
