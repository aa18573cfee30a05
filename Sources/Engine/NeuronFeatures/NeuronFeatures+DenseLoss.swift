import LinearAlgebra

extension NeuronFeatures {
    /// l(u) = 1/2 ||c + ubar - y||^2 (sum convention, float64) of the dense network, ubar =
    /// (1/N) sum_r phi_r. Since ubar is in the convex hull of the phi_r, Theorem B's l_star <= l(u).
    /// - Precondition: `targets` is m x C.
    public func denseSumLoss(targets: Matrix<Float>) -> Double {
        precondition(targets.rows == sampleCount && targets.columns == outputCount, "targets must be m x C")
        let mean = featureMean()
        let c = outputCount
        var total = 0.0
        for index in 0..<mean.storage.count {
            let d = Double(outputBias[index % c]) + mean.storage[index] - Double(targets.storage[index])
            total += d * d
        }
        return 0.5 * total
    }
}
