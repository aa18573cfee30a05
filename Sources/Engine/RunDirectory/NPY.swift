import LinearAlgebra
import Foundation

/// The element types the toolkit stores in `.npy` files, with numpy's `descr` strings.
public enum NPYElementType: String, Sendable, Codable {
    /// Little-endian float32, numpy `'<f4'`.
    case float32 = "<f4"
    /// Little-endian float64, numpy `'<f8'`.
    case float64 = "<f8"
    /// Little-endian int64, numpy `'<i8'`.
    case int64 = "<i8"

    var byteCount: Int {
        switch self {
        case .float32: return 4
        case .float64, .int64: return 8
        }
    }
}

/// An error reading or writing an `.npy` file; `description` is one line naming the file.
public struct NPYError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let problem: String
    public var description: String { "\(path): \(problem)" }
}

/// An n-dimensional array as stored in numpy's `.npy` format (version 1.0 written, 1.0-3.0 read).
///
/// Layout written: the magic `\x93NUMPY`, version bytes `1 0`, a little-endian UInt16 header
/// length, then an ASCII Python dict `{'descr': '<f4', 'fortran_order': False, 'shape': (N, d), }`
/// padded with spaces and ended by `\n` so that the data starts at a multiple of 64 bytes,
/// then the raw little-endian values in C (row-major) order. `numpy.load` reads it directly.
public struct NPYArray: Sendable, Equatable {
    public var shape: [Int]
    public var elementType: NPYElementType
    /// The raw little-endian element bytes, C order.
    public var data: [UInt8]

    public var elementCount: Int { shape.reduce(1, *) }

    public init(shape: [Int], elementType: NPYElementType, data: [UInt8]) {
        precondition(data.count == shape.reduce(1, *) * elementType.byteCount, "NPY data size does not match its shape")
        self.shape = shape
        self.elementType = elementType
        self.data = data
    }

    /// A float32 array of the given shape.
    public init(float32 values: [Float], shape: [Int]) {
        precondition(values.count == shape.reduce(1, *), "NPY values do not match the shape")
        var bytes = [UInt8](repeating: 0, count: values.count * 4)
        for (i, v) in values.enumerated() {
            let bits = v.bitPattern.littleEndian
            bytes[4 * i] = UInt8(truncatingIfNeeded: bits)
            bytes[4 * i + 1] = UInt8(truncatingIfNeeded: bits >> 8)
            bytes[4 * i + 2] = UInt8(truncatingIfNeeded: bits >> 16)
            bytes[4 * i + 3] = UInt8(truncatingIfNeeded: bits >> 24)
        }
        self.init(shape: shape, elementType: .float32, data: bytes)
    }

    /// A float64 array of the given shape.
    public init(float64 values: [Double], shape: [Int]) {
        precondition(values.count == shape.reduce(1, *), "NPY values do not match the shape")
        var bytes = [UInt8](repeating: 0, count: values.count * 8)
        for (i, v) in values.enumerated() {
            let bits = v.bitPattern
            for b in 0..<8 { bytes[8 * i + b] = UInt8(truncatingIfNeeded: bits >> (8 * UInt64(b))) }
        }
        self.init(shape: shape, elementType: .float64, data: bytes)
    }

    /// A 2-D float32 array from a row-major matrix.
    public init(_ matrix: Matrix<Float>) {
        self.init(float32: matrix.storage, shape: [matrix.rows, matrix.columns])
    }

    /// The values as float32 (float64 values are rounded); `nil` for integer arrays.
    public var float32Values: [Float]? {
        switch elementType {
        case .float32:
            var values = [Float](repeating: 0, count: elementCount)
            for i in 0..<values.count {
                let bits = UInt32(data[4 * i]) | UInt32(data[4 * i + 1]) << 8 | UInt32(data[4 * i + 2]) << 16 | UInt32(data[4 * i + 3]) << 24
                values[i] = Float(bitPattern: bits)
            }
            return values
        case .float64:
            return float64Values.map { $0.map(Float.init) }
        case .int64:
            return nil
        }
    }

    /// The values as float64 (float32 values widened); `nil` for integer arrays.
    public var float64Values: [Double]? {
        switch elementType {
        case .float64:
            var values = [Double](repeating: 0, count: elementCount)
            for i in 0..<values.count {
                var bits: UInt64 = 0
                for b in 0..<8 { bits |= UInt64(data[8 * i + b]) << (8 * UInt64(b)) }
                values[i] = Double(bitPattern: bits)
            }
            return values
        case .float32:
            return float32Values.map { $0.map(Double.init) }
        case .int64:
            return nil
        }
    }

    /// The bytes of a version 1.0 `.npy` file holding this array.
    public func encoded() -> [UInt8] {
        var bytes = Self.header(elementType: elementType, shape: shape)
        bytes += data
        return bytes
    }

