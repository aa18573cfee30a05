import CKernels

extension FixedPointActivations {
    /// h_r = sum_{i: x_i != 0} x_i q_ir for every column r (float64, length N) with the weights
    /// x = a_p (the activation column of neuron p, length m); returns the sums and the number of
    /// float32 blocks b. Only the rows of the 16-bit copy with x_i != 0 are read (2 stride bytes
    /// each).
    ///
    /// The rows with x_i != 0, in increasing order, are cut into consecutive blocks of
    /// `blockRows`; within a block each h_r is a float32 sum from +0, row after row, of the
    /// products x_i q_ir (codes convert to float32 exactly; each product is rounded, then each
    /// sum: a multiply and an add, no fused multiply-add), and the block sums are added in
    /// float64. Hence
    ///     |h_r - sum_i x_i q_ir| <= (gamma_n + 2 gamma'_{b+2}) sum_i |x_i| |q_ir|,
    /// n = blockRows, gamma_n = n u/(1 - n u), u = 2^-24, gamma'_k = k 2^-53/(1 - k 2^-53) (the
    /// float64 block sums; each block's |float32 sum| is at most (1 + gamma_n) times its sum of
    /// |products|).
    ///
    /// The pass is the C kernel `lth_fixed_point_gram_sums` (CKernels, fixed_point_gram.h): its
    /// AVX-512, AVX2 and generic builds perform these operations in this order for every column,
    /// so they return the same bits, and so does any split of the columns. Workers
    /// (`GreedyWorkers`) split the columns (ranges of multiples of 8) and all see the same blocks,
    /// so the result does not depend on the number of workers.
    func gramSums(weights x: [Float], blockRows: Int) -> (sums: [Double], blocks: Int) {
        precondition(blockRows >= 1 && x.count == rows)
        var sums = [Double](repeating: 0, count: stride)
        var selected = 0
        for value in x where value != 0 { selected += 1 }
        let parts = GreedyWorkers.count(forEntries: selected * stride)
        let ranges = GreedyWorkers.ranges(count: stride, parts: parts, multiple: 8)
        x.withUnsafeBufferPointer { x in
            sums.withUnsafeMutableBufferPointer { sums in
                let gram = lth_fixed_point_gram(codes: UnsafeRawPointer(codes), stride: stride,
                                                codes_are_unsigned: isUnsigned ? 1 : 0, weights: x.baseAddress,
                                                rows: rows, block_rows: blockRows)
                let shared = UncheckedBox((gram, sums.baseAddress))
                GreedyWorkers.run(parts: ranges.count) { part in
                    var gram = shared.value.0
                    let columns = ranges[part]
                    let block = UnsafeMutablePointer<Float>.allocate(capacity: columns.count)
                    defer { block.deallocate() }
                    lth_fixed_point_gram_sums(&gram, columns.lowerBound, columns.upperBound, block, shared.value.1)
                }
            }
        }
        return (Array(sums.prefix(columns)), (selected + blockRows - 1) / blockRows)
    }
}
