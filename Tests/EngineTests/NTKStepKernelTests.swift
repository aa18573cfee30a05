import CKernels
import Testing
import LinearAlgebra
@testable import Engine

/// The fused NTK step kernels (`CKernels/include/ntk_step.h`): their three builds agree bit for
/// bit, their results do not depend on how the work is split, the forward pass agrees with
/// `TwoLayerNTK.outputs` (sgemm + `DenseKernels.signedReLUSum`) within float32 rounding on any
/// OpenBLAS kernel set, and both kernels are within float32 rounding of float64 references.
@Suite struct NTKStepKernelTests {
    /// A random instance: X (rows x d), W^T (blocked as in ntk_step.h, padding zero), a (+-1, padding zero).
    struct Instance {
        let rows: Int, d: Int, n: Int, np: Int
        var x: [Float], wt: [Float], a: [Float], c: [Float]

        init(rows: Int, d: Int, n: Int, seed: UInt64) {
            self.rows = rows; self.d = d; self.n = n
            np = (n + 127) / 128 * 128
            var g = SeededGenerator(seed: seed)
            x = (0..<(rows * d)).map { _ in Float(g.nextGaussian()) }
            wt = [Float](repeating: 0, count: d * np)
            for k in 0..<d { for r in 0..<n { wt[NTKKernel.index(k, r, d)] = Float(g.nextGaussian()) } }
            a = [Float](repeating: 0, count: np)
            for r in 0..<n { a[r] = g.nextSign() }
            c = (0..<rows).map { _ in Float(g.nextGaussian()) }
        }

        /// W (n x d) from W^T.
        var weights: Matrix<Float> {
            var w = [Float](repeating: 0, count: n * d)
            for r in 0..<n { for k in 0..<d { w[r * d + k] = wt[NTKKernel.index(k, r, d)] } }
            return Matrix(rows: n, columns: d, storage: w)
        }

        /// Forward with build `isa` over the row ranges `splits` (consecutive, covering 0..<rows).
        func forward(_ isa: lth_isa, splits: [Range<Int>]) -> (sums: [Double], mask: [UInt32]) {
            var sums = [Double](repeating: .nan, count: rows)
            var mask = [UInt32](repeating: 0xDEAD_BEEF, count: rows * np / 32)
            x.withUnsafeBufferPointer { x in wt.withUnsafeBufferPointer { wt in a.withUnsafeBufferPointer { a in
                var layer = lth_ntk_layer(x: x.baseAddress, rows: Int64(rows), d: Int64(d), wt: wt.baseAddress,
                                          a: a.baseAddress, n: Int64(n), np: Int64(np))
                for split in splits {
                    #expect(lth_ntk_forward_with(isa, &layer, Int64(split.lowerBound), Int64(split.upperBound), &sums, &mask) == 0)
                }
            } } }
            return (sums, mask)
        }

        /// Gradient with build `isa` over the tile ranges `splits` (covering 0..<np/32), given the activation bits.
        func gradient(_ isa: lth_isa, mask: [UInt32], splits: [Range<Int>]) -> [Float] {
            var out = [Float](repeating: .nan, count: d * np)
            x.withUnsafeBufferPointer { x in wt.withUnsafeBufferPointer { wt in a.withUnsafeBufferPointer { a in
                var layer = lth_ntk_layer(x: x.baseAddress, rows: Int64(rows), d: Int64(d), wt: wt.baseAddress,
                                          a: a.baseAddress, n: Int64(n), np: Int64(np))
                for split in splits {
                    #expect(lth_ntk_gradient_with(isa, &layer, c, mask, Int64(split.lowerBound), Int64(split.upperBound), &out) == 0)
                }
            } } }
            return out
        }
    }

    /// Shapes covering: rows not a multiple of 8, d not a multiple of 8, widths with a partial
    /// 32-tile and a partial 128-block, no full 128-block, several row chunks (d = 700:
    /// 374 rows per chunk), and inputs in two packed slices of coordinates (d = 1030 > 1024).
    static let shapes: [(rows: Int, d: Int, n: Int)] = [
        (1, 1, 1), (7, 3, 5), (33, 16, 512), (100, 9, 130), (61, 64, 300), (1000, 700, 40), (20, 17, 100),
        (11, 1030, 160),
    ]

