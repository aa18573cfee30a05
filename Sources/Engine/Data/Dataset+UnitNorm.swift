import LinearAlgebra

extension Dataset {
    /// Every row x_i divided by its Euclidean norm ||x_i||_2 (accumulated in float64, the
    /// quotient rounded to float32), so that ||x_i||_2 = 1 up to float32 rounding, as the
    /// theory assumes. Targets and labels are unchanged; the description gains "rows scaled
    /// to unit norm". Data already marked `isUnitNorm` is returned unchanged.
    /// - Throws: `DataError.zeroRow` naming the first (0-based) row whose norm is zero.
    public func scaledToUnitNorm() throws -> Dataset {
        if isUnitNorm { return self }
        let d = dimension
        var xs = x.storage
        let zero: Int? = xs.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<sampleCount {
                let row = UnsafeMutableBufferPointer(rebasing: buffer[(i * d)..<((i + 1) * d)])
                var norm2 = 0.0
                for k in 0..<d {
                    let v = Double(row[k])
                    norm2 += v * v
                }
                guard norm2 > 0 else { return i }
                let norm = norm2.squareRoot()
                for k in 0..<d { row[k] = Float(Double(row[k]) / norm) }
            }
            return nil
        }
        if let row = zero { throw DataError.zeroRow(row: row) }
        return Dataset(x: Matrix(rows: sampleCount, columns: d, storage: xs), targets: targets,
                       classLabels: classLabels, classCount: classCount,
                       description: description + ", rows scaled to unit norm", isUnitNorm: true)
    }
}
