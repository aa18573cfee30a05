/// The 64-bit FNV-1a hash (offset basis 0xcbf29ce484222325, prime 0x100000001b3), used for
/// configuration hashes and data checksums: deterministic across runs and platforms, not
/// cryptographic. Results print as 16 lowercase hex digits.
public struct FNV1a: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    /// Mixes in one byte.
    public mutating func combine(_ byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* 0x0000_0100_0000_01b3
    }

    /// Mixes in the 8 bytes of `word`, least significant first.
    public mutating func combine(word: UInt64) {
        var w = word
        for _ in 0..<8 {
            combine(UInt8(truncatingIfNeeded: w))
            w >>= 8
        }
    }

    /// The hash as 16 hex digits.
    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The hash of a string's UTF-8 bytes, as 16 hex digits.
    public static func hex(of text: String) -> String {
        hex(ofBytes: text.utf8)
    }

    /// The hash of a byte sequence, as 16 hex digits.
    public static func hex<Bytes: Sequence>(ofBytes bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hasher = FNV1a()
        for byte in bytes { hasher.combine(byte) }
        return hasher.hex
    }
}