    /// Runs `body` with each kernel build this CPU runs (passed explicitly: the process-wide
    /// choice, which other suites may change while this one runs, is not touched).
    static func eachBuild(_ body: (lth_isa) -> Void) {
        for isa in [LTH_ISA_GENERIC, LTH_ISA_AVX2, LTH_ISA_AVX512] where isa.rawValue <= lth_isa_supported().rawValue {
            body(isa)
        }
    }

    @Test func theBuildsGiveTheSameBits() {
        if lth_isa_supported() != LTH_ISA_AVX512 {
            let beyond = lth_isa(rawValue: lth_isa_supported().rawValue + 1)
            var layer = lth_ntk_layer()
            #expect(lth_ntk_forward_with(beyond, &layer, 0, 0, nil, nil) == -1, "a build the CPU lacks is refused")
        }
        for (index, shape) in Self.shapes.enumerated() {
            let instance = Instance(rows: shape.rows, d: shape.d, n: shape.n, seed: UInt64(40 + index))
            var results: [(String, [UInt64], [UInt32], [UInt32])] = []
            Self.eachBuild { isa in
                let (sums, mask) = instance.forward(isa, splits: [0..<shape.rows])
                let gradient = instance.gradient(isa, mask: mask, splits: [0..<(instance.np / 32)])
                results.append((String(cString: lth_isa_name(isa)), sums.map(\.bitPattern), mask, gradient.map(\.bitPattern)))
            }
            for other in results.dropFirst() {
                #expect(other.1 == results[0].1, "sums: \(other.0) vs \(results[0].0), shape \(shape)")
                #expect(other.2 == results[0].2, "bits: \(other.0) vs \(results[0].0), shape \(shape)")
                #expect(other.3 == results[0].3, "gradient: \(other.0) vs \(results[0].0), shape \(shape)")
            }
        }
    }

    @Test func splittingTheWorkChangesNoBit() {
        Self.eachBuild { isa in
            for (index, shape) in Self.shapes.enumerated() where shape.rows >= 7 {
                let instance = Instance(rows: shape.rows, d: shape.d, n: shape.n, seed: UInt64(60 + index))
                let whole = instance.forward(isa, splits: [0..<shape.rows])
                let cut = shape.rows / 3
                let parts = instance.forward(isa, splits: [0..<cut, cut..<(cut + 1), (cut + 1)..<shape.rows])
                #expect(whole.sums.map(\.bitPattern) == parts.sums.map(\.bitPattern), "shape \(shape)")
                #expect(whole.mask == parts.mask, "shape \(shape)")
                let tiles = instance.np / 32
                let one = instance.gradient(isa, mask: whole.mask, splits: [0..<tiles])
                let split = instance.gradient(isa, mask: whole.mask, splits: [0..<(tiles / 2), (tiles / 2)..<tiles])
                #expect(one.map(\.bitPattern) == split.map(\.bitPattern), "shape \(shape)")
            }
        }
    }

