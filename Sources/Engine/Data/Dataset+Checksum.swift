extension Dataset {
    /// A 64-bit FNV-1a hash of the shape and the exact bits of `x` and `targets`, as 16 hex
    /// digits: equal data sets have equal checksums, and any changed value changes it with
    /// overwhelming probability. Used to tie run directories and reports to their data.
    public var checksum: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ word: UInt64) {
            var w = word
            for _ in 0..<8 {
                hash ^= w & 0xff
                hash = hash &* 0x0000_0100_0000_01b3
                w >>= 8
            }
        }
        for dimension in [x.rows, x.columns, targets.rows, targets.columns] { mix(UInt64(dimension)) }
        for value in x.storage { mix(UInt64(value.bitPattern)) }
        for value in targets.storage { mix(UInt64(value.bitPattern)) }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
