import Bounds

/// The exact step at which a threshold quantity q(t) crosses eps between two checkpoints,
/// located by bisection on the integer steps (THEORY.md section 7; `Proofs/CrossingBisection.tex`).
///
/// The two quantities of `lth check` (both in the report's loss convention, at the parameters
/// after t iterations of the dense run):
/// - `firstPassage`: the greedy loss l_k(t) (analyzed variant, re-run at t), whose first passage
///   at or below eps is t_hat;
/// - `aPosteriori`: Theorem B's bound l(t) + (2 rho_t)^2 H_k/(2k), whose first passage is t_post.
///
/// **What the bisection finds.** On the checkpoint grid the first passage is only known to lie in
/// (t_a, t_b], t_a the last checkpoint before the first checkpoint t_b with q <= eps (t_b > 0).
/// `locate` keeps q(lo) > eps >= q(hi), starting from (t_a, t_b], evaluates q at the midpoint
/// lo + floor((hi - lo)/2) and keeps the half that still brackets a crossing, until hi = lo + 1.
/// It returns t_c = hi with q(t_c - 1) > eps >= q(t_c): a genuine down-crossing inside the bracket.
/// Neither quantity is monotone in t (greedy is re-run at every t; the rise is measured in the
/// Theorem B table), so t_c need not be the *first* crossing inside (t_a, t_b]: the first passage
/// lies in (t_a, t_c], and equals t_c when q is monotone on the bracket. `lth check` reports t_c
/// beside the bracket and uses it as an exact observation.
///
/// **Cost.** At most ceil(log2(t_b - t_a)) evaluations of q per threshold (each one dense-network
/// evaluation plus greedy selection to the largest k), none when t_b = t_a + 1; each evaluation at a
/// midpoint trains from the state at lo (kept in memory), so fewer than t_b - t_a extra training
/// steps per threshold. Thresholds share evaluations: a bisection starts from the tightest bracket
/// the steps measured so far allow, so when another threshold's bisection already found q <= eps
/// at a step before t_a, t_c lies before the grid bracket (still a down-crossing, still an upper
/// bound on the first passage); training starts from the nearest kept state below
/// (`TheoryCheckConfiguration.crossings`, `TheoryExperiment.CrossingProbe`).
public struct ThresholdCrossing: Sendable, Equatable, Codable {
    /// Which quantity crosses eps.
    public enum Quantity: String, Sendable, Codable, CaseIterable {
        case firstPassage, aPosteriori
    }

    public var quantity: Quantity
    /// k and eps (eps in the report's convention).
    public var subnetworkSize: Int
    public var epsilon: Double
    /// The bracket (t_a, t_b] on the checkpoint grid.
    public var lower: Int
    public var upper: Int
    /// t_c in (t_a, t_b] with q(t_c - 1) > eps >= q(t_c).
    public var step: Int

    /// The crossing of q in (lower, upper], given q(lower) > eps >= q(upper) (`isBelow(t)` is
    /// q(t) <= eps, asked only at steps strictly inside the bracket, ceil(log2(upper - lower))
    /// times): see the type's documentation.
    /// - Precondition: lower < upper.
    public static func locate(after lower: Int, atOrBefore upper: Int, isBelow: (Int) throws -> Bool) rethrows -> Int {
        precondition(lower < upper, "a bracket (t_a, t_b] needs t_a < t_b")
        var lo = lower, hi = upper
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if try isBelow(mid) { hi = mid } else { lo = mid }
        }
        return hi
    }

    /// The bracket (t_a, t_b] of the first checkpoint where `isBelow` holds, nil when it never
    /// does or does at the first checkpoint (no crossing to place). `grid` sorted.
    public static func bracket(grid: [Int], isBelow: (Int) throws -> Bool) rethrows -> (lower: Int, upper: Int)? {
        guard let j = try grid.firstIndex(where: isBelow), j > 0 else { return nil }
        return (grid[j - 1], grid[j])
    }
}

extension TheoryCell.CheckpointRecord {
    /// The greedy loss l_k(t) of subnet size index `index` in `convention` (m samples).
    func prunedLoss(_ index: Int, samples m: Int, convention: LossConvention) -> Double {
        convention.fromSum(prunedSumLosses[index], samples: m)
    }

    /// Theorem B's bound l(t) + (2 rho_t)^2 H_k/(2k) in `convention` (m samples).
    func aPosterioriBound(subnetworkSize k: Int, samples m: Int, convention: LossConvention) throws -> Double {
        convention.fromSum(residualNorm2 / 2 + (try TheoremB.greedyTerm(diameter: 2 * rho, subnetworkSize: k)), samples: m)
    }

    /// q(t) <= eps for `quantity` at subnet size index `index` (k = `k`): the one comparison
    /// behind t_hat, t_post and their exact crossings.
    func meets(_ quantity: ThresholdCrossing.Quantity, index: Int, subnetworkSize k: Int, epsilon: Double,
               samples m: Int, convention: LossConvention) throws -> Bool {
        switch quantity {
        case .firstPassage: return prunedLoss(index, samples: m, convention: convention) <= epsilon
        case .aPosteriori: return try aPosterioriBound(subnetworkSize: k, samples: m, convention: convention) <= epsilon
        }
    }
}
