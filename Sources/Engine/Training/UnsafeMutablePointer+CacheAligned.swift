extension UnsafeMutablePointer {
    /// Memory for `count` values (at least one, uninitialized) at a 64-byte aligned address, a
    /// cache line: the C kernels load 64-byte vectors, and one straddling two lines costs two
    /// loads (`malloc` aligns large blocks to 16 bytes only). Free it with `deallocate()`.
    static func allocateCacheAligned(capacity count: Int) -> UnsafeMutablePointer<Pointee> {
        UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1) * MemoryLayout<Pointee>.stride, alignment: 64)
            .bindMemory(to: Pointee.self, capacity: Swift.max(count, 1))
    }
}