    /// The version 1.0 `.npy` header for a C-order array: the magic `\x93NUMPY`, version `1 0`,
    /// a little-endian UInt16 header length and the header dict padded with spaces and ended by
    /// `\n`, so that the data that follows starts at a multiple of 64 bytes.
    public static func header(elementType: NPYElementType, shape: [Int]) -> [UInt8] {
        let shapeText: String
        switch shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(shape[0]),)"
        default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        var header = "{'descr': '\(elementType.rawValue)', 'fortran_order': False, 'shape': \(shapeText), }"
        // magic (6) + version (2) + header length (2) + header + '\n' must be a multiple of 64.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        let length = UInt16(header.utf8.count)
        bytes += [UInt8(length & 0xff), UInt8(length >> 8)]
        bytes += Array(header.utf8)
        return bytes
    }

    /// Writes the array as a `.npy` file (atomically, `AtomicFile`).
    /// - Throws: `OutputError.unwritable`.
    public func write(to path: String) throws {
        try AtomicFile.write(Data(encoded()), to: URL(fileURLWithPath: path))
    }

    /// Reads a `.npy` file (format 1.0, 2.0 or 3.0, C order, '<f4', '<f8' or '<i8').
    public static func read(from path: String) throws -> NPYArray {
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw NPYError(path: path, problem: "cannot read .npy file (missing or unreadable)")
        }
        return try decode([UInt8](contents), path: path)
    }

    /// Parses the bytes of a `.npy` file; `path` only names the source in errors.
    public static func decode(_ bytes: [UInt8], path: String = "<memory>") throws -> NPYArray {
        func fail(_ problem: String) -> NPYError { NPYError(path: path, problem: problem) }
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8) else {
            throw fail("not a .npy file (bad magic)")
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw fail("truncated .npy header") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw fail("unsupported .npy format version \(major) (allowed: 1, 2, 3)")
        }
        guard bytes.count >= headerStart + headerLength,
              let header = String(bytes: bytes[headerStart..<(headerStart + headerLength)], encoding: .utf8)
        else { throw fail("truncated .npy header") }
        guard let descr = field("descr", in: header).map({ $0.trimmingCharacters(in: CharacterSet(charactersIn: "'\" ")) }) else {
            throw fail("header has no 'descr'")
        }
        let normalized = descr.hasPrefix("|") || descr.hasPrefix("=") ? "<" + descr.dropFirst() : descr
        guard let type = NPYElementType(rawValue: normalized) else {
            throw fail("unsupported dtype '\(descr)' (allowed: '<f4', '<f8', '<i8')")
        }
        guard let fortran = field("fortran_order", in: header), fortran.trimmingCharacters(in: .whitespaces) == "False" else {
            throw fail("Fortran-order arrays are not supported (allowed: C order)")
        }
        guard let shapeText = tupleField("shape", in: header) else { throw fail("header has no 'shape'") }
        let parts = shapeText.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var shape: [Int] = []
        for part in parts {
            guard let n = Int(part), n >= 0 else { throw fail("bad shape entry '\(part)'") }
            shape.append(n)
        }
        let dataStart = headerStart + headerLength
        // The byte count in checked arithmetic: a shape such as (4294967296, 4294967296) overflows Int.
        var expected = type.byteCount
        for n in shape {
            let (product, overflow) = expected.multipliedReportingOverflow(by: n)
            guard !overflow else {
                throw fail("shape \(shape) of \(type.rawValue) needs more bytes than an Int can count (the file holds \(bytes.count - dataStart))")
            }
            expected = product
        }
        guard bytes.count - dataStart == expected else {
            throw fail("data holds \(bytes.count - dataStart) bytes, shape \(shape) of \(type.rawValue) needs \(expected)")
        }
        return NPYArray(shape: shape, elementType: type, data: Array(bytes[dataStart...]))
    }

    /// The text after `'key':` up to the next top-level comma.
    private static func field(_ key: String, in header: String) -> String? {
        guard let range = header.range(of: "'\(key)':") ?? header.range(of: "\"\(key)\":") else { return nil }
        let rest = header[range.upperBound...]
        let end = rest.firstIndex(where: { $0 == "," || $0 == "}" }) ?? rest.endIndex
        return String(rest[..<end]).trimmingCharacters(in: .whitespaces)
    }

    /// The inside of the parenthesised tuple after `'key':`.
    private static func tupleField(_ key: String, in header: String) -> String? {
        guard let range = header.range(of: "'\(key)':") ?? header.range(of: "\"\(key)\":") else { return nil }
        let rest = header[range.upperBound...]
        guard let open = rest.firstIndex(of: "("), let close = rest[open...].firstIndex(of: ")") else { return nil }
        return String(rest[rest.index(after: open)..<close])
    }
}
