import COpenBLAS

/// The kernel-regime prediction e_K(t) = (I - eta H)^t e(0) (THEORY.md section 9) at a set of
/// steps, by a Chebyshev expansion instead of an eigendecomposition: O(d m^2) for a degree d
/// against O(m^3) (`Proofs/KernelAndComparators.tex`, Proposition "Chebyshev truncation").
///
/// - Interval: [a, b] = `KernelSpectralInterval` contains the spectrum of H (H positive
///   semi-definite); x = c + r s with c = (a + b)/2, r = (b - a)/2 maps s in [-1, 1] onto it and
///   H~ = (H - c I)/r has its spectrum in [-1, 1].
/// - Polynomial: p_t(x) = (1 - eta x)^t = (alpha + beta s)^t, alpha = 1 - eta c, beta = -eta r.
///   Its Chebyshev coefficients, p_t = sum_{j <= t} c_j(t) T_j(s), come exactly (up to rounding)
///   from c(0) = (1) and multiplication by alpha + beta s,
///       c_k(t+1) = alpha c_k(t) + beta (s c(t))_k,  (s c)_0 = c_1 / 2, (s c)_1 = c_0 + c_2 / 2,
///       (s c)_k = (c_{k-1} + c_{k+1}) / 2 (k >= 2),
///   a map of l1 norm |alpha| + |beta| = 1 - eta a <= 1 + eta |a| (so the recursion is stable).
///   Trailing coefficients below `droppedCoefficient` are dropped; their l1 mass is carried
///   forward and added to the bound (the map does not increase an l1 error beyond that factor).
/// - Vectors: v_0 = e(0), v_1 = H~ e(0), v_{j+1} = 2 H~ v_j - v_{j-1} (one float64 `dgemv` with
///   H each, shared by every step t), and e_K(t) ~ sum_{j <= d} c_j(t) v_j.
/// - Certified truncation: ||v_j|| <= ||e(0)|| (|T_j| <= 1 on [-1, 1]), so
///       ||p_t(H) e(0) - sum_{j <= d} c_j(t) v_j|| <= (sum_{j > d} |c_j(t)| + dropped(t)) ||e(0)||,
///   `truncationBound(at:)` (relative to ||e(0)||). The degree d is the smallest meeting
///   `tolerance` at every requested step. Rounding is not in this bound: the coefficients carry
///   at most about 3 t u (1 + eta |a|)^t in l1, the vector recursion O(d^2) matrix-vector
///   rounding errors (u = 2^-53).
/// - Divergence: the route requires eta b < 2, which certifies |1 - eta lambda| <= 1 + eta |a| on
///   the whole spectrum (no mode diverges); otherwise it is refused (`nil`), and the caller uses
///   the eigendecomposition (`KernelTrajectory`).
/// - Determinism: every sum runs in index order; `dgemv` runs on the one OpenBLAS thread set at
///   load, so the result does not depend on the thread count.
public struct KernelChebyshevPrediction: Sendable {
    /// The order m.
    public let order: Int
    /// The step eta of gradient descent on the sum loss.
    public let eta: Double
    /// [a, b] containing the spectrum of H.
    public let interval: KernelSpectralInterval
    /// The expansion degree d.
    public let degree: Int
    /// ||e(0)||^2.
    public let initialResidualNorm2: Double
    /// The steps the prediction was built for, ascending.
    public let steps: [Int]
    /// The requested relative truncation tolerance.
    public let tolerance: Double
    /// v_j = T_j(H~) e(0), j = 0...d.
    let basis: [[Double]]
    /// c_j(t), j = 0...d, for each step in `steps`.
    let coefficients: [[Double]]
    /// sum_{j > d} |c_j(t)| + dropped(t) for each step in `steps`.
    let truncation: [Double]

    /// Trailing coefficients with |c_j| below this are dropped (their mass enters the bound).
    public static let droppedCoefficient = 1e-40
    /// The default relative truncation tolerance, far below the 1e-6 at which `lth predict` is
    /// checked against numpy.
    public static let defaultTolerance = 1e-12

    /// The expansion of p_t for every t in `steps` on the interval of `h`, with the smallest degree
    /// meeting `tolerance` (relative to ||e(0)||) at every step, or `degree` when given (tests).
    /// Returns nil, without any matrix-vector product, when eta b >= 2 (the interval does not
    /// certify convergence), when b = 0, or when the needed degree exceeds `maximumDegree`.
    /// - Throws: `KernelPredictionError` for eta not finite and > 0, a residual of the wrong
    ///   length, or a negative step.
    public init?(kernel h: [Double], order m: Int, initialResidual e0: [Double], eta: Double, steps: [Int],
                 tolerance: Double = defaultTolerance, maximumDegree: Int, degree forcedDegree: Int? = nil) throws {
        guard eta.isFinite, eta > 0 else { throw KernelPredictionError.invalidStepSize(eta) }
        guard e0.count == m else { throw KernelPredictionError.lengthMismatch(expected: m, found: e0.count) }
        if let negative = steps.first(where: { $0 < 0 }) { throw KernelPredictionError.invalidStep(negative) }
        let interval = KernelSpectralInterval(positiveSemidefinite: h, order: m)
        guard interval.upper > 0, eta * interval.upper < 2 else { return nil }
        let sorted = Array(Set(steps)).sorted()
        // The recursion stops at the first step whose degree exceeds the cap (a forced degree has none).
        guard let expansions = Self.expansions(alpha: 1 - eta * interval.center, beta: -eta * interval.halfWidth, steps: sorted,
                                               tolerance: tolerance, maximumDegree: forcedDegree == nil ? maximumDegree : nil)
        else { return nil }
        var d = expansions.map { Self.neededDegree($0.coefficients, dropped: $0.dropped, tolerance: tolerance) }.max() ?? 0
        if let forcedDegree { d = forcedDegree }
        guard d <= maximumDegree else { return nil }
        self.order = m
        self.eta = eta
        self.interval = interval
        self.degree = d
        self.steps = sorted
        self.tolerance = tolerance
        initialResidualNorm2 = e0.reduce(0) { $0 + $1 * $1 }
        coefficients = expansions.map { Array($0.coefficients.prefix(d + 1)) }
        truncation = expansions.map { expansion in
            expansion.coefficients.count <= d + 1 ? expansion.dropped
                : expansion.coefficients[(d + 1)...].reduce(expansion.dropped) { $0 + abs($1) }
        }
        basis = Self.chebyshevVectors(h, order: m, center: interval.center, halfWidth: interval.halfWidth, start: e0, degree: d)
    }

