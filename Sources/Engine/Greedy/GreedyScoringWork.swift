extension GreedySelection {
    /// What the exact scorer read to make its picks (diagnostic; deterministic for a given
    /// input, unlike the timings). All zero for the `sampled` variant.
    public struct ScoringWork: Sendable, Equatable {
        /// Passes over the whole float32 activation matrix: the column-statistics pass, every
        /// fresh projection A^T M_j, and the pass that makes the 16-bit copy.
        public var activationPasses: Int = 0
        /// Fresh projections A^T M_j (blocked float32 BLAS): one per step for `fullPassPerStep`;
        /// step 1 and every refresh for `incremental`.
        public var freshProjections: Int = 0
        /// Fresh projections of the incremental scorer after step 1 (bounds reset).
        public var refreshes: Int = 0
        /// Gram columns A^T a_p computed from the 16-bit copy (one per distinct pick at most,
        /// unless the cache was full).
        public var gramColumnsComputed: Int = 0
        /// Picks whose Gram column came from the cache (neurons picked again).
        public var gramColumnsReused: Int = 0
        /// Float64 rescoring sweeps (steps whose float32 or incremental scores left more than one
        /// possible minimiser).
        public var rescoringSweeps: Int = 0
        /// Bytes of activation data read or written: 4 m N per float32 pass, 4 m N + 2 m N' to make
        /// the 16-bit copy (N' = N rounded up to a multiple of 8), 2 N' per row read by a Gram
        /// column, and one 64-byte cache line per entry for column reads (the picked neuron's
        /// column, float64 rescoring sweeps).
        public var bytesStreamed: Double = 0
        /// Memory of the 16-bit copy (0 when not made): 2 m N' bytes.
        public var fixedPointBytes: Int = 0
        /// Memory of the cached Gram columns at the end: 8 N bytes per cached column.
        public var gramCacheBytes: Int = 0

        public init() {}
    }
}
