import LinearAlgebra

extension Dataset {
    /// Stream number of `subsetIndices` ("SUBS" in ASCII).
    public static let subsetStream: UInt64 = 0x5355_4253

    /// `count` distinct row indices of 0..<population drawn uniformly without replacement
    /// with `SeededGenerator(seed: SeededGenerator.derivedSeed(seed, stream: subsetStream))`
    /// (its own stream, so a run that uses the same seed for weights draws unrelated numbers)
    /// by a partial Fisher-Yates shuffle: for k = 0..<count swap
    /// position k with k + nextIndex(below: population - k); returned in increasing order.
    /// The same (population, count, seed) always gives the same indices.
    /// - Throws: `DataError.subsetTooLarge` when count > population,
    ///   `DataError.invalidValue` when count < 1.
    public static func subsetIndices(population: Int, count: Int, seed: UInt64) throws -> [Int] {
        guard count >= 1 else {
            throw DataError.invalidValue(name: "the subset size m", value: "\(count)", allowed: "integers 1...\(population)")
        }
        guard count <= population else {
            throw DataError.subsetTooLarge(requested: count, available: population)
        }
        var generator = SeededGenerator(seed: SeededGenerator.derivedSeed(seed, stream: subsetStream))
        var permutation = Array(0..<population)
        generator.shufflePrefix(&permutation, count: count)
        return permutation[0..<count].sorted()
    }

    /// A random subset of `count` samples drawn uniformly without replacement (see
    /// `subsetIndices(population:count:seed:)`), rows kept in their original order, every
    /// other property kept. The description gains "N of M samples drawn without replacement
    /// (seed S)".
    /// - Throws: `DataError.subsetTooLarge` (naming how many samples there are) or
    ///   `DataError.invalidValue` for count < 1.
    public func subset(count: Int, seed: UInt64) throws -> Dataset {
        let indices = try Dataset.subsetIndices(population: sampleCount, count: count, seed: seed)
        return rows(indices, note: "\(count) of \(sampleCount) samples drawn without replacement (seed \(seed))")
    }

    /// The rows at `indices` (in that order), with `note` appended to the description.
    /// - Precondition: every index is in 0..<sampleCount.
    public func rows(_ indices: [Int], note: String) -> Dataset {
        let d = dimension
        let c = outputCount
        for i in indices {
            precondition(i >= 0 && i < sampleCount, "row \(i) outside 0..<\(sampleCount)")
        }
        let xs = Dataset.gatherRows(x.storage, width: d, indices: indices)
        let ts = Dataset.gatherRows(targets.storage, width: c, indices: indices)
        return Dataset(x: Matrix(rows: indices.count, columns: d, storage: xs),
                       targets: Matrix(rows: indices.count, columns: c, storage: ts),
                       classLabels: classLabels.map { labels in indices.map { labels[$0] } },
                       classCount: classCount,
                       description: description + ", " + note, isUnitNorm: isUnitNorm)
    }

    /// Rows `indices` of a row-major array with `width` columns, concatenated.
    static func gatherRows(_ storage: [Float], width: Int, indices: [Int]) -> [Float] {
        [Float](unsafeUninitializedCapacity: indices.count * width) { out, initialized in
            storage.withUnsafeBufferPointer { source in
                for (r, i) in indices.enumerated() {
                    for k in 0..<width { out[r * width + k] = source[i * width + k] }
                }
            }
            initialized = indices.count * width
        }
    }
}
