import COpenBLAS
import LinearAlgebra

extension NeuronFeatures {
    /// ubar = (1/N) sum_r phi_r = (featureScale / N) A B (m x C, float64): the dense output
    /// without its bias. One pass over the activations, O(N m C), accumulated in float64.
    public func featureMean() -> Matrix<Double> {
        let m = sampleCount
        let n = neuronCount
        let c = outputCount
        let factor = Double(featureScale) / Double(n)
        var mean = [Double](repeating: 0, count: m * c)
        activations.storage.withUnsafeBufferPointer { a in
            outputWeights.storage.withUnsafeBufferPointer { b in
                for i in 0..<m {
                    for o in 0..<c {
                        var total = 0.0
                        for r in 0..<n { total += Double(a[i * n + r]) * Double(b[r * c + o]) }
                        mean[i * c + o] = factor * total
                    }
                }
            }
        }
        return Matrix(rows: m, columns: c, storage: mean)
    }

    /// rho = max_r ||phi_r - ubar||_F with ubar = (1/N) sum_r phi_r (THEORY.md section 3).
    ///
    /// From `featureSquaredDistancesToMean()` (O(N m C), float64, no phi_r materialised).
    /// Every phi_r lies within rho of ubar, so the diameter obeys D <= 2 rho
    /// (`featureDiameterUpperBound()`).
    public func featureRadius() -> Double {
        (featureSquaredDistancesToMean().max() ?? 0).squareRoot()
    }

    /// 2 rho >= D: the upper bound on the feature diameter the toolkit uses at scale
    /// (triangle inequality through ubar), O(N m C).
    public func featureDiameterUpperBound() -> Double {
        2 * featureRadius()
    }

    /// The exact diameter D = max_{r, s} ||phi_r - phi_s||_F, for small problems.
    ///
    /// Uses the Gram matrix of the activation columns, G = A^T A (one float64 dsyrk, O(N^2 m)):
    ///     ||phi_r - phi_s||^2 = s^2 ( ||a_r||^2 ||b_r||^2 + ||a_s||^2 ||b_s||^2 - 2 G_rs <b_r, b_s> ),
    /// then O(N^2 C) for the pairs; negative rounding residues are clamped to 0. Memory:
    /// m N + N^2 doubles.
    public func exactFeatureDiameter() -> Double {
        let m = sampleCount
        let n = neuronCount
        let c = outputCount
        guard n >= 2 else { return 0 }
        let a = activations.storage.map(Double.init)
        var gram = [Double](repeating: 0, count: n * n)
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(n), Int32(m), 1, a, Int32(n), 0, &gram, Int32(n))
        let b = outputWeights.storage.map(Double.init)
        func inner(_ r: Int, _ t: Int) -> Double {
            var total = 0.0
            for o in 0..<c { total += b[r * c + o] * b[t * c + o] }
            return total
        }
        var best = 0.0
        for r in 0..<n {
            let normR = gram[r * n + r] * inner(r, r)
            for t in (r + 1)..<n {
                let normT = gram[t * n + t] * inner(t, t)
                let distance2 = normR + normT - 2 * gram[r * n + t] * inner(r, t)
                best = max(best, distance2)
            }
        }
        let s = Double(featureScale)
        return (s * s * best).squareRoot()
    }
}
