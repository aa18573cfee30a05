import LinearAlgebra

/// The spread of the neuron features around the dense output (THEORY.md section 3):
///
///     rho = max_r || phi_r - (1/N) sum_s phi_s ||_F,  phi_r = featureScale * relu(X w_r) (outer) b_r,
///
/// i.e. the largest distance of a neuron feature from the dense output minus its bias, so that
/// the diameter obeys D = max_{r,s} ||phi_r - phi_s|| <= 2 rho (cost N m C instead of N^2 m C).
/// Squared distances are accumulated in float64 over samples in order, so the result can be
/// built from row chunks of the data (`accumulateSquaredDeviations`).
public enum NeuronSpread {
    /// rho for the given features.
    public static func rho(_ features: NeuronFeatures) -> Double {
        var sums = [Double](repeating: 0, count: features.neuronCount)
        accumulateSquaredDeviations(features, into: &sums)
        return (sums.max() ?? 0).squareRoot()
    }

    /// Adds sum_i sum_c (phi_r[i,c] - v[i,c])^2 over this chunk's samples to `sums[r]`, where
    /// v = (1/N) sum_r phi_r is the mean feature on the same samples.
    public static func accumulateSquaredDeviations(_ features: NeuronFeatures, into sums: inout [Double]) {
        let n = features.neuronCount, c = features.outputCount, m = features.sampleCount
        precondition(sums.count == n)
        let s = Double(features.featureScale)
        let h = features.activations.storage, b = features.outputWeights.storage
        var mean = [Double](repeating: 0, count: c)
        for i in 0..<m {
            for k in 0..<c { mean[k] = 0 }
            for r in 0..<n {
                let hr = Double(h[i * n + r])
                for k in 0..<c { mean[k] += s * hr * Double(b[r * c + k]) }
            }
            for k in 0..<c { mean[k] /= Double(n) }
            for r in 0..<n {
                let hr = Double(h[i * n + r])
                var acc = 0.0
                for k in 0..<c {
                    let e = s * hr * Double(b[r * c + k]) - mean[k]
                    acc += e * e
                }
                sums[r] += acc
            }
        }
    }

    /// rho of a two-layer network on the rows of `x`, computed in chunks of `chunkRows` samples so
    /// that the m x N activation matrix is never held at once. nil for deeper MLPs.
    public static func rho(network: Network, x: Matrix<Float>, chunkRows: Int = 1024) -> Double? {
        guard network.hiddenWidths.count == 1 else { return nil }
        var sums = [Double](repeating: 0, count: network.hiddenWidths[0])
        var start = 0
        while start < x.rows {
            let count = min(chunkRows, x.rows - start)
            let chunk = Matrix(rows: count, columns: x.columns,
                               storage: Array(x.storage[(start * x.columns)..<((start + count) * x.columns)]))
            guard let features = try? network.neuronFeatures(on: chunk) else { return nil }
            accumulateSquaredDeviations(features, into: &sums)
            start += count
        }
        return (sums.max() ?? 0).squareRoot()
    }
}
