/// Everything that can go wrong while reading, generating or transforming a data set.
/// Each `description` is one line that names the file, key or argument at fault and, where
/// there is a choice, the allowed values.
public enum DataError: Error, CustomStringConvertible, Equatable, Sendable {
    // Files.
    /// The file does not exist (or is not a regular file).
    case fileNotFound(path: String)
    /// The file exists but could not be read or decompressed.
    case unreadable(path: String, reason: String)
    /// The file holds fewer bytes than its header promises.
    case truncated(path: String, expectedBytes: Int, actualBytes: Int)
    /// The file holds more bytes than its header promises.
    case trailingBytes(path: String, expectedBytes: Int, actualBytes: Int)
    /// The IDX magic number is not the one this file must have.
    case wrongMagic(path: String, found: UInt32, expected: UInt32?, expectedMeaning: String)
    /// An IDX image file and its label file disagree on the number of samples.
    case countMismatch(imagesPath: String, imageCount: Int, labelsPath: String, labelCount: Int)
    /// A file of an MNIST-layout directory is missing (neither raw nor .gz present).
    case missingLayoutFile(directory: String, name: String)

    // CSV.
    /// The CSV file has no data rows.
    case emptyCSV(path: String)
    /// A CSV row has a different number of fields than the first data row.
    case raggedRow(path: String, line: Int, fieldCount: Int, expectedCount: Int, firstLine: Int)
    /// A CSV field is not a number.
    case nonNumeric(path: String, line: Int, column: Int, text: String)
    /// A CSV field is NaN or infinite, or beyond float32's range (|x| > 3.4e38).
    case nonFinite(path: String, line: Int, column: Int, text: String)
    /// The label column index is outside the rows.
    case labelColumnOutOfRange(path: String, column: Int, columnCount: Int)
    /// The CSV rows have fewer than two columns (one feature and the label).
    case tooFewColumns(path: String, columnCount: Int)

    // Sources and parameters.
    /// The `--data` text matches none of the allowed forms.
    case unknownSource(text: String, reason: String)
    /// A `key=value` pair in a source string names an unknown key.
    case unknownKey(source: String, key: String, allowed: [String])
    /// A value is outside its allowed range or not a number.
    case invalidValue(name: String, value: String, allowed: String)
    /// A required `key=value` pair is missing.
    case missingKey(source: String, key: String)
    /// A key appears twice.
    case duplicateKey(source: String, key: String)

    // Transforms.
    /// A subset of `requested` samples was asked from data with only `available`.
    case subsetTooLarge(requested: Int, available: Int)
    /// The transform needs class labels, but the data holds regression targets.
    case noClassLabels(operation: String)
    /// A requested class index is outside 0..<classCount.
    case classOutOfRange(requestedClass: Int, classCount: Int)
    /// The class list is empty, has one class, or repeats a class.
    case invalidClassList(classes: [Int], reason: String)
    /// No sample belongs to the requested classes.
    case noSamplesInClasses(classes: [Int])
    /// A zero row cannot be scaled to unit norm.
    case zeroRow(row: Int)

    public var description: String {
        switch self {
        case let .fileNotFound(path):
            return "data file '\(path)' does not exist"
        case let .unreadable(path, reason):
            return "data file '\(path)' cannot be read: \(reason)"
        case let .truncated(path, expected, actual):
            return "data file '\(path)' is truncated: its header promises \(expected) bytes, the file holds \(actual)"
        case let .trailingBytes(path, expected, actual):
            return "data file '\(path)' holds \(actual) bytes but its header describes \(expected): \(actual - expected) unexpected bytes at the end"
        case let .wrongMagic(path, found, expected, meaning):
            return "data file '\(path)' has IDX magic number \(hex(found)), expected \(expected.map(hex) ?? "0x0000TTDD") (\(meaning))"
        case let .countMismatch(imagesPath, imageCount, labelsPath, labelCount):
            return "'\(imagesPath)' holds \(imageCount) images but '\(labelsPath)' holds \(labelCount) labels; the counts must agree"
        case let .missingLayoutFile(directory, name):
            return "directory '\(directory)' has neither \(name) nor \(name).gz (MNIST layout needs train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each raw or .gz)"
        case let .emptyCSV(path):
            return "CSV file '\(path)' has no data rows (expected numeric rows: features, then the label)"
        case let .raggedRow(path, line, count, expected, firstLine):
            return "CSV file '\(path)' line \(line): \(count) fields, expected \(expected) as on line \(firstLine)"
        case let .nonNumeric(path, line, column, text):
            return "CSV file '\(path)' line \(line) column \(column): '\(text)' is not a number"
        case let .nonFinite(path, line, column, text):
            return "CSV file '\(path)' line \(line) column \(column): '\(text)' is not finite in float32 (NaN, infinity and magnitudes above 3.4e38 are not allowed)"
        case let .labelColumnOutOfRange(path, column, count):
            return "CSV file '\(path)': label column \(column) does not exist; allowed 0...\(count - 1) (0-based)"
        case let .tooFewColumns(path, count):
            return "CSV file '\(path)' has \(count) column(s); at least 2 are needed (features, then the label)"
        case let .unknownSource(text, reason):
            return "data source '\(text)': \(reason); allowed forms: DIR (MNIST-layout IDX files), FILE.csv[?label=K], synthetic:sphere?m=M&d=D[&seed=S&noise=P&teacher=W&test=T], fashion-mnist"
        case let .unknownKey(source, key, allowed):
            return "data source '\(source)': unknown key '\(key)'; allowed keys: \(allowed.joined(separator: ", "))"
        case let .invalidValue(name, value, allowed):
            return "invalid value '\(value)' for \(name); allowed: \(allowed)"
        case let .missingKey(source, key):
            return "data source '\(source)': the key '\(key)' is required"
        case let .duplicateKey(source, key):
            return "data source '\(source)': the key '\(key)' is given more than once"
        case let .subsetTooLarge(requested, available):
            return "cannot draw \(requested) samples without replacement: the data has only \(available)"
        case let .noClassLabels(operation):
            return "\(operation) needs class labels, but the data holds regression targets"
        case let .classOutOfRange(requested, count):
            return "class \(requested) does not exist; allowed classes: 0...\(count - 1)"
        case let .invalidClassList(classes, reason):
            return "invalid class list '\(classes.map(String.init).joined(separator: ","))': \(reason)"
        case let .noSamplesInClasses(classes):
            return "no sample belongs to the classes \(classes.map(String.init).joined(separator: ","))"
        case let .zeroRow(row):
            return "row \(row) (0-based) of the inputs is zero and cannot be scaled to unit norm"
        }
    }
}

/// 0x followed by eight hex digits.
private func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
