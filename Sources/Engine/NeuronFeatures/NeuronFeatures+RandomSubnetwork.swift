import LinearAlgebra

extension NeuronFeatures {
    /// Sum losses 1/2 ||c + v - y||^2 of `draws` uniformly random subnetworks of size k drawn
    /// with replacement, v = (1/k) sum_{j <= k} phi_{r_j} (r_j independent and uniform in 0..<N),
    /// the Monte-Carlo estimate of `RandomSubnetworkExpectation` (THEORY.md section 8).
    ///
    /// Draw order (reproducible): one `SeededGenerator(seed:)`; per draw, r_1..r_k by
    /// `nextIndex(below: N)`. Outputs accumulated in float64. Cost draws * k * m * C.
    /// - Precondition: k >= 1, draws >= 1, `targets` is m x C.
    public func randomSubnetworkSumLosses(size k: Int, draws: Int, seed: UInt64, targets: Matrix<Float>) -> [Double] {
        precondition(k >= 1 && draws >= 1 && neuronCount >= 1)
        precondition(targets.rows == sampleCount && targets.columns == outputCount, "targets must be m x C")
        let m = sampleCount, n = neuronCount, c = outputCount
        let scale = Double(featureScale) / Double(k)
        var generator = SeededGenerator(seed: seed)
        var losses: [Double] = []
        losses.reserveCapacity(draws)
        var v = [Double](repeating: 0, count: m * c)
        for _ in 0..<draws {
            for index in v.indices { v[index] = 0 }
            for _ in 0..<k {
                let r = generator.nextIndex(below: n)
                for i in 0..<m {
                    let a = Double(activations.storage[i * n + r])
                    guard a != 0 else { continue }
                    for o in 0..<c { v[i * c + o] += a * Double(outputWeights.storage[r * c + o]) }
                }
            }
            var total = 0.0
            for i in 0..<m {
                for o in 0..<c {
                    let d = Double(outputBias[o]) + scale * v[i * c + o] - Double(targets.storage[i * c + o])
                    total += d * d
                }
            }
            losses.append(0.5 * total)
        }
        return losses
    }
}
