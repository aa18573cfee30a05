extension FixedPointActivations {
    /// h_r = sum_{i: x_i != 0} x_i q_ir for every column r (float64, length N) with the weights
    /// x = a_p (the activation column of neuron p, length m); returns the sums and the number of
    /// float32 blocks b. Only the rows of the 16-bit copy with x_i != 0 are read (2 stride bytes
    /// each).
    ///
    /// The rows with x_i != 0, in increasing order, are cut into consecutive blocks of
    /// `blockRows`; within a block each h_r is a float32 sum of at most `blockRows` products
    /// x_i q_ir (codes convert to float32 exactly, products and sums are rounded; up to 8 rows at a
    /// time, 8 columns per SIMD vector), and the block sums are added in float64. Hence, for any
    /// order of the float32 operations,
    ///     |h_r - sum_i x_i q_ir| <= (gamma_n + 2 gamma'_{b+2}) sum_i |x_i| |q_ir|,
    /// n = blockRows, gamma_n = n u/(1 - n u), u = 2^-24, gamma'_k = k 2^-53/(1 - k 2^-53) (the
    /// float64 block sums; each block's |float32 sum| is at most (1 + gamma_n) times its sum of
    /// |products|). Workers split the columns and all see the same blocks, so the result does not
    /// depend on the number of workers.
    func gramSums(weights x: [Float], blockRows: Int) -> (sums: [Double], blocks: Int) {
        precondition(blockRows >= 1 && x.count == rows)
        var sums = [Double](repeating: 0, count: stride)
        var selected = 0
        for value in x where value != 0 { selected += 1 }
        let parts = GreedyWorkers.count(forEntries: selected * stride)
        let ranges = GreedyWorkers.ranges(count: stride, parts: parts, multiple: 8)
        let (m, codeStride, unsigned, codes) = (rows, stride, isUnsigned, codes)
        x.withUnsafeBufferPointer { x in
            sums.withUnsafeMutableBufferPointer { sums in
                let shared = UncheckedBox((sums.baseAddress!, x.baseAddress!))
                GreedyWorkers.run(parts: ranges.count) { part in
                    let (sums, x) = shared.value
                    let pass = WorkerPass(codes: codes, rows: m, stride: codeStride, weights: x, blockRows: blockRows,
                                          columns: ranges[part], sums: sums)
                    if unsigned { pass.run(UInt16.self) } else { pass.run(Int16.self) }
                }
            }
        }
        return (Array(sums.prefix(columns)), (selected + blockRows - 1) / blockRows)
    }

    /// One worker's share of `gramSums`: the columns in `columns` (multiples of 8).
    private struct WorkerPass {
        let codes: UnsafeMutableRawPointer
        let rows: Int
        let stride: Int
        let weights: UnsafePointer<Float>
        let blockRows: Int
        let columns: Range<Int>
        let sums: UnsafeMutablePointer<Double>

        func run<Code: FixedWidthInteger & SIMDScalar>(_ code: Code.Type) {
            let width = columns.count
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: width * 4, alignment: 64)
            buffer.initializeMemory(as: Float.self, repeating: 0, count: width)
            // Selected rows waiting for a group: at most 7 carried over plus one batch of 64.
            let queueRows = UnsafeMutablePointer<UnsafeRawPointer>.allocate(capacity: 72)
            let queueWeights = UnsafeMutablePointer<Float>.allocate(capacity: 72)
            let groupRows = UnsafeMutablePointer<UnsafeRawPointer>.allocate(capacity: 8)
            let groupWeights = UnsafeMutablePointer<Float>.allocate(capacity: 8)
            defer {
                buffer.deallocate()
                queueRows.deallocate()
                queueWeights.deallocate()
                groupRows.deallocate()
                groupWeights.deallocate()
            }
            let byteOffset = columns.lowerBound * 2
            var queued = 0
            var inBlock = 0
            // Processes queued rows in groups of min(8, rows left in the block); with `all`, also
            // a short final group; flushes after every full block.
            func drain(all: Bool) {
                var taken = 0
                while true {
                    let group = min(8, blockRows - inBlock)
                    let count = min(group, queued - taken)
                    if count == 0 || (count < group && !all) { break }
                    for u in 0..<8 {
                        groupRows[u] = u < count ? queueRows[taken + u] : queueRows[taken]
                        groupWeights[u] = u < count ? queueWeights[taken + u] : 0
                    }
                    FixedPointActivations.accumulateEight(Code.self, groupRows, groupWeights, into: buffer, width: width)
                    taken += count
                    inBlock += count
                    if inBlock == blockRows {
                        FixedPointActivations.flush(buffer, width: width, into: sums + columns.lowerBound)
                        inBlock = 0
                    }
                }
                for t in taken..<queued {
                    queueRows[t - taken] = queueRows[t]
                    queueWeights[t - taken] = queueWeights[t]
                }
                queued -= taken
            }
            var start = 0
            while start < rows {
                let end = min(rows, start + 64)
                for i in start..<end where weights[i] != 0 {
                    queueRows[queued] = UnsafeRawPointer(codes + i * stride * 2 + byteOffset)
                    queueWeights[queued] = weights[i]
                    queued += 1
                }
                drain(all: false)
                start = end
            }
            drain(all: true)
            if inBlock > 0 { FixedPointActivations.flush(buffer, width: width, into: sums + columns.lowerBound) }
        }
    }

    /// sums[c] += Double(block[c]) and block[c] = 0 for c < width (a multiple of 8), 8 at a time.
    @inline(__always)
    fileprivate static func flush(_ block: UnsafeMutableRawPointer, width: Int, into sums: UnsafeMutablePointer<Double>) {
        let target = UnsafeMutableRawPointer(sums)
        var c = 0
        while c < width {
            let v = block.load(fromByteOffset: c &* 4, as: SIMD8<Float>.self)
            let low = target.loadUnaligned(fromByteOffset: c &* 8, as: SIMD4<Double>.self) + SIMD4<Double>(v.lowHalf)
            let high = target.loadUnaligned(fromByteOffset: c &* 8 &+ 32, as: SIMD4<Double>.self) + SIMD4<Double>(v.highHalf)
            target.storeBytes(of: low, toByteOffset: c &* 8, as: SIMD4<Double>.self)
            target.storeBytes(of: high, toByteOffset: c &* 8 &+ 32, as: SIMD4<Double>.self)
            block.storeBytes(of: SIMD8<Float>(), toByteOffset: c &* 4, as: SIMD8<Float>.self)
            c &+= 8
        }
    }

    /// block[c] = ((block[c] + w0 q0[c]) + w1 q1[c]) + ... + w7 q7[c] for c < width (a multiple of
    /// 8), 8 columns per step (rows with weight 0 add exact zeros).
    @inline(__always)
    fileprivate static func accumulateEight<Code: FixedWidthInteger & SIMDScalar>(
        _ code: Code.Type, _ r: UnsafeMutablePointer<UnsafeRawPointer>, _ w: UnsafeMutablePointer<Float>,
        into block: UnsafeMutableRawPointer, width: Int
    ) {
        let w0 = SIMD8<Float>(repeating: w[0]), w1 = SIMD8<Float>(repeating: w[1])
        let w2 = SIMD8<Float>(repeating: w[2]), w3 = SIMD8<Float>(repeating: w[3])
        let w4 = SIMD8<Float>(repeating: w[4]), w5 = SIMD8<Float>(repeating: w[5])
        let w6 = SIMD8<Float>(repeating: w[6]), w7 = SIMD8<Float>(repeating: w[7])
        let r0 = r[0], r1 = r[1], r2 = r[2], r3 = r[3], r4 = r[4], r5 = r[5], r6 = r[6], r7 = r[7]
        var c = 0
        while c < width {
            var s = block.load(fromByteOffset: c &* 4, as: SIMD8<Float>.self)
            s += w0 * SIMD8<Float>(r0.loadUnaligned(fromByteOffset: c &* 2, as: SIMD8<Code>.self))
            s += w1 * SIMD8<Float>(r1.loadUnaligned(fromByteOffset: c &* 2, as: SIMD8<Code>.self))
            s += w2 * SIMD8<Float>(r2.loadUnaligned(fromByteOffset: c &* 2, as: SIMD8<Code>.self))
            s += w3 * SIMD8<Float>(r3.loadUnaligned(fromByteOffset: c &* 2, as: SIMD8<Code>.self))
            s += w4 * SIMD8<Float>(r4.loadUnaligned(fromByteOffset: c &* 2, as: SIMD8<Code>.self))
            s += w5 * SIMD8<Float>(r5.loadUnaligned(fromByteOffset: c &* 2, as: SIMD8<Code>.self))
            s += w6 * SIMD8<Float>(r6.loadUnaligned(fromByteOffset: c &* 2, as: SIMD8<Code>.self))
            s += w7 * SIMD8<Float>(r7.loadUnaligned(fromByteOffset: c &* 2, as: SIMD8<Code>.self))
            block.storeBytes(of: s, toByteOffset: c &* 4, as: SIMD8<Float>.self)
            c &+= 8
        }
    }
}
