#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The kernel-regime prediction of a dense full-batch gradient-descent run (THEORY.md section 9,
/// `Proofs/KernelAndComparators.tex`; Jacot et al. 2018, Lee et al. 2019):
///
///     e_K(t) = (I - eta H)^t e(0),      ||e_K(t)||^2 = sum_i (1 - eta lambda_i)^(2t) c_i^2,
///
/// with H = V diag(lambda_i) V^T (one symmetric eigendecomposition, `LAPACKE_dsyevd`),
/// c = V^T e(0) and e = u - y on the training set.
///
/// - Step-size convention: eta is the step of gradient descent on the *sum* loss
///   l = 1/2 ||u - y||^2, W <- W - eta dl/dW. A run that trains the mean loss l/m with learning
///   rate lr has eta = lr / m (`lth train --loss mean`); with `--loss sum`, eta = lr.
/// - Kernel: H = H(0), the finite-width Gram at the run's initial weights, makes e_K(t) the exact
///   residual of the network linearized in W at W(0) (so e(t) - e_K(t) is the non-linearity);
///   H = Hinf makes it the infinite-width approximation (it adds H(0) - Hinf).
/// - Modes: lambda_i with |lambda_i| <= `nullTolerance` count as the null space (factor exactly
///   1: that part of e(0) is never fitted); the prediction **diverges** when some other mode has
///   eta lambda_i outside (0, 2) (|1 - eta lambda_i| >= 1), and then no number is predicted.
/// - Precision: float64 throughout; `residualNorm2(at:)` sums the modes in index order
///   (ascending lambda).
public struct KernelPrediction: Sendable {
    /// The eigendecomposition of H.
    public let decomposition: SymmetricEigendecomposition
    /// The step eta of gradient descent on the sum loss.
    public let eta: Double
    /// c = V^T e(0).
    public let coefficients: [Double]
    /// ||e(0)||^2.
    public let initialResidualNorm2: Double
    /// Eigenvalues with |lambda| <= this are the null space: 8 n u max_i |lambda_i| (u = 2^-53),
    /// a multiple of the backward error of the eigensolver.
    public let nullTolerance: Double
    /// Per-mode factors q_i = 1 - eta lambda_i (exactly 1 on the null space).
    public let factors: [Double]

    /// Decomposes H (symmetric m x m, row- or column-major) and projects e(0) on its eigenvectors.
    /// - Throws: `KernelPredictionError` for eta not finite and > 0, a residual of the wrong
    ///   length, or a LAPACK failure.
    public init(kernel h: [Double], order m: Int, initialResidual e0: [Double], eta: Double) throws {
        guard eta.isFinite, eta > 0 else { throw KernelPredictionError.invalidStepSize(eta) }
        guard e0.count == m else { throw KernelPredictionError.lengthMismatch(expected: m, found: e0.count) }
        try self.init(decomposition: SymmetricEigendecomposition(symmetric: h, order: m), initialResidual: e0, eta: eta)
    }

    /// The prediction from an existing eigendecomposition (with eigenvectors) of H.
    public init(decomposition: SymmetricEigendecomposition, initialResidual e0: [Double], eta: Double) throws {
        guard eta.isFinite, eta > 0 else { throw KernelPredictionError.invalidStepSize(eta) }
        guard e0.count == decomposition.order else {
            throw KernelPredictionError.lengthMismatch(expected: decomposition.order, found: e0.count)
        }
        self.decomposition = decomposition
        self.eta = eta
        coefficients = decomposition.coordinates(of: e0)
        initialResidualNorm2 = e0.reduce(0) { $0 + $1 * $1 }
        let n = decomposition.order
        nullTolerance = 8 * Double(n) * 0x1p-53 * decomposition.spectralNorm
        let tolerance = nullTolerance
        factors = decomposition.eigenvalues.map { abs($0) <= tolerance ? 1 : 1 - eta * $0 }
    }

    /// The order m.
    public var order: Int { decomposition.order }

    /// Whether mode i is in the null space (|lambda_i| <= `nullTolerance`).
    public func isNull(_ i: Int) -> Bool { abs(decomposition.eigenvalues[i]) <= nullTolerance }

    /// Whether some non-null mode has eta lambda_i outside (0, 2): the linearized run diverges
    /// (or oscillates without decay) and no prediction is made.
    public var diverges: Bool {
        factors.indices.contains { !isNull($0) && abs(factors[$0]) >= 1 }
    }

