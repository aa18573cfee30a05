import CKernels
import LinearAlgebra
import Testing
@testable import Engine

/// The Gram-sum kernel behind `FixedPointActivations.gramSums` (`CKernels/include/fixed_point_gram.h`):
/// its AVX-512, AVX2 and generic builds give the same bits as the documented operations (float32
/// multiply then add, row after row within blocks of selected rows, blocks added in float64) for
/// any split of the columns; the sums are within the documented bound of a float64 reference;
/// `gramSums` gives the same bits with 1 and 2 workers and with every build selected.
@Suite(.serialized) struct FixedPointGramKernelTests {
    /// Random 16-bit codes (rows x stride, over the full UInt16 or Int16 range, about 1 in 8
    /// zero, padding columns included) and float32 weights: about a third zero (+0 or -0), the
    /// others Gaussian times 2^e, e uniform in -20...20.
    struct Instance {
        let rows: Int, columns: Int, stride: Int
        let unsigned: Bool
        /// Code bit patterns (Int16(bitPattern:) when signed).
        var codes: [UInt16]
        var weights: [Float]

        init(rows: Int, columns: Int, padding: Int, unsigned: Bool, seed: UInt64) {
            self.rows = rows; self.columns = columns; stride = columns + padding; self.unsigned = unsigned
            var g = SeededGenerator(seed: seed)
            codes = (0..<(rows * (columns + padding))).map { _ in
                let bits = UInt16(truncatingIfNeeded: g.next())
                return g.nextIndex(below: 8) == 0 ? 0 : bits
            }
            weights = (0..<rows).map { _ in
                switch g.nextIndex(below: 6) {
                case 0: return 0
                case 1: return -0.0
                default: return g.nextGaussianFloat() * Float(sign: .plus, exponent: g.nextIndex(below: 41) - 20, significand: 1)
                }
            }
        }

        func code(_ i: Int, _ r: Int) -> Float {
            let bits = codes[i * stride + r]
            return unsigned ? Float(bits) : Float(Int16(bitPattern: bits))
        }

        /// The selected rows (x_i != 0) in increasing order.
        var selectedRows: [Int] { weights.indices.filter { weights[$0] != 0 } }

        /// The kernel's sums with build `isa` over the column ranges `splits`, one call each, into
        /// zeros of length stride; nil when the CPU does not run the build.
        func kernelSums(isa: lth_isa, blockRows: Int, splits: [Range<Int>]) -> [Double]? {
            var sums = [Double](repeating: 0, count: stride)
            let block = UnsafeMutablePointer<Float>.allocate(capacity: max(1, stride))
            defer { block.deallocate() }
            var status: Int32 = 0
            codes.withUnsafeBytes { codes in
                weights.withUnsafeBufferPointer { weights in
                    var gram = lth_fixed_point_gram(codes: codes.baseAddress, stride: stride,
                                                    codes_are_unsigned: unsigned ? 1 : 0, weights: weights.baseAddress,
                                                    rows: rows, block_rows: blockRows)
                    for split in splits where status == 0 {
                        status = lth_fixed_point_gram_sums_with(isa, &gram, split.lowerBound, split.upperBound, block, &sums)
                    }
                }
            }
            return status == 0 ? sums : nil
        }

        /// The documented operations in Swift (no contraction): per column, s = +0, s = s + x_i q_ir
        /// (float32 product, then float32 sum) over each block of `blockRows` selected rows, then
        /// h_r += Double(s).
        func documentedSums(blockRows: Int) -> [Double] {
            let selected = selectedRows
            var sums = [Double](repeating: 0, count: stride)
            for r in 0..<columns {
                var start = 0
                while start < selected.count {
                    var s: Float = 0
                    for i in selected[start..<min(selected.count, start + blockRows)] {
                        let product = weights[i] * code(i, r)
                        s = s + product
                    }
                    sums[r] += Double(s)
                    start += blockRows
                }
            }
            return sums
        }
    }

