import COpenBLAS
import LinearAlgebra

/// Shared dense kernels of the models: sgemm products and fixed-order reductions.
///
/// Determinism: every reduction written here runs on one thread in a fixed index order
/// (float64 accumulators where stated), and every product goes through `cblas_sgemm`, whose
/// OpenBLAS threading splits the *output* matrix between threads and never the inner (k)
/// dimension, so each output element is summed in the same order on 1 or 2 threads
/// (verified by `TrainingTests`).
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
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(d),
                                    1, xp.baseAddress, Int32(d), wp.baseAddress, Int32(d), 0, zp.baseAddress, Int32(n))
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

    /// z_r <- (z_r >= 0 ? a_r * g : 0) for r = 0..<n, in place (the NTK backward mask with the
    /// convention relu'(0) = 1).
    @inline(__always)
    static func maskedSigns(_ z: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>, _ g: Float, _ n: Int) {
        // Sixteen lanes at a time: z + 0 turns -0 into +0, so the sign bit is set exactly when
        // z < 0; the mask ~(bits >> 31) (arithmetic shift) keeps a_r * g where z >= 0.
        let zero = SIMD16<Float>(repeating: 0)
        let gv = SIMD16<Float>(repeating: g)
        let zr = UnsafeMutableRawPointer(z), ar = UnsafeRawPointer(a)
        var r = 0
        while r + 16 <= n {
            let zv = zr.loadUnaligned(fromByteOffset: 4 * r, as: SIMD16<Float>.self) + zero
            let active = ~(unsafeBitCast(zv, to: SIMD16<Int32>.self) &>> 31)
            let av = ar.loadUnaligned(fromByteOffset: 4 * r, as: SIMD16<Float>.self) * gv
            let out = unsafeBitCast(unsafeBitCast(av, to: SIMD16<Int32>.self) & active, to: SIMD16<Float>.self)
            zr.storeBytes(of: out, toByteOffset: 4 * r, as: SIMD16<Float>.self)
            r += 16
        }
        while r < n {
            z[r] = z[r] >= 0 ? a[r] * g : 0
            r += 1
        }
    }

    /// Adds `bias` to each of the `rows` rows of z (rows x n); when `hidden` is non-nil also
    /// writes hidden = relu(z) (one pass).
    @inline(__always)
    static func addBias(_ z: UnsafeMutablePointer<Float>, _ bias: UnsafePointer<Float>, rows: Int, n: Int,
                        relu hidden: UnsafeMutablePointer<Float>?) {
        for i in 0..<rows {
            let row = z + i * n
            if let hidden {
                let out = hidden + i * n
                for k in 0..<n {
                    let v = row[k] + bias[k]
                    row[k] = v
                    out[k] = max(v, 0)
                }
            } else {
                for k in 0..<n { row[k] += bias[k] }
            }
        }
    }

    /// d_k <- (z_k >= 0 ? d_k : 0) for k = 0..<count, in place (relu'(0) = 1).
    @inline(__always)
    static func maskGradient(_ d: UnsafeMutablePointer<Float>, by z: UnsafePointer<Float>, count: Int) {
        for k in 0..<count { d[k] = z[k] >= 0 ? d[k] : 0 }
    }
}