    /// The smallest d with sum_{j > d} |c_j| + dropped <= tolerance.
    static func neededDegree(_ c: [Double], dropped: Double, tolerance: Double) -> Int {
        var tail = dropped, j = c.count - 1
        while j > 0 && tail + abs(c[j]) <= tolerance { tail += abs(c[j]); j -= 1 }
        return j
    }

    /// c(t) for every t in `steps` (ascending, distinct) by the multiplication recursion, with the
    /// l1 mass of the dropped trailing coefficients; nil as soon as a step needs a degree above
    /// `maximumDegree` for `tolerance` (no bound when nil), so a refused expansion costs no more
    /// than the steps up to that one.
    static func expansions(alpha: Double, beta: Double, steps: [Int], tolerance: Double = defaultTolerance,
                           maximumDegree: Int? = nil) -> [(coefficients: [Double], dropped: Double)]? {
        var c: [Double] = [1], next: [Double] = []
        var dropped = 0.0, t = 0
        var result: [(coefficients: [Double], dropped: Double)] = []
        let spread = abs(alpha) + abs(beta)
        for target in steps {
            while t < target {
                let n = c.count
                next = [Double](repeating: 0, count: n + 1)
                let half = beta / 2
                for k in 0...n {
                    let below = k >= 1 ? c[k - 1] : 0.0
                    let above = k + 1 < n ? c[k + 1] : 0.0
                    let here = k < n ? c[k] : 0.0
                    let shifted: Double
                    switch k {
                    case 0: shifted = half * above
                    case 1: shifted = beta * below + half * above
                    default: shifted = half * (below + above)
                    }
                    next[k] = alpha * here + shifted
                }
                dropped *= spread
                while next.count > 1, abs(next[next.count - 1]) < droppedCoefficient {
                    dropped += abs(next.removeLast())
                }
                swap(&c, &next)
                t += 1
            }
            if let maximumDegree, Self.neededDegree(c, dropped: dropped, tolerance: tolerance) > maximumDegree { return nil }
            result.append((c, dropped))
        }
        return result
    }

    /// v_j = T_j(H~) e(0) for j = 0...d, H~ = (H - c I)/r: one `dgemv` with H per j >= 1.
    static func chebyshevVectors(_ h: [Double], order m: Int, center: Double, halfWidth: Double, start: [Double],
                                 degree d: Int) -> [[Double]] {
        var vectors: [[Double]] = [start]
        guard d >= 1 else { return vectors }
        var product = [Double](repeating: 0, count: m)
        let inverse = 1 / halfWidth
        for j in 1...d {
            let current = vectors[j - 1]
            cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(m), Int32(m), 1, h, Int32(m), current, 1, 0, &product, 1)
            var next = [Double](repeating: 0, count: m)
            if j == 1 {
                for i in 0..<m { next[i] = (product[i] - center * current[i]) * inverse }
            } else {
                let previous = vectors[j - 2]
                for i in 0..<m { next[i] = 2 * (product[i] - center * current[i]) * inverse - previous[i] }
            }
            vectors.append(next)
        }
        return vectors
    }

    /// The position of t in `steps`, or nil for a step the prediction was not built for.
    func index(of t: Int) -> Int? {
        var low = 0, high = steps.count
        while low < high {
            let mid = (low + high) / 2
            if steps[mid] < t { low = mid + 1 } else { high = mid }
        }
        return low < steps.count && steps[low] == t ? low : nil
    }

    /// e_K(t) ~ sum_{j <= d} c_j(t) v_j (nil for a step not in `steps`). Cost O(d m).
    public func residual(at t: Int) -> [Double]? {
        guard let s = index(of: t) else { return nil }
        var e = [Double](repeating: 0, count: order)
        for (j, c) in coefficients[s].enumerated() where c != 0 {
            let v = basis[j]
            for i in 0..<order { e[i] += c * v[i] }
        }
        return e
    }

    /// The certified bound on ||p_t(H) e(0) - e_K(t) as computed|| / ||e(0)|| from truncation and
    /// dropped coefficients (nil for a step not in `steps`).
    public func truncationBound(at t: Int) -> Double? {
        index(of: t).map { truncation[$0] }
    }

    /// The largest truncation bound over the steps.
    public var largestTruncationBound: Double { truncation.max() ?? 0 }
}