    /// The first index where the bits of `a` and `b` differ (the shorter length if one is a
    /// prefix of the other); nil when they are identical.
    static func firstDifference(_ a: [Double], _ b: [Double]) -> Int? {
        if let index = (0..<min(a.count, b.count)).first(where: { a[$0].bitPattern != b[$0].bitPattern }) { return index }
        return a.count == b.count ? nil : min(a.count, b.count)
    }

    /// The builds the CPU runs.
    static var builds: [lth_isa] {
        [LTH_ISA_GENERIC, LTH_ISA_AVX2, LTH_ISA_AVX512].filter { $0.rawValue <= lth_isa_supported().rawValue }
    }

    /// Shapes (rows, columns, padding) with column counts off multiples of 8 and 16, and one row.
    static let shapes = [(1, 1, 7), (37, 13, 3), (200, 100, 4), (513, 257, 0), (1000, 333, 11), (300, 1030, 2)]

    @Test(arguments: [true, false])
    func everyBuildGivesTheDocumentedBitsForAnyColumnSplit(unsigned: Bool) throws {
        var generator = SeededGenerator(seed: unsigned ? 11 : 12)
        for (index, (m, n, padding)) in FixedPointGramKernelTests.shapes.enumerated() {
            let instance = Instance(rows: m, columns: n, padding: padding, unsigned: unsigned, seed: UInt64(100 + index))
            // Consecutive ranges with arbitrary (not multiple-of-8) bounds covering 0..<n.
            var cuts = [0, n]
            for _ in 0..<3 { cuts.append(generator.nextIndex(below: n + 1)) }
            cuts = Array(Set(cuts)).sorted()
            let pieces = zip(cuts, cuts.dropFirst()).map { $0..<$1 }
            for blockRows in [1, 7, 64, 4096] {
                let expected = instance.documentedSums(blockRows: blockRows)
                let context = "m \(m), N \(n), stride \(instance.stride), \(unsigned ? "UInt16" : "Int16"), block rows \(blockRows)"
                for isa in FixedPointGramKernelTests.builds {
                    let name = String(cString: lth_isa_name(isa))
                    let whole = try #require(instance.kernelSums(isa: isa, blockRows: blockRows, splits: [0..<n]))
                    let split = try #require(instance.kernelSums(isa: isa, blockRows: blockRows, splits: pieces))
                    #expect(FixedPointGramKernelTests.firstDifference(whole, expected) == nil, "\(name), \(context)")
                    #expect(FixedPointGramKernelTests.firstDifference(split, expected) == nil, "\(name), split \(pieces), \(context)")
                }
            }
            #expect(instance.selectedRows.count < m || m == 1, "zero weights present")
        }
    }

