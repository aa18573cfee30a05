import LinearAlgebra

/// l_star = min over the convex hull of the phi_r of 1/2 ||c + v - y||^2 (THEORY.md sections 3
/// and 8), certified by a Frank-Wolfe duality gap: `lowerBound <= l_star <= upperBound`.
public struct ConvexHullLoss: Sendable, Equatable, Codable {
    /// f(p) at the final weights: an upper bound on l_star (attained by a point of the hull).
    public let upperBound: Double
    /// max(0, max over iterations of f(p) - gap(p)): a lower bound on l_star (the gap
    /// <grad f(p), p - e_s> bounds f(p) - l_star by convexity, and every loss is >= 0).
    public let lowerBound: Double
    /// The gap tolerance the iteration stopped at (or did not reach, see `converged`).
    public let gapTolerance: Double
    public let iterations: Int
    /// Whether upperBound - lowerBound <= gapTolerance was reached within the iteration budget.
    public let converged: Bool
    /// The number of neurons with positive weight at the end.
    public let support: Int
}

extension NeuronFeatures {
    /// Minimises f(p) = 1/2 ||c + Phi p - y||^2 over the simplex by pairwise Frank-Wolfe
    /// (Lacoste-Julien and Jaggi 2015; linearly convergent on polytopes), starting from the
    /// uniform weights p = 1/N (the dense output).
    ///
    /// Each iteration computes the gradient g_r = <phi_r, c + v - y> for all r (O(N m C)), the
    /// Frank-Wolfe vertex s = argmin g_r and the away vertex a = argmax of g_r over the support,
    /// and moves weight from a to s with the exact line search of the quadratic,
    /// gamma = min((g_a - g_s) / ||phi_s - phi_a||^2, p_a). Ties go to the lowest index. It stops
    /// when the duality gap sum_r p_r g_r - g_s <= `gapTolerance` (absolute, sum loss) or after
    /// `maxIterations`; the result states the certified bracket either way. float64 throughout.
    /// Memory O(N + m C).
    public func convexHullLoss(targets: Matrix<Float>, gapTolerance: Double, maxIterations: Int = 20_000) -> ConvexHullLoss {
        precondition(targets.rows == sampleCount && targets.columns == outputCount, "targets must be m x C")
        precondition(gapTolerance > 0 && maxIterations >= 1)
        let m = sampleCount, n = neuronCount, c = outputCount
        let s = Double(featureScale)
        var p = [Double](repeating: 1 / Double(n), count: n)
        // residual = c + v - y with v = Phi p.
        let mean = featureMean().storage
        var residual = [Double](repeating: 0, count: m * c)
        for i in 0..<m { for o in 0..<c { residual[i * c + o] = Double(outputBias[o]) + mean[i * c + o] - Double(targets.storage[i * c + o]) } }
        func phi(_ r: Int, _ i: Int, _ o: Int) -> Double { s * Double(activations.storage[i * n + r]) * Double(outputWeights.storage[r * c + o]) }
        func loss() -> Double { 0.5 * residual.reduce(0) { $0 + $1 * $1 } }
        var gradient = [Double](repeating: 0, count: n)
        var lower = -Double.infinity
        var iterations = 0
        var converged = false
        while true {
            // g_r = s sum_i a_ir sum_o b_ro residual_io.
            for r in 0..<n { gradient[r] = 0 }
            for i in 0..<m {
                for o in 0..<c {
                    let e = residual[i * c + o]
                    if e == 0 { continue }
                    for r in 0..<n { gradient[r] += Double(activations.storage[i * n + r]) * Double(outputWeights.storage[r * c + o]) * e }
                }
            }
            var best = 0, away = -1
            var inner = 0.0
            for r in 0..<n {
                gradient[r] *= s
                if gradient[r] < gradient[best] { best = r }
                if p[r] > 0 {
                    inner += p[r] * gradient[r]
                    if away < 0 || gradient[r] > gradient[away] { away = r }
                }
            }
            let f = loss()
            let gap = max(0, inner - gradient[best])
            lower = max(lower, f - gap)
            if gap <= gapTolerance { converged = true; break }
            if iterations >= maxIterations || away == best { break }
            iterations += 1
            var norm2 = 0.0
            for i in 0..<m { for o in 0..<c { let d = phi(best, i, o) - phi(away, i, o); norm2 += d * d } }
            guard norm2 > 0 else { break }
            let gamma = min((gradient[away] - gradient[best]) / norm2, p[away])
            guard gamma > 0 else { break }
            for i in 0..<m { for o in 0..<c { residual[i * c + o] += gamma * (phi(best, i, o) - phi(away, i, o)) } }
            p[best] += gamma
            p[away] = gamma == p[away] ? 0 : p[away] - gamma
        }
        return ConvexHullLoss(upperBound: loss(), lowerBound: max(0, min(lower, loss())), gapTolerance: gapTolerance,
                              iterations: iterations, converged: converged, support: p.filter { $0 > 0 }.count)
    }
}
