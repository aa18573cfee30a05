import LinearAlgebra

extension NeuronFeatures {
    /// Facts about every activation column a_r (column r of the m x N activations), gathered in
    /// one pass over the activations.
    struct ActivationColumnStatistics: Sendable {
        /// ||a_r||^2, accumulated in float64 over the rows in increasing order.
        var norm2: [Double]
        /// max_i |a_ir| (exact, float32).
        var largestMagnitude: [Float]
        /// Whether every activation is >= 0 (ReLU features are).
        var isNonnegative: Bool
        /// Whether every activation is finite (then every ||a_r||^2 is finite, since a float32
        /// squared and summed over m rows stays far below the float64 range).
        var isFinite: Bool
    }

    /// The column statistics in one pass over the activations (float32 reads, 8 columns at a
    /// time; workers split the columns, so every column is still summed over the rows in
    /// increasing order and the result does not depend on the number of workers).
    func activationColumnStatistics() -> ActivationColumnStatistics {
        let m = sampleCount
        let n = neuronCount
        var norm2 = [Double](repeating: 0, count: n)
        var largest = [Float](repeating: 0, count: n)
        var negative = [Int32](repeating: 0, count: n)
        let ranges = GreedyWorkers.ranges(count: n, parts: GreedyWorkers.count(forEntries: m * n), multiple: 16)
        activations.storage.withUnsafeBufferPointer { a in
            norm2.withUnsafeMutableBufferPointer { norm2 in
                largest.withUnsafeMutableBufferPointer { largest in
                    negative.withUnsafeMutableBufferPointer { negative in
                        guard let base = a.baseAddress else { return }
                        let shared = UncheckedBox((base, norm2.baseAddress!, largest.baseAddress!, negative.baseAddress!))
                        GreedyWorkers.run(parts: ranges.count) { part in
                            let (a, norm2, largest, negative) = shared.value
                            NeuronFeatures.columnStatistics(a, rows: m, stride: n, columns: ranges[part],
                                                            norm2: norm2, largest: largest, negative: negative)
                        }
                    }
                }
            }
        }
        return ActivationColumnStatistics(norm2: norm2, largestMagnitude: largest,
                                          isNonnegative: negative.allSatisfy { $0 == 0 },
                                          isFinite: norm2.allSatisfy { $0.isFinite })
    }

    /// One worker's share: the columns in `columns`, every row in increasing order (four rows per
    /// load and store of the per-column accumulators; compare-and-select forms, which inline to
    /// SSE2). negative[r] becomes nonzero when some a_ir < 0.
    private static func columnStatistics(_ a: UnsafePointer<Float>, rows m: Int, stride n: Int, columns: Range<Int>,
                                         norm2: UnsafeMutablePointer<Double>, largest: UnsafeMutablePointer<Float>,
                                         negative: UnsafeMutablePointer<Int32>) {
        let vectorEnd = columns.lowerBound + (columns.count / 8) * 8
        var i = 0
        while i < m {
            let count = min(4, m - i)
            var r = columns.lowerBound
            while r < vectorEnd {
                let n2 = UnsafeMutableRawPointer(norm2 + r)
                let big = UnsafeMutableRawPointer(largest + r)
                let sign = UnsafeMutableRawPointer(negative + r)
                var low = n2.loadUnaligned(as: SIMD4<Double>.self)
                var high = n2.loadUnaligned(fromByteOffset: 32, as: SIMD4<Double>.self)
                var magnitudeMax = big.loadUnaligned(as: SIMD8<Float>.self)
                var anyNegative = sign.loadUnaligned(as: SIMD8<Int32>.self)
                for t in 0..<count {
                    let v = UnsafeRawPointer(a + (i + t) * n + r).loadUnaligned(as: SIMD8<Float>.self)
                    let lowHalf = SIMD4<Double>(v.lowHalf), highHalf = SIMD4<Double>(v.highHalf)
                    low += lowHalf * lowHalf
                    high += highHalf * highHalf
                    let magnitude = unsafeBitCast(unsafeBitCast(v, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: SIMD8<Float>.self)
                    magnitudeMax.replace(with: magnitude, where: magnitude .> magnitudeMax)
                    anyNegative.replace(with: -1, where: v .< 0)
                }
                n2.storeBytes(of: low, as: SIMD4<Double>.self)
                n2.storeBytes(of: high, toByteOffset: 32, as: SIMD4<Double>.self)
                big.storeBytes(of: magnitudeMax, as: SIMD8<Float>.self)
                sign.storeBytes(of: anyNegative, as: SIMD8<Int32>.self)
                r += 8
            }
            while r < columns.upperBound {
                for t in 0..<count {
                    let v = a[(i + t) * n + r]
                    let d = Double(v)
                    norm2[r] += d * d
                    largest[r] = max(largest[r], abs(v))
                    if v < 0 { negative[r] = -1 }
                }
                r += 1
            }
            i += count
        }
    }
}
