import CZlib
import Foundation

/// The element type of an IDX file: the third byte of its magic number.
public enum IDXElementType: UInt8, Sendable, CaseIterable {
    case uint8 = 0x08
    case int8 = 0x09
    case int16 = 0x0B
    case int32 = 0x0C
    case float32 = 0x0D
    case float64 = 0x0E

    /// Bytes per element.
    public var byteWidth: Int {
        switch self {
        case .uint8, .int8: return 1
        case .int16: return 2
        case .int32, .float32: return 4
        case .float64: return 8
        }
    }

    /// Human-readable name used in error messages.
    public var name: String {
        switch self {
        case .uint8: return "unsigned byte"
        case .int8: return "signed byte"
        case .int16: return "int16"
        case .int32: return "int32"
        case .float32: return "float32"
        case .float64: return "float64"
        }
    }
}

/// An n-dimensional array read from an IDX file.
///
/// IDX layout (LeCun's MNIST format): a 4-byte magic number 0x00 0x00 TT DD (TT the
/// element type, DD the number of dimensions), DD big-endian uint32 dimension sizes, then
/// the elements in row-major order, each big-endian. `payload` keeps the element bytes as
/// stored; the accessors decode them.
public struct IDXArray: Sendable {
    public let elementType: IDXElementType
    /// Dimension sizes, outermost first (e.g. [n, rows, cols] for images).
    public let dimensions: [Int]
    /// The element bytes in file order (big-endian for multi-byte types).
    public let payload: [UInt8]

    public init(elementType: IDXElementType, dimensions: [Int], payload: [UInt8]) {
        precondition(payload.count == dimensions.reduce(1, *) * elementType.byteWidth,
                     "IDX payload size does not match the dimensions")
        self.elementType = elementType
        self.dimensions = dimensions
        self.payload = payload
    }

    /// The magic number 0x0000TTDD of this array.
    public var magic: UInt32 { UInt32(elementType.rawValue) << 8 | UInt32(dimensions.count) }

    /// Number of elements, the product of the dimensions.
    public var count: Int { dimensions.reduce(1, *) }

    /// Element `i` (row-major) decoded to Double (exact for every IDX type).
    public func value(at i: Int) -> Double {
        let w = elementType.byteWidth
        var bits: UInt64 = 0
        for k in 0..<w { bits = bits << 8 | UInt64(payload[i * w + k]) }
        switch elementType {
        case .uint8: return Double(UInt8(truncatingIfNeeded: bits))
        case .int8: return Double(Int8(bitPattern: UInt8(truncatingIfNeeded: bits)))
        case .int16: return Double(Int16(bitPattern: UInt16(truncatingIfNeeded: bits)))
        case .int32: return Double(Int32(bitPattern: UInt32(truncatingIfNeeded: bits)))
        case .float32: return Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
        case .float64: return Double(bitPattern: bits)
        }
    }

    /// All elements decoded to Double, row-major.
    public func doubleValues() -> [Double] {
        if elementType == .uint8 { return payload.map { Double($0) } }
        return (0..<count).map { value(at: $0) }
    }
}

/// Reads IDX files, gzip-compressed or raw (zlib's gzread reads both: a file that does not
/// start with the gzip magic 1f 8b is passed through unchanged).
public enum IDXReader {
    /// Magic number of an MNIST image file: unsigned bytes, 3 dimensions [n, rows, cols].
    public static let imageMagic: UInt32 = 0x0000_0803
    /// Magic number of an MNIST label file: unsigned bytes, 1 dimension [n].
    public static let labelMagic: UInt32 = 0x0000_0801