    /// max_i eta lambda_i: below 2 for a convergent prediction.
    public var largestStepEigenvalue: Double { eta * decomposition.eigenvalues[order - 1] }

    /// ||P_null e(0)||^2 = sum over null modes of c_i^2: the limit of ||e_K(t)||^2.
    public var limitResidualNorm2: Double {
        var total = 0.0
        for i in 0..<order where isNull(i) { total += coefficients[i] * coefficients[i] }
        return total
    }

    /// ||e_K(t)||^2 = sum_i q_i^(2t) c_i^2 for t >= 0 (t need not be an integer; nil when the
    /// prediction diverges).
    public func residualNorm2(at t: Double) -> Double? {
        guard !diverges else { return nil }
        return unguardedResidualNorm2(at: t)
    }

    private func unguardedResidualNorm2(at t: Double) -> Double {
        var total = 0.0
        for i in 0..<order {
            let c2 = coefficients[i] * coefficients[i]
            let q = factors[i]
            total += (q == 1 ? 1 : pow(q * q, t)) * c2
        }
        return total
    }

    /// e_K(t) = V diag(q_i^t) c (nil when the prediction diverges). Cost O(m^2).
    public func residual(at t: Int) -> [Double]? {
        guard !diverges else { return nil }
        var scaled = coefficients
        for i in 0..<order where factors[i] != 1 { scaled[i] *= pow(factors[i], Double(t)) }
        return decomposition.vector(coordinates: scaled)
    }

    /// When the predicted loss 1/2 ||e_K(t)||^2 first reaches a target.
    public enum ReachTime: Sendable, Equatable, Codable {
        /// The first integer t >= 0 with 1/2 ||e_K(t)||^2 <= eps.
        case step(Double)
        /// 1/2 ||P_null e(0)||^2 >= eps (and eps is not met at t = 0): the part of e(0) in H's
        /// null space is never fitted, so the target is never reached.
        case never(limitLoss: Double)
        /// Some eta lambda_i lies outside (0, 2).
        case diverges
    }

    /// t_K(eps) = the first integer t >= 0 with 1/2 ||e_K(t)||^2 <= eps (sum loss).
    ///
    /// Bounded computation, no open-ended loop: f(t) = sum_i q_i^(2t) c_i^2 is non-increasing
    /// in t (every |q_i| <= 1). With g = 2 eps - ||P_null e(0)||^2 > 0, S = sum over the other
    /// modes of c_i^2 and qmax = max |q_i| over them (< 1), f(t) - ||P_null e(0)||^2 <= qmax^(2t) S,
    /// so t_hi = ceil(log(g / S) / (2 log qmax)) meets the target (t_hi = 1 when qmax = 0); the
    /// first t is then found by bisection on the integers of [0, t_hi] (at most 64 + log2 t_hi
    /// evaluations of f, O(m) each). Exact integers below 2^53.
    public func reachTime(loss eps: Double) throws -> ReachTime {
        guard eps.isFinite, eps >= 0 else { throw KernelPredictionError.invalidLossTarget(eps) }
        guard !diverges else { return .diverges }
        let target = 2 * eps
        if unguardedResidualNorm2(at: 0) <= target { return .step(0) }
        let limit = limitResidualNorm2
        if limit >= target { return .never(limitLoss: limit / 2) }
        var s = 0.0, qmax = 0.0
        for i in 0..<order where !isNull(i) {
            s += coefficients[i] * coefficients[i]
            qmax = max(qmax, abs(factors[i]))
        }
        let g = target - limit
        var high: Double = qmax == 0 ? 1 : max(1, (log(g / s) / (2 * log(qmax))).rounded(.up))
        // The analytic t_hi meets the target up to rounding of f; widen (boundedly) if it does not.
        var widenings = 0
        while unguardedResidualNorm2(at: high) > target && widenings < 64 { high *= 2; widenings += 1 }
        if unguardedResidualNorm2(at: high) > target { return .never(limitLoss: limit / 2) }
        var low = 0.0  // f(low) > target, f(high) <= target
        while high - low > 1 {
            let mid = (low + (high - low) / 2).rounded(.down)
            if mid <= low || mid >= high { break }  // beyond 2^53 the integers are not all representable
            if unguardedResidualNorm2(at: mid) <= target { high = mid } else { low = mid }
        }
        return .step(high)
    }
}
