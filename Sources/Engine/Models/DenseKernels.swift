import LinearAlgebra

/// Shared dense kernels of the models: sgemm products and fixed-order reductions.
///
/// Determinism: every reduction written here runs on one thread in a fixed index order
/// (float64 accumulators where stated); callers may run them on disjoint rows or columns in
/// parallel (`ParallelLoop`) because no result depends on that partition. Every product goes
/// through `ThreadInvariantGEMM`, whose sums do not depend on the number of OpenBLAS threads
/// either, so each output element is the same on 1 or 2 threads (checked by `TrainingTests`).
enum DenseKernels {
    /// Z = X W^T (+ bias broadcast over rows): X is m x d, W is n x d, Z is m x n.
    static func preActivations(_ x: Matrix<Float>, _ w: Matrix<Float>, bias: [Float]?) -> Matrix<Float> {
        precondition(x.columns == w.columns)
        var z = [Float](repeating: 0, count: x.rows * w.rows)
        let (m, n, d) = (x.rows, w.rows, x.columns)
        if m > 0 && n > 0 {
            x.storage.withUnsafeBufferPointer { xp in
                w.storage.withUnsafeBufferPointer { wp in
                    z.withUnsafeMutableBufferPointer { zp in
                        ThreadInvariantGEMM.sgemm(transA: false, transB: true, m: m, n: n, k: d, alpha: 1, a: xp.baseAddress!, lda: d,
                                                  b: wp.baseAddress!, ldb: d, beta: 0, c: zp.baseAddress!, ldc: n)
                    }
                }
            }
        }
        if let bias {
            for i in 0..<m { for j in 0..<n { z[i * n + j] += bias[j] } }
        }
        return Matrix(rows: m, columns: n, storage: z)
    }

    /// sum_r a_r relu(z_r) for r = 0..<n, in a fixed order: blocks of 128 consecutive r are
    /// summed in float32 by sixteen lanes (lane k takes r = 16j + k, j in order), the lanes
    /// are added in lane order and each block total is added to a float64 accumulator in
    /// block order; the tail n mod 128 is added in float64 in index order.
    /// (a_r relu(z_r) is formed in float32; exact for a_r in {-1, +1}.)
    @inline(__always)
    static func signedReLUSum(_ z: UnsafePointer<Float>, _ a: UnsafePointer<Float>, _ n: Int) -> Double {
        let zero = SIMD16<Float>(repeating: 0)
        var sum = 0.0
        var r = 0
        let zr = UnsafeRawPointer(z), ar = UnsafeRawPointer(a)
        while r + 128 <= n {
            var lanes = zero
            for k in stride(from: r, to: r + 128, by: 16) {
                let zv = zr.loadUnaligned(fromByteOffset: 4 * k, as: SIMD16<Float>.self)
                let av = ar.loadUnaligned(fromByteOffset: 4 * k, as: SIMD16<Float>.self)
                // relu by clearing negative lanes: bits & ~(bits >> 31) (arithmetic shift)
                let bits = unsafeBitCast(zv, to: SIMD16<Int32>.self)
                let positive = unsafeBitCast(bits & ~(bits &>> 31), to: SIMD16<Float>.self)
                lanes += positive * av
            }
            var block: Float = 0
            for lane in 0..<16 { block += lanes[lane] }
            sum += Double(block)
            r += 128
        }
        while r < n {
            sum += Double(max(z[r], 0) * a[r])
            r += 1
        }
        return sum
    }

    /// Adds `bias` to rows `rows` of z (row length n); when `hidden` is non-nil also writes
    /// hidden = relu(z) (one pass). relu(v) = max(v, 0) as Swift's `max`: +0 for v <= 0 (-0
    /// included), NaN kept.
    @inline(__always)
    static func addBias(_ z: UnsafeMutablePointer<Float>, _ bias: UnsafePointer<Float>, rows: Range<Int>, n: Int,
                        relu hidden: UnsafeMutablePointer<Float>?) {
        let zero = SIMD16<Float>(repeating: 0)
        let br = UnsafeRawPointer(bias)
        for i in rows {
            let row = UnsafeMutableRawPointer(z + i * n)
            let out = hidden.map { UnsafeMutableRawPointer($0 + i * n) }
            var k = 0
            while k + 16 <= n {
                let v = row.loadUnaligned(fromByteOffset: 4 * k, as: SIMD16<Float>.self)
                    + br.loadUnaligned(fromByteOffset: 4 * k, as: SIMD16<Float>.self)
                row.storeBytes(of: v, toByteOffset: 4 * k, as: SIMD16<Float>.self)
                if let out { out.storeBytes(of: v.replacing(with: zero, where: v .<= zero), toByteOffset: 4 * k, as: SIMD16<Float>.self) }
                k += 16
            }
            let rowp = z + i * n
            while k < n {
                let v = rowp[k] + bias[k]
                rowp[k] = v
                if let hidden { hidden[i * n + k] = max(v, 0) }
                k += 1
            }
        }
    }

    /// The backward pass through a ReLU layer for columns `columns` of the rows x n matrix d,
    /// fused with the bias gradient: d_ik <- (z_ik >= 0 ? d_ik : 0) (relu'(0) = 1; +0 where
    /// masked, also for NaN z) and columnSums_k = sum_i d_ik (float32, i = 0..<rows in order,
    /// starting from +0), for k in `columns`.
    @inline(__always)
    static func maskGradient(_ d: UnsafeMutablePointer<Float>, by z: UnsafePointer<Float>, rows: Int, n: Int,
                             columns: Range<Int>, columnSums: UnsafeMutablePointer<Float>) {
        let zero = SIMD16<Float>(repeating: 0)
        var k = columns.lowerBound
        let sums = UnsafeMutableRawPointer(columnSums)
        while k + 16 <= columns.upperBound {
            var sum = zero
            for i in 0..<rows {
                let dr = UnsafeMutableRawPointer(d + i * n), zr = UnsafeRawPointer(z + i * n)
                let zv = zr.loadUnaligned(fromByteOffset: 4 * k, as: SIMD16<Float>.self)
                let dv = dr.loadUnaligned(fromByteOffset: 4 * k, as: SIMD16<Float>.self).replacing(with: zero, where: .!(zv .>= zero))
                dr.storeBytes(of: dv, toByteOffset: 4 * k, as: SIMD16<Float>.self)
                sum += dv
            }
            sums.storeBytes(of: sum, toByteOffset: 4 * k, as: SIMD16<Float>.self)
            k += 16
        }
        while k < columns.upperBound {
            var sum: Float = 0
            for i in 0..<rows {
                let v = z[i * n + k] >= 0 ? d[i * n + k] : 0
                d[i * n + k] = v
                sum += v
            }
            columnSums[k] = sum
            k += 1
        }
    }

    /// columnSums_k = sum_i g_ik for k in `columns` of the rows x n matrix g (float32, i in order,
    /// starting from +0).
    @inline(__always)
    static func columnSums(_ g: UnsafePointer<Float>, rows: Int, n: Int, columns: Range<Int>, into columnSums: UnsafeMutablePointer<Float>) {
        for k in columns { columnSums[k] = 0 }
        for i in 0..<rows {
            let row = g + i * n
            for k in columns { columnSums[k] += row[k] }
        }
    }
}
