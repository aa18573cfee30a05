import LinearAlgebra

extension NeuronFeatures {
    /// ||phi_r - ubar||_F^2 for every neuron r, ubar = (1/N) sum_r phi_r, computed without
    /// materialising any phi_r as sum_i sum_c (s a_ir b_rc - ubar_ic)^2 in one row sweep over the
    /// activations (float64, no cancellation): O(N m C).
    public func featureSquaredDistancesToMean() -> [Double] {
        let m = sampleCount
        let n = neuronCount
        let c = outputCount
        let s = Double(featureScale)
        let mean = featureMean().storage
        var distance2 = [Double](repeating: 0, count: n)
        activations.storage.withUnsafeBufferPointer { a in
            outputWeights.storage.withUnsafeBufferPointer { b in
                distance2.withUnsafeMutableBufferPointer { distance2 in
                    for i in 0..<m {
                        for o in 0..<c {
                            let centre = mean[i * c + o]
                            for r in 0..<n {
                                let d = s * Double(a[i * n + r]) * Double(b[r * c + o]) - centre
                                distance2[r] += d * d
                            }
                        }
                    }
                }
            }
        }
        return distance2
    }

    /// sigma^2 = (1/N) sum_r ||phi_r - ubar||_F^2 (THEORY.md section 8), the spread the variance
    /// bound and the random-subnetwork expectation use; O(N m C). sigma^2 <= rho^2.
    public func featureVariance() -> Double {
        let distance2 = featureSquaredDistancesToMean()
        return distance2.reduce(0, +) / Double(max(neuronCount, 1))
    }
}
