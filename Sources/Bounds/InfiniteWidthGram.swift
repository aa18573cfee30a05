import COpenBLAS
import Dispatch
import LinearAlgebra

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The infinite-width Gram matrix of a two-layer ReLU network (THEORY.md section 1):
///
///     Hinf_ij = (x_i . x_j) (pi - theta_ij) / (2 pi),
///
/// theta_ij in [0, pi] the angle between x_i and x_j. For unit vectors this is the formula of
/// THEORY.md with theta = arccos(x_i . x_j); for vectors of any norm the same formula with the
/// true angle is the NTK of the first layer, E_w[x_i.x_j 1{w.x_i >= 0, w.x_j >= 0}] for
/// w ~ N(0, I). A zero vector has a zero row and column (its angle is irrelevant: c = 0).
///
/// Design (m points of dimension d, one per row of `points`):
/// - c_ij = x_i . x_j for all pairs from one BLAS `dsyrk` (upper triangle only);
///   n_i = sqrt(c_ii).
/// - Well-separated pairs, |c_ij| / (n_i n_j) <= 1 - 1e-3: the norm of the wedge product
///   s_ij = ||x_i ^ x_j|| = sqrt((n_i n_j - c)(n_i n_j + c)) and theta = atan2(s_ij, c_ij);
///   the code evaluates pi - theta = atan2(s_ij, -c_ij) directly.
/// - Nearly parallel or antiparallel pairs, |c_ij| / (n_i n_j) > 1 - 1e-3, where the difference
///   n_i n_j - |c| cancels: theta = 2 atan2(||a - b||, ||a + b||) with a = x_i / n_i,
///   b = x_j / n_j, in O(d); the code evaluates pi - theta = 2 atan2(||a + b||, ||a - b||)
///   directly, so nearly antiparallel pairs keep their small pi - theta. This is accurate to
///   O(d u) absolutely even at theta ~ 1e-8, where arccos of a clipped cosine loses half the
///   digits (its error is ~ sqrt(u)).
/// - The angle is never taken from arccos. The element pass runs on 2 threads
///   (`DispatchQueue.concurrentPerform` over two row blocks of equal triangle area), computes
///   the upper triangle only and mirrors it with a tiled transpose, so the result is exactly
///   symmetric. The diagonal is c_ii / 2 = ||x_i||^2 / 2 (theta = 0).
public enum InfiniteWidthGram {
    /// Pairs with |cos| above this value take the stable half-angle branch.
    public static let nearlyParallelCosine = 1.0 - 1e-3

    /// The m x m matrix Hinf of the m points given as the rows of `points` (m x d), float64,
    /// exactly symmetric. Entries are within ``entryErrorBound(dimension:maxNorm2:)`` of the
    /// exact Hinf of the given (floating-point) points.
    public static func matrix(points: Matrix<Double>) -> Matrix<Double> {
        let m = points.rows
        let d = points.columns
        if m == 0 { return Matrix(rows: 0, columns: 0, storage: []) }
        var gram = [Double](repeating: 0, count: m * m)
        if d == 0 { return Matrix(rows: m, columns: m, storage: gram) }

        // c_ij for i <= j (upper triangle of the row-major result).
        points.storage.withUnsafeBufferPointer { x in
            gram.withUnsafeMutableBufferPointer { c in
                cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, Int32(m), Int32(d),
                            1.0, x.baseAddress, Int32(d), 0.0, c.baseAddress, Int32(m))
            }
        }
        // Norms and unit directions (zero rows keep a zero direction; they are never used).
        var norms = [Double](repeating: 0, count: m)
        var directions = [Double](repeating: 0, count: m * d)
        for i in 0..<m {
            let n = gram[i * m + i].squareRoot()
            norms[i] = n
            if n > 0 {
                for k in 0..<d { directions[i * d + k] = points.storage[i * d + k] / n }
            }
        }

