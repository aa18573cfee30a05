import LinearAlgebra

/// A 16-bit fixed-point copy of the m x N activations, one power-of-two scale per column, read
/// by the Gram-column passes of the incremental exact scorer (`GreedyForwardSelection.IncrementalScorer`):
/// half the bytes of the float32 matrix.
///
/// Representation of every activation:
///     a_ir = sigma_r q_ir + e_ir,   |e_ir| <= rho_r = sigma_r / 2,
/// with integer codes |q_ir| <= Q, Q = 65535 (stored as UInt16) when every activation is >= 0
/// (ReLU features) and Q = 32767 (stored as Int16) otherwise, and the column scale
///     sigma_r = 2^t_r, the smallest power of two with max_i |a_ir| < (Q + 1/2) sigma_r (and >= 2^-126),
/// q_ir = round(a_ir / sigma_r) (nearest, ties to even; |a_ir / sigma_r| < Q + 1/2 keeps it within
/// [-Q, Q]). Because sigma_r is a power of two, v = a_ir / sigma_r is an exact float32 product
/// (or, below 2^-126, rounds to a subnormal and q_ir = 0 with |e_ir| = |a_ir| < 2^-126 sigma_r),
/// so |e_ir| <= sigma_r / 2. Zeros stay exactly 0 (code 0); a zero column has sigma_r = 2^-126,
/// codes 0 and rho_r = 0.
///
/// Layout: row-major, each row padded with zero codes to `stride` = 8 ceil(N / 8) entries.
/// Memory: 2 m stride bytes (m N 2 bytes up to the padding). Making it is one pass over the
/// float32 activations (read 4 m N bytes, write 2 m stride bytes).
final class FixedPointActivations: @unchecked Sendable {
    /// m.
    let rows: Int
    /// N.
    let columns: Int
    /// Codes per stored row: N rounded up to a multiple of 8.
    let stride: Int
    /// Whether the codes are UInt16 (all activations >= 0); Int16 otherwise.
    let isUnsigned: Bool
    /// Q: the largest code magnitude.
    let largestCode: Int
    /// sigma_r (powers of two, exact in float32 and float64).
    let scale: [Double]
    /// rho_r = sigma_r / 2 (0 for a zero column): a bound on |a_ir - sigma_r q_ir|.
    let representationError: [Double]
    /// The codes, `rows * stride` 16-bit integers.
    let codes: UnsafeMutableRawPointer

    /// Bytes held by the codes.
    var byteCount: Int { rows * stride * 2 }

    /// Makes the copy of `activations` (every entry finite), with the column maxima and the sign
    /// of the statistics pass.
    init(activations: Matrix<Float>, statistics: NeuronFeatures.ActivationColumnStatistics) {
        precondition(statistics.isFinite, "the fixed-point copy needs finite activations")
        rows = activations.rows
        columns = activations.columns
        stride = (columns + 7) / 8 * 8
        isUnsigned = statistics.isNonnegative
        largestCode = isUnsigned ? 65535 : 32767
        // sigma_r = 2^t_r: the smallest power of two with max |a_ir| < (Q + 1/2) sigma_r, at least
        // 2^-126 so that sigma_r and 1/sigma_r are normal float32 numbers (max |a| < 2^128 gives
        // t_r <= 113).
        var scaleFloat = [Float](repeating: 0, count: stride)
        var inverseScale = [Float](repeating: 0, count: stride)
        let halfAboveQ = Double(largestCode) + 0.5
        for r in 0..<columns {
            // (Q + 1/2) 2^t is exact in float64, so the comparisons are exact.
            let largest = Double(statistics.largestMagnitude[r])
            let limit = { (t: Int) in Double(sign: .plus, exponent: t, significand: halfAboveQ) }
            var exponent = largest > 0 ? max(-126, Int(largest.exponent) - 16) : -126
            while limit(exponent) <= largest { exponent += 1 }
            while exponent > -126 && limit(exponent - 1) > largest { exponent -= 1 }
            scaleFloat[r] = Float(sign: .plus, exponent: exponent, significand: 1)
            inverseScale[r] = Float(sign: .plus, exponent: -exponent, significand: 1)
        }
        scale = (0..<columns).map { Double(scaleFloat[$0]) }
        representationError = (0..<columns).map {
            statistics.largestMagnitude[$0] == 0 ? 0 : Double(scaleFloat[$0]) / 2
        }
        codes = UnsafeMutableRawPointer.allocate(byteCount: max(rows * stride * 2, 64), alignment: 64)
        let parts = GreedyWorkers.count(forEntries: rows * columns)
        let rowRanges = GreedyWorkers.ranges(count: rows, parts: parts, multiple: 1)
        let (n, codeStride, buffer) = (columns, stride, codes)
        activations.storage.withUnsafeBufferPointer { a in
            guard let base = a.baseAddress else { return }
            let shared = UncheckedBox(base)
            GreedyWorkers.run(parts: rowRanges.count) { part in
                FixedPointActivations.encode(shared.value, rows: rowRanges[part], columns: n, stride: codeStride,
                                             inverseScale: inverseScale, codes: buffer)
            }
        }
    }

    deinit { codes.deallocate() }

    /// Encodes the rows of one worker. Per entry, with v = a * (1/sigma) (exact, |v| < Q + 1/2):
    /// t = v + 1.5 * 2^23 rounds v to the nearest integer q (ties to even; |v| < 2^22), and the bit
    /// pattern of t is that of 1.5 * 2^23 (low 16 bits zero) plus q, so its low 16 bits are the
    /// code (q for UInt16, q mod 2^16 = Int16(q) for Int16).
    private static func encode(_ a: UnsafePointer<Float>, rows: Range<Int>, columns n: Int, stride: Int,
                               inverseScale: [Float], codes: UnsafeMutableRawPointer) {
        let magic: Float = 12_582_912  // 1.5 * 2^23
        let vectorEnd = n / 8 * 8
        inverseScale.withUnsafeBufferPointer { inverse in
            let inverseRaw = UnsafeRawPointer(inverse.baseAddress!)
            for i in rows {
                let row = UnsafeRawPointer(a + i * n)
                let out = codes + i * stride * 2
                var r = 0
                while r < vectorEnd {
                    let v = row.loadUnaligned(fromByteOffset: r * 4, as: SIMD8<Float>.self)
                    let shifted = v * inverseRaw.load(fromByteOffset: r * 4, as: SIMD8<Float>.self) + magic
                    let bits = unsafeBitCast(shifted, to: SIMD8<UInt32>.self)
                    out.storeBytes(of: SIMD8<UInt16>(truncatingIfNeeded: bits), toByteOffset: r * 2, as: SIMD8<UInt16>.self)
                    r += 8
                }
                while r < stride {
                    let code = r < n ? UInt16(truncatingIfNeeded: (row.load(fromByteOffset: r * 4, as: Float.self) * inverse[r]
                                                                   + magic).bitPattern) : 0
                    out.storeBytes(of: code, toByteOffset: r * 2, as: UInt16.self)
                    r += 1
                }
            }
        }
    }
}
