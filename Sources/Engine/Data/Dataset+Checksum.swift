extension Dataset {
    /// A 64-bit FNV-1a hash of the shape and the exact bits of `x` and `targets`, as 16 hex
    /// digits: equal data sets have equal checksums, and any changed value changes it with
    /// overwhelming probability. Used to tie run directories and reports to their data.
    public var checksum: String {
        var hasher = FNV1a()
        for dimension in [x.rows, x.columns, targets.rows, targets.columns] { hasher.combine(word: UInt64(dimension)) }
        for value in x.storage { hasher.combine(word: UInt64(value.bitPattern)) }
        for value in targets.storage { hasher.combine(word: UInt64(value.bitPattern)) }
        return hasher.hex
    }
}