        gram.withUnsafeMutableBufferPointer { buffer in
            let h = SharedPointer(base: buffer.baseAddress!)
            norms.withUnsafeBufferPointer { normBuffer in
                directions.withUnsafeBufferPointer { directionBuffer in
                    let n = SharedConstPointer(base: normBuffer.baseAddress!)
                    let a = SharedConstPointer(base: directionBuffer.baseAddress!)
                    // Two row blocks of equal upper-triangle area: rows [0, split) and [split, m).
                    let split = min(m, max(0, Int((Double(m) * (1 - 0.5.squareRoot())).rounded())))
                    let blocks = m >= 64 ? [0..<split, split..<m] : [0..<m]
                    DispatchQueue.concurrentPerform(iterations: blocks.count) { block in
                        for i in blocks[block] {
                            fillUpperRow(i, m: m, d: d, gram: h.base, norms: n.base, directions: a.base)
                        }
                    }
                    mirrorUpperToLower(h.base, m: m)
                }
            }
        }
        return Matrix(rows: m, columns: m, storage: gram)
    }

    /// A bound on |Hinf_computed_ij - Hinf_exact_ij| for every entry, for points of dimension d
    /// with max_i ||x_i||^2 <= maxNorm2:
    ///
    ///     eps = 16 (d + 4) u maxNorm2,   u = 2^-53.
    ///
    /// Derivation (first order in u; the slack of the constant absorbs the O(u^2) terms, the
    /// rounding of maxNorm2 and of the branch test). Let P = ||x_i|| ||x_j||. The dot product
    /// from `dsyrk` (any order, with or without FMA) has |c^ - c| <= gamma_d P; the norms
    /// n_i = sqrt(c_ii) have relative error <= (d/2 + 1) u, so p^ = n_i n_j = P (1 + eta) with
    /// |eta| <= (d + 3) u.
    /// - Well-separated branch: s^2 = (p^ - c^)(p^ + c^) is within (4d + 9) u P^2 of
    ///   P^2 - c^2 (2(d+3)u from p^2, 2du from c^2, 3u for the two sums and the product), so
    ///   |s^ - s| <= (4d + 9) u P^2 / s + u P. The branch test |c^|/p^ <= 1 - 1e-3 gives
    ///   sin(theta) >= 0.0447, so |s^ - s| <= (89.5 d + 202.4) u P. Moving the vector (c, s) of
    ///   length P by (dc, ds) turns it by at most |(dc, ds)| / P (to first order), and `atan2`
    ///   adds one ulp (<= 4u for an angle <= pi): |theta^ - theta| <= (90.5 d + 215) u. (The code
    ///   computes pi - theta = atan2(s, -c); the same bound holds for it.)
    /// - Nearly parallel branch: a^ = fl(x_i / n_i) is a positive multiple of a vector within
    ///   u of a (the common factor changes no angle), ||a^|| = 1 +- (d/2 + 2) u; the computed
    ///   ||a^ - b^|| and ||a^ + b^|| are each within (2d + 8) u of ||a - b|| and ||a + b||, whose
    ///   squares sum to 4. The half angle moves by at most sqrt(2)(2d + 8) u / 2, so
    ///   |theta^ - theta| <= (2.83 d + 15.3) u, well inside the first branch's bound (the code
    ///   computes pi - theta = 2 atan2(||a + b||, ||a - b||), with the same bound).
    /// - The entry c (pi - theta) / (2 pi): the error of c contributes <= (d/2) u P (since
    ///   (pi - theta)/(2 pi) <= 1/2), the error of theta <= P |dtheta| / (2 pi)
    ///   <= (14.41 d + 34.22) u P, and the rounding of the two products and of 1/(2 pi)
    ///   <= 2.4 u P (counted as if pi - theta were also rounded, which it no longer is).
    ///   The total (14.91 d + 36.6) u P is below 16 (d + 4) u P with a slack
    ///   of at least 27 u P, and P <= maxNorm2.
    /// Zero rows give exact zeros. Overflow and underflow are excluded (norms in the normal range).
    public static func entryErrorBound(dimension: Int, maxNorm2: Double) -> Double {
        16 * Double(dimension + 4) * unitRoundoff * maxNorm2
    }

    /// An upper bound on max_i ||x_i||^2 for the rows of `points`: the largest computed squared
    /// norm divided by (1 - gamma_d), so that it bounds the exact value.
    public static func maxNorm2(points: Matrix<Double>) -> Double {
        let d = points.columns
        var largest = 0.0
        for i in 0..<points.rows {
            var sum = 0.0
            for k in 0..<d { let v = points.storage[i * d + k]; sum += v * v }
            largest = max(largest, sum)
        }
        return largest / (1 - gamma(d))
    }

    /// u = 2^-53, the unit roundoff of float64.
    static let unitRoundoff = 0x1p-53

    /// gamma_n = n u / (1 - n u) (Higham's notation).
    static func gamma(_ n: Int) -> Double {
        let nu = Double(n) * unitRoundoff
        return nu / (1 - nu)
    }

    /// Fills Hinf_ij for j > i (row i of the upper triangle) from c_ij already in place,
    /// and sets Hinf_ii = c_ii / 2.
    private static func fillUpperRow(
        _ i: Int, m: Int, d: Int,
        gram: UnsafeMutablePointer<Double>, norms: UnsafePointer<Double>, directions: UnsafePointer<Double>
    ) {
        let inverseTwoPi = 1.0 / (2.0 * Double.pi)
        let row = gram + i * m
        row[i] = row[i] * 0.5
        let ni = norms[i]
        if ni == 0 {
            for j in (i + 1)..<m { row[j] = 0 }
            return
        }
        let ai = directions + i * d
        for j in (i + 1)..<m {
            let c = row[j]
            let p = ni * norms[j]
            if p == 0 { row[j] = 0; continue }
            // pi - theta, computed directly (no rounding of pi, no cancellation near theta = pi).
            let piMinusTheta: Double
            if abs(c) <= nearlyParallelCosine * p {
                let s = ((p - c) * (p + c)).squareRoot()
                piMinusTheta = atan2(s, -c)
            } else {
                let aj = directions + j * d
                var minus = 0.0, plus = 0.0
                for k in 0..<d {
                    let dm = ai[k] - aj[k]
                    let dp = ai[k] + aj[k]
                    minus += dm * dm
                    plus += dp * dp
                }
                // theta = 2 atan2(||a - b||, ||a + b||), so pi - theta = 2 atan2(||a + b||, ||a - b||).
                piMinusTheta = 2 * atan2(plus.squareRoot(), minus.squareRoot())
            }
            row[j] = c * piMinusTheta * inverseTwoPi
        }
    }

    /// Copies the upper triangle of the row-major m x m matrix onto its lower triangle,
    /// tile by tile (64 x 64) so both reads and writes stay in cache lines.
    static func mirrorUpperToLower(_ h: UnsafeMutablePointer<Double>, m: Int) {
        let tile = 64
        let tiles = (m + tile - 1) / tile
        let shared = SharedPointer(base: h)
        DispatchQueue.concurrentPerform(iterations: tiles >= 4 ? 2 : 1) { part in
            let h = shared.base
            // Tile rows are dealt out alternately so both threads get similar triangle areas.
            var ti = part
            let step = tiles >= 4 ? 2 : 1
            while ti < tiles {
                let i0 = ti * tile, i1 = min(m, i0 + tile)
                for tj in ti..<tiles {
                    let j0 = tj * tile, j1 = min(m, j0 + tile)
                    for i in i0..<i1 {
                        for j in max(j0, i + 1)..<max(max(j0, i + 1), j1) {
                            h[j * m + i] = h[i * m + j]
                        }
                    }
                }
                ti += step
            }
        }
    }
}

/// A raw pointer shared by the worker threads of one `concurrentPerform`; each thread writes a
/// disjoint set of elements, and the call returns only after all of them finished.
struct SharedPointer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
}

/// A read-only raw pointer shared by the worker threads of one `concurrentPerform`.
struct SharedConstPointer<Element>: @unchecked Sendable {
    let base: UnsafePointer<Element>
}