    /// Whether the file starts with the gzip magic bytes 1f 8b.
    public static func isGzip(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 2)) ?? Data()
        return head.count == 2 && head[head.startIndex] == 0x1F && head[head.startIndex + 1] == 0x8B
    }

    /// All (decompressed) bytes of a file, or, when `limit` returns a byte count for the bytes
    /// read so far, at most that many plus one chunk: the reader stops once it holds more
    /// than the limit (so a gzip stream that inflates far beyond its header's promise is not
    /// decompressed to the end).
    /// - Throws: `DataError.fileNotFound`, or `DataError.unreadable` for a corrupt gzip stream.
    public static func readAllBytes(path: String, limit: ([UInt8]) -> Int? = { _ in nil }) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw DataError.fileNotFound(path: path)
        }
        guard let file = gzopen(path, "rb") else {
            throw DataError.unreadable(path: path, reason: "cannot open it")
        }
        defer { gzclose(file) }
        var bytes: [UInt8] = []
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let n = buffer.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32(chunk)) }
            if n < 0 {
                var errnum: Int32 = 0
                let message = gzerror(file, &errnum).map { String(cString: $0) } ?? "zlib error \(errnum)"
                throw DataError.unreadable(path: path, reason: "corrupt or truncated gzip stream (\(message))")
            }
            if n == 0 { break }
            bytes.append(contentsOf: buffer[0..<Int(n)])
            if let most = limit(bytes), bytes.count > most { break }
        }
        return bytes
    }

    /// Reads any IDX file. When `expectedMagic` is given, the magic number must equal it.
    /// - Throws: `DataError` for a missing file, an unknown or unexpected magic number, or
    ///   fewer/more bytes than the header promises.
    public static func read(path: String, expectedMagic: UInt32? = nil) throws -> IDXArray {
        // Stop reading once the bytes exceed what the header promises (trailing bytes are an
        // error anyway): the header is read first, so no stream inflates without bound.
        let bytes = try readAllBytes(path: path) { bytes in
            guard bytes.count >= 4 else { return nil }
            let headerBytes = 4 + 4 * Int(bytes[3])
            guard bytes.count >= headerBytes, let type = IDXElementType(rawValue: bytes[2]) else { return nil }
            var total = type.byteWidth
            for k in 0..<Int(bytes[3]) {
                let (p, o) = total.multipliedReportingOverflow(by: Int(bigEndianUInt32(bytes, at: 4 + 4 * k)))
                if o { return nil }
                total = p
            }
            let (all, o) = total.addingReportingOverflow(headerBytes)
            return o ? nil : all
        }
        let expectedMeaning = expectedMagic.map(meaning(of:)) ?? "an IDX header 0x0000TTDD with type TT in 08, 09, 0B, 0C, 0D, 0E"
        guard bytes.count >= 4 else {
            throw DataError.truncated(path: path, expectedBytes: 4, actualBytes: bytes.count)
        }
        let magic = bigEndianUInt32(bytes, at: 0)
        if let expected = expectedMagic, magic != expected {
            throw DataError.wrongMagic(path: path, found: magic, expected: expected, expectedMeaning: expectedMeaning)
        }
        guard bytes[0] == 0, bytes[1] == 0, let type = IDXElementType(rawValue: bytes[2]) else {
            throw DataError.wrongMagic(path: path, found: magic, expected: expectedMagic,
                                       expectedMeaning: expectedMeaning)
        }
        let rank = Int(bytes[3])
        let headerBytes = 4 + 4 * rank
        guard bytes.count >= headerBytes else {
            throw DataError.truncated(path: path, expectedBytes: headerBytes, actualBytes: bytes.count)
        }
        let dimensions = (0..<rank).map { Int(bigEndianUInt32(bytes, at: 4 + 4 * $0)) }
        let (elements, overflow) = dimensions.reduce((1, false)) { acc, n in
            let (p, o) = acc.0.multipliedReportingOverflow(by: n)
            return (p, acc.1 || o)
        }
        let (payloadBytes, overflow2) = elements.multipliedReportingOverflow(by: type.byteWidth)
        let expectedTotal = headerBytes + payloadBytes
        if overflow || overflow2 || expectedTotal > bytes.count {
            throw DataError.truncated(path: path, expectedBytes: (overflow || overflow2) ? Int.max : expectedTotal,
                                      actualBytes: bytes.count)
        }
        if bytes.count > expectedTotal {
            throw DataError.trailingBytes(path: path, expectedBytes: expectedTotal, actualBytes: bytes.count)
        }
        return IDXArray(elementType: type, dimensions: dimensions, payload: Array(bytes[headerBytes...]))
    }

    /// An MNIST image file (magic 0x00000803): count, rows, columns and the pixels
    /// (count * rows * columns unsigned bytes, image-major, each image row-major).
    /// - Throws: `DataError` as `read`, and `.invalidValue` when a dimension is 0.
    public static func readImages(path: String) throws -> (count: Int, rows: Int, columns: Int, pixels: [UInt8]) {
        let array = try read(path: path, expectedMagic: imageMagic)
        guard array.dimensions.allSatisfy({ $0 >= 1 }) else {
            throw DataError.invalidValue(name: "the dimensions of IDX image file '\(path)'",
                                         value: array.dimensions.map(String.init).joined(separator: " x "),
                                         allowed: "count, rows and columns each >= 1")
        }
        return (array.dimensions[0], array.dimensions[1], array.dimensions[2], array.payload)
    }

    /// An MNIST label file (magic 0x00000801): one unsigned byte per sample.
    public static func readLabels(path: String) throws -> [UInt8] {
        try read(path: path, expectedMagic: labelMagic).payload
    }

    /// What a magic number means, e.g. "IDX unsigned byte array with 3 dimensions".
    public static func meaning(of magic: UInt32) -> String {
        let typeCode = UInt8((magic >> 8) & 0xFF)
        let rank = Int(magic & 0xFF)
        let typeName = IDXElementType(rawValue: typeCode)?.name ?? "unknown type"
        let role = magic == imageMagic ? "MNIST images, " : magic == labelMagic ? "MNIST labels, " : ""
        return "\(role)IDX \(typeName) array with \(rank) dimension\(rank == 1 ? "" : "s")"
    }

    private static func bigEndianUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }
}