    /// |h_r - sum_i x_i q_ir| <= (gamma_n + 2 gamma'_{b+2}) sum_i |x_i| |q_ir| (n = blockRows, b
    /// blocks), against the float64 sum of the exact products (24 + 16 bits), whose own error
    /// gamma'_m sum |x_i q_ir| is added.
    @Test(arguments: [true, false])
    func sumsAreWithinTheDocumentedBound(unsigned: Bool) throws {
        var tight = 0
        for (index, (m, n, padding)) in FixedPointGramKernelTests.shapes.enumerated() {
            let instance = Instance(rows: m, columns: n, padding: padding, unsigned: unsigned, seed: UInt64(200 + index))
            let selected = instance.selectedRows
            for blockRows in [1, 7, 64, 4096] {
                let sums = try #require(instance.kernelSums(isa: lth_isa_active(), blockRows: blockRows, splits: [0..<n]))
                let blocks = (selected.count + blockRows - 1) / blockRows
                let kappa = GramColumn.gamma32(blockRows) + 2 * GramColumn.gamma64(blocks + 2)
                for r in 0..<n {
                    var exact = 0.0, magnitude = 0.0
                    for i in selected {
                        let product = Double(instance.weights[i]) * Double(instance.code(i, r))
                        exact += product
                        magnitude += abs(product)
                    }
                    let error = abs(sums[r] - exact)
                    let bound = kappa * magnitude
                    #expect(error <= bound + GramColumn.gamma64(m) * magnitude,
                            "column \(r), m \(m), block rows \(blockRows): |error| \(error) > bound \(bound)")
                    if error > 0.01 * bound { tight += 1 }
                }
            }
        }
        #expect(tight > 0, "the float32 rounding is visible against the bound somewhere")
    }

    /// `gramSums` on a 16-bit copy large enough for two workers: the same bits with 1 and 2
    /// workers, with every build selected (`lth_isa_select`), and as one kernel call over all
    /// columns.
    @Test(arguments: [(64, false), (7, true), (4096, false)])
    func gramSumsDoNotDependOnWorkersOrBuild(blockRows: Int, signed: Bool) throws {
        let m = 900, n = 701
        let (f, _) = GreedyIncrementalTests.instance(m: m, n: n, c: 1, seed: 31, signed: signed)
        let copy = FixedPointActivations(activations: f.activations, statistics: f.activationColumnStatistics())
        #expect(copy.isUnsigned == !signed)
        let column = f.activationColumn(5)
        let selected = column.filter { $0 != 0 }.count

        let threads = BLASRuntime.threadCount
        defer { BLASRuntime.setThreadCount(threads) }
        BLASRuntime.setThreadCount(1)
        #expect(GreedyWorkers.count(forEntries: selected * copy.stride) == 1)
        let one = copy.gramSums(weights: column, blockRows: blockRows)
        BLASRuntime.setThreadCount(2)
        #expect(GreedyWorkers.count(forEntries: selected * copy.stride) == 2, "the test needs two workers")
        let two = copy.gramSums(weights: column, blockRows: blockRows)
        #expect(one.sums.count == n && two.sums.count == n)
        #expect(FixedPointGramKernelTests.firstDifference(one.sums, two.sums) == nil, "1 vs 2 workers")
        #expect(one.blocks == (selected + blockRows - 1) / blockRows && two.blocks == one.blocks)

        // One call over every column, the build chosen explicitly.
        var whole = [Double](repeating: 0, count: copy.stride)
        let block = UnsafeMutablePointer<Float>.allocate(capacity: copy.stride)
        defer { block.deallocate() }
        column.withUnsafeBufferPointer { x in
            var gram = lth_fixed_point_gram(codes: UnsafeRawPointer(copy.codes), stride: copy.stride,
                                            codes_are_unsigned: copy.isUnsigned ? 1 : 0, weights: x.baseAddress,
                                            rows: m, block_rows: blockRows)
            #expect(lth_fixed_point_gram_sums_with(LTH_ISA_GENERIC, &gram, 0, copy.stride, block, &whole) == 0)
        }
        #expect(FixedPointGramKernelTests.firstDifference(Array(whole.prefix(n)), one.sums) == nil, "one call over all columns")

        let previous = lth_isa_active()
        defer { _ = lth_isa_select(previous) }
        for isa in FixedPointGramKernelTests.builds {
            #expect(lth_isa_select(isa) == 0)
            let sums = copy.gramSums(weights: column, blockRows: blockRows).sums
            #expect(FixedPointGramKernelTests.firstDifference(sums, one.sums) == nil, "\(String(cString: lth_isa_name(isa))) selected")
        }
    }

    /// A build the CPU does not run (or no build at all) is refused.
    @Test func unsupportedBuildsAreRefused() {
        let instance = Instance(rows: 20, columns: 9, padding: 0, unsigned: true, seed: 3)
        #expect(instance.kernelSums(isa: lth_isa(rawValue: 3), blockRows: 4, splits: [0..<9]) == nil)
        if lth_isa_supported() != LTH_ISA_AVX512 {
            #expect(instance.kernelSums(isa: LTH_ISA_AVX512, blockRows: 4, splits: [0..<9]) == nil)
        }
        #expect(instance.kernelSums(isa: LTH_ISA_GENERIC, blockRows: 4, splits: [0..<9]) != nil)
    }
}