    /// The kernel's forward agrees with `TwoLayerNTK.outputs` (OpenBLAS sgemm, then
    /// `signedReLUSum`) within float32 rounding, on every build and whichever kernel set OpenBLAS
    /// runs (`OPENBLAS_CORETYPE`): the two sum z_ir = x_i . w_r in different orders (OpenBLAS's
    /// order depends on the CPU's kernels, so no bit is asserted), each within gamma_d sum_k
    /// |x_ik w_rk| of the exact z_ir; the outputs then differ by at most the sum over r of both
    /// errors plus each side's own float32 summation of the N terms (gamma_{16 + N/8} on the
    /// magnitudes) and the final rounding to float32. Activation bits agree wherever |z_ir| is
    /// above twice that rounding radius (a z_ir within rounding of 0 may fall either way).
    @Test func forwardAgreesWithTheBLASForwardWithinRounding() {
        let u = Double(Float.ulpOfOne) / 2
        func gamma(_ k: Int) -> Double { Double(k) * u / (1 - Double(k) * u) }
        Self.eachBuild { isa in
            for (index, shape) in Self.shapes.enumerated() {
                let instance = Instance(rows: shape.rows, d: shape.d, n: shape.n, seed: UInt64(80 + index))
                let (sums, mask) = instance.forward(isa, splits: [0..<shape.rows])
                let a = Array(instance.a.prefix(shape.n))
                let model = TwoLayerNTK(weights: instance.weights, outputSigns: a, initialWeights: instance.weights, kappa: 1)
                let x = Matrix(rows: shape.rows, columns: shape.d, storage: instance.x)
                let outputs = model.outputs(x)
                let z = DenseKernels.preActivations(x, instance.weights, bias: nil)
                let s = 1 / Double(shape.n).squareRoot()
                let gammaZ = gamma(shape.d + 1), gammaSum = gamma(16 + shape.n / 8 + 2)
                var undecided = 0, disagreeing = 0
                for i in 0..<shape.rows {
                    var magnitude = 0.0, zError = 0.0
                    for r in 0..<shape.n {
                        var zAbs = 0.0
                        for k in 0..<shape.d {
                            zAbs += abs(Double(instance.x[i * shape.d + k]) * Double(instance.wt[NTKKernel.index(k, r, shape.d)]))
                        }
                        magnitude += zAbs
                        zError += 2 * gammaZ * zAbs
                        let bit = (mask[(r / 32) * shape.rows + i] >> UInt32(r % 32)) & 1
                        let blasBit: UInt32 = (z[i, r] + 0).sign == .plus ? 1 : 0
                        if abs(Double(z[i, r])) <= 2 * gammaZ * zAbs { undecided += 1 } else if bit != blasBit { disagreeing += 1 }
                    }
                    let bound = s * (zError + 2 * gammaSum * (magnitude + zError)) + 2 * u * abs(Double(outputs[i, 0])) + 1e-30
                    #expect(abs(s * sums[i] - Double(outputs[i, 0])) <= bound,
                            "u_\(i), \(String(cString: lth_isa_name(isa))), shape \(shape), OpenBLAS \(BLASRuntime.coreName)")
                }
                #expect(disagreeing == 0, "activation bits away from 0, shape \(shape) (\(undecided) within rounding of 0)")
            }
        }
    }

    /// |S_i - sum_r a_r relu(z_ir)| and |dW^T - sum_i g_ir x_ik| within gamma_K times the sums of
    /// absolute values, K = d + 1 + 16 + N/8 (forward: d products, 8 lane adds and 16 in the
    /// horizontal sum per block) or rows + 1 (gradient), against float64 references using the
    /// kernels' own activation bits (a z_ir within rounding of 0 may fall either way).
    @Test func kernelsAreWithinRoundingOfFloat64() {
        let u = Double(Float.ulpOfOne) / 2
        for (index, shape) in Self.shapes.enumerated() {
            let instance = Instance(rows: shape.rows, d: shape.d, n: shape.n, seed: UInt64(100 + index))
            let (sums, mask) = instance.forward(lth_isa_supported(), splits: [0..<shape.rows])
            let gradient = instance.gradient(lth_isa_supported(), mask: mask, splits: [0..<(instance.np / 32)])
            let (rows, d, np) = (shape.rows, shape.d, instance.np)
            let kForward = Double(d + 1 + 16 + shape.n / 8)
            let gammaForward = kForward * u / (1 - kForward * u)
            for i in 0..<rows {
                var exact = 0.0, magnitude = 0.0
                for r in 0..<shape.n {
                    var z = 0.0, zAbs = 0.0
                    for k in 0..<d {
                        let p = Double(instance.x[i * d + k]) * Double(instance.wt[NTKKernel.index(k, r, d)])
                        z += p; zAbs += abs(p)
                    }
                    let active = (mask[(r / 32) * rows + i] >> UInt32(r % 32)) & 1 == 1
                    exact += active ? Double(instance.a[r]) * max(z, 0) : 0
                    magnitude += zAbs
                }
                #expect(abs(sums[i] - exact) <= gammaForward * magnitude + 1e-300, "S_\(i), shape \(shape)")
            }
            let gammaGradient = Double(rows + 1) * u / (1 - Double(rows + 1) * u)
            for k in 0..<d {
                for r in 0..<np {
                    var exact = 0.0, magnitude = 0.0
                    for i in 0..<rows where (mask[(r / 32) * rows + i] >> UInt32(r % 32)) & 1 == 1 {
                        let p = Double(instance.a[r] * instance.c[i]) * Double(instance.x[i * d + k])
                        exact += p; magnitude += abs(p)
                    }
                    #expect(abs(Double(gradient[NTKKernel.index(k, r, d)]) - exact) <= gammaGradient * magnitude, "dW^T[\(k)][\(r)], shape \(shape)")
                    if r >= shape.n { #expect(gradient[NTKKernel.index(k, r, d)] == 0, "padding neuron \(r) gets a zero gradient") }
                }
            }
        }
    }
}
