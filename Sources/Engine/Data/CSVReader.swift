import Foundation
import LinearAlgebra

/// Reads a numeric CSV file into a `Dataset`: one sample per line, comma-separated numbers,
/// the features followed by the label (last column) unless `labelColumn` names another
/// column (0-based).
///
/// - Header: the first non-blank line is a header (and skipped) when any of its fields is
///   a non-empty text that is not a number; otherwise it is data.
/// - Errors give 1-based line and column numbers (as text editors do); `labelColumn` is 0-based.
/// - Blank lines are ignored; fields are trimmed of spaces and tabs; `\r\n` line ends work.
/// - Every data field must be a finite number that float32 holds (NaN, infinity and
///   magnitudes above Float.greatestFiniteMagnitude, about 3.4e38, are rejected: the data is
///   stored in float32) and every row must have as many fields as the first data row.
/// - Labels: with `.automatic`, labels that are all non-negative integers are read as class
///   indices (C = 1 + the largest label, one-hot targets, class ids kept as in the file);
///   any other labels are regression targets (C = 1, targets = the values). At most
///   `maximumClassCount` = 1000 classes: an integer label above 999 is rejected (one-hot
///   targets grow with the largest label) unless the labels are read as regression targets.
///   `.classes` and `.regression` force one reading (`.classes` rejects a label that is not
///   an integer in 0...999).
public enum CSVReader {
    /// How the label column is read.
    public enum LabelKind: String, Sendable, CaseIterable {
        case automatic, classes, regression
    }

    /// The most classes a CSV file may have: class labels lie in 0..<1000. One-hot targets take
    /// m x C float32 entries, so a stray label such as 1000000 would otherwise ask for a
    /// million columns.
    public static let maximumClassCount = 1000

    /// Reads `path`. See the type's documentation for the format.
    /// - Throws: `DataError` for a missing file, no data rows, fewer than two columns, a
    ///   label column out of range, a ragged row, a non-numeric or non-finite field.
    public static func read(path: String, labelColumn: Int? = nil, labelKind: LabelKind = .automatic) throws -> Dataset {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw DataError.fileNotFound(path: path)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError.unreadable(path: path, reason: "cannot open it")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DataError.unreadable(path: path, reason: "it is not UTF-8 text")
        }
        return try parse(text: text, path: path, labelColumn: labelColumn, labelKind: labelKind)
    }

    /// Parses CSV `text`; `path` only names the source in errors and the description.
    public static func parse(text: String, path: String, labelColumn: Int? = nil,
                             labelKind: LabelKind = .automatic) throws -> Dataset {
        var rows: [[Double]] = []
        var columnCount = 0
        var firstDataLine = 0
        var sawFirstLine = false
        var hasHeader = false
        var lineNumber = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0.isNewline }) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine[...]
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t")) }
            if !sawFirstLine {
                sawFirstLine = true
                if fields.contains(where: { !$0.isEmpty && Double($0) == nil }) {
                    hasHeader = true
                    continue
                }
            }
            if rows.isEmpty {
                columnCount = fields.count
                firstDataLine = lineNumber
                if columnCount < 2 { throw DataError.tooFewColumns(path: path, columnCount: columnCount) }
                if let c = labelColumn, !(0..<columnCount).contains(c) {
                    throw DataError.labelColumnOutOfRange(path: path, column: c, columnCount: columnCount)
                }
            } else if fields.count != columnCount {
                throw DataError.raggedRow(path: path, line: lineNumber, fieldCount: fields.count,
                                          expectedCount: columnCount, firstLine: firstDataLine)
            }
            var values = [Double](repeating: 0, count: columnCount)
            for (j, field) in fields.enumerated() {
                guard let v = Double(field) else {
                    throw DataError.nonNumeric(path: path, line: lineNumber, column: j + 1, text: field)
                }
                guard v.isFinite, abs(v) <= Double(Float.greatestFiniteMagnitude) else {
                    throw DataError.nonFinite(path: path, line: lineNumber, column: j + 1, text: field)
                }
                values[j] = v
            }
            rows.append(values)
        }
        guard !rows.isEmpty else { throw DataError.emptyCSV(path: path) }

        let label = labelColumn ?? (columnCount - 1)
        let m = rows.count
        let d = columnCount - 1
        var x = [Float](repeating: 0, count: m * d)
        var labels = [Double](repeating: 0, count: m)
        for (i, row) in rows.enumerated() {
            var k = 0
            for (j, v) in row.enumerated() {
                if j == label { labels[i] = v } else { x[i * d + k] = Float(v); k += 1 }
            }
        }
        let largestClass = Double(maximumClassCount - 1)
        let isInteger: (Double) -> Bool = { $0 >= 0 && $0.rounded() == $0 }
        let readAsClasses: Bool
        switch labelKind {
        case .automatic: readAsClasses = labels.allSatisfy(isInteger)
        case .regression: readAsClasses = false
        case .classes:
            if let bad = labels.firstIndex(where: { !isInteger($0) }) {
                throw DataError.invalidValue(name: "the label of data row \(bad + 1) in CSV file '\(path)'",
                                             value: "\(labels[bad])", allowed: "class indices 0...\(maximumClassCount - 1)")
            }
            readAsClasses = true
        }
        if readAsClasses, let bad = labels.firstIndex(where: { $0 > largestClass }) {
            throw DataError.invalidValue(name: "the label of data row \(bad + 1) in CSV file '\(path)'", value: labels[bad] < 1e18 ? "\(Int(labels[bad]))" : "\(labels[bad])",
                                         allowed: "class indices 0...\(maximumClassCount - 1) (at most \(maximumClassCount) classes), or read the labels as regression targets")
        }
        let source = "CSV \(path)\(hasHeader ? " (header skipped)" : ""): \(m) samples, \(d) features, label column \(label)"
        let xMatrix = Matrix(rows: m, columns: d, storage: x)
        if readAsClasses {
            let classLabels = labels.map { Int($0) }
            let classCount = (classLabels.max() ?? 0) + 1
            return Dataset(x: xMatrix, targets: Dataset.oneHotTargets(labels: classLabels, classCount: classCount),
                           classLabels: classLabels, classCount: classCount,
                           description: source + " read as \(classCount) classes one-hot", isUnitNorm: false)
        }
        return Dataset(x: xMatrix, targets: Matrix(rows: m, columns: 1, storage: labels.map { Float($0) }),
                       classLabels: nil, classCount: nil,
                       description: source + " read as regression targets", isUnitNorm: false)
    }
}
