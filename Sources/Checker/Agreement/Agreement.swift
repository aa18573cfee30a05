/// The one predicate by which the Checker says that a run *agrees* with the theory, and (at the
/// end of this file) the verdicts built on it: scope, vacuity and censoring come first (`Verdict`).
///
/// Every "holds" and "agrees" column of every table, figure caption and JSON verdict is
/// `agreement.check(claim)` for one of the claims below, with the result's `Agreement`.
/// It plays the role of swift-numerics' `isApproximatelyEqual(to:absoluteTolerance:relativeTolerance:norm:)`,
/// with two kinds of statement instead of one:
///
/// **What is compared.** A *measured* scalar from a run (a loss, a residual ||u - y||^2, a
/// contraction rate, a threshold iteration) against a *theoretical* scalar evaluated for the same
/// run (a bound of Theorems A-C, or a prediction of a threshold). Vectors are never compared
/// entry by entry: a residual vector u - y enters only through its squared Euclidean norm
/// ||u - y||_2^2 (Frobenius for several outputs), which is a scalar before it gets here. The
/// norm of a scalar is its absolute value.
///
/// **The claims.**
/// - `.bound(measured:bound:)`, "the bound holds":
///   `measured <= bound + absoluteTolerance + relativeTolerance * |bound|`,
///   i.e. `measured <= bound * (1 + rel) + abs` for the non-negative bounds of the theorems.
///   It is one-sided: a measured value far *below* its bound still holds (the slack columns say
///   how loose). Exact `measured <= bound` always implies it.
/// - `.prediction(measured:predicted:)`, "the prediction agrees":
///   `|measured - predicted| <= max(abs, rel * max(|measured|, |predicted|))`, symmetric in
///   the two values and reflexive for finite values.
/// - `.threshold(measured:predicted:checkpoints:)`, a predicted *threshold iteration* agrees
///   with a measured one when both lie within `gridSteps` steps of the checkpoint grid of each
///   other (positions in the sorted grid, not iterations: the grid is often geometric). nil,
///   "never reached on the grid", sits one step past the last checkpoint, so "never" agrees with
///   "never" and with "only at the last checkpoint". A value not on the grid is first moved
///   to the first checkpoint at or after it.
/// - `.thresholdBound(measured:bound:checkpoints:)`, an a priori threshold t_star holds when the
///   measured threshold comes no later than the first checkpoint at or after t_star (a nil
///   measured threshold is "later than every checkpoint"). When t_star lies beyond the last
///   checkpoint the theorem claims nothing the grid can see, and the claim holds vacuously.
///
/// NaN anywhere makes every claim false; an infinite bound holds for every finite measurement.
///
/// **Why these tolerances.** The runs train in float32: every step rounds the weights and the
/// outputs relatively by about 2^-24, and T steps of independent roundings accumulate like a
/// random walk, to about sqrt(T) 2^-24 relative in u(t); a loss summed over m points adds
/// about sqrt(m) 2^-24 more. The bounds themselves are evaluated in float64 and are exact
/// statements, so a bound must hold *up to that rounding and no more*:
/// `float32Training(steps:samples:lossScale:)` sets `relativeTolerance = 4 sqrt(T + m) 2^-24`
/// (four standard deviations of the random walk) and an absolute floor of the same relative size
/// of the initial loss, because rounding errors in u are relative to the magnitude of u, not to
/// the (possibly tiny) current loss. `standard` (relative 1e-4, absolute 1e-9) is that rule at
/// T + m of about 1.7e5 with a unit loss scale. Thresholds on a checkpoint grid agree when within
/// one checkpoint (`gridSteps = 1`): the grid cannot resolve the crossing more finely, and a
/// loss within rounding of eps can fall on either side of it.
public struct Agreement: Sendable, Equatable, Codable {
    /// A measured value and the theory's value it is checked against.
    public enum Claim: Sendable, Equatable {
        /// The measured value is at most the bound (one-sided).
        case bound(measured: Double, bound: Double)
        /// The measured value is close to the predicted one (symmetric).
        case prediction(measured: Double, predicted: Double)
        /// Two threshold iterations on the checkpoint grid (nil = never) are within `gridSteps` checkpoints.
        case threshold(measured: Int?, predicted: Int?, checkpoints: [Int])
        /// The measured threshold (nil = never) comes no later than the first checkpoint at or after `bound`.
        case thresholdBound(measured: Int?, bound: Double, checkpoints: [Int])
    }

    /// The floor for values near zero (same units as the compared values).
    public let absoluteTolerance: Double
    /// The tolerance relative to the magnitude of the values.
    public let relativeTolerance: Double
    /// How many checkpoint-grid positions two thresholds may differ by.
    public let gridSteps: Int

    /// - Throws: `CheckerError.invalidValue` when a tolerance is negative or not finite.
    public init(absoluteTolerance: Double, relativeTolerance: Double, gridSteps: Int = 1) throws {
        try Validate.nonNegative(absoluteTolerance, "the absolute tolerance")
        try Validate.nonNegative(relativeTolerance, "the relative tolerance")
        try Validate.atLeast(gridSteps, 0, "the grid steps")
        self.init(unchecked: absoluteTolerance, relativeTolerance, gridSteps)
    }

    private init(unchecked absolute: Double, _ relative: Double, _ steps: Int) {
        absoluteTolerance = absolute
        relativeTolerance = relative
        gridSteps = steps
    }

    /// Relative 1e-4, absolute 1e-9, one checkpoint: the float32 rule at T + m of about 1.7e5.
    public static let standard = Agreement(unchecked: 1e-9, 1e-4, 1)

    /// Exact comparison (all tolerances zero): `measured <= bound`, `measured == predicted`,
    /// identical grid positions.
    public static let exact = Agreement(unchecked: 0, 0, 0)

    /// The float32 rule: relative `4 sqrt(steps + samples) 2^-24`, absolute that times
    /// `lossScale` (the initial loss l(0) of the run, in the compared convention), one checkpoint.
    /// - Throws: `CheckerError.invalidValue` for negative counts or a negative or non-finite scale.
    public static func float32Training(steps: Int, samples: Int, lossScale: Double) throws -> Agreement {
        try Validate.atLeast(steps, 0, "steps")
        try Validate.atLeast(samples, 1, "the number of samples m")
        try Validate.nonNegative(lossScale, "loss scale")
        let relative = 4 * Double(steps + samples).squareRoot() * 0x1p-24
        return Agreement(unchecked: relative * lossScale, relative, 1)
    }

    /// Whether the claim holds under these tolerances. See the type's documentation.
    public func check(_ claim: Claim) -> Bool {
        switch claim {
        case let .bound(measured, bound):
            if measured.isNaN || bound.isNaN { return false }
            if bound == .infinity { return measured < .infinity }
            return measured <= bound + absoluteTolerance + relativeTolerance * abs(bound)
        case let .prediction(measured, predicted):
            if measured.isNaN || predicted.isNaN { return false }
            let scale = max(abs(measured), abs(predicted))
            return abs(measured - predicted) <= max(absoluteTolerance, relativeTolerance * scale)
        case let .threshold(measured, predicted, checkpoints):
            let grid = Agreement.sortedGrid(checkpoints)
            let a = Agreement.position(measured.map(Double.init), in: grid)
            let b = Agreement.position(predicted.map(Double.init), in: grid)
            return abs(a - b) <= gridSteps
        case let .thresholdBound(measured, bound, checkpoints):
            if bound.isNaN { return false }
            let grid = Agreement.sortedGrid(checkpoints)
            let b = Agreement.position(bound, in: grid)
            if b >= grid.count { return true }  // t_star past the grid: nothing observable is claimed
            return Agreement.position(measured.map(Double.init), in: grid) <= b
        }
    }

    private static func sortedGrid(_ checkpoints: [Int]) -> [Int] { Array(Set(checkpoints)).sorted() }

    /// The index of the first checkpoint >= t; `grid.count` for nil or past the last checkpoint.
    private static func position(_ t: Double?, in grid: [Int]) -> Int {
        guard let t else { return grid.count }
        return grid.firstIndex { Double($0) >= t } ?? grid.count
    }
}

/// The verdicts (THEORY.md section 7, vocabulary in `Verdict`): each applies the scope and
/// informativeness rules first and only then the predicate `check` above.
extension Agreement {
    /// A bound b on a measured x: out of scope when `failures` is not empty (the failing
    /// hypotheses of the bound's theorem, with factors); else vacuous when b >= `trivial.value`
    /// (what predicting 0 achieves, named by `trivial.name`); else holds when
    /// `check(.bound(measured: x, bound: b))`, VIOLATED otherwise.
    public func verdict(measured: Double, bound: Double, trivial: (value: Double, name: String),
                        failures: [HypothesisFailure] = []) -> Verdict {
        if !failures.isEmpty { return .outOfScope(failures) }
        if !(bound < trivial.value) { return .vacuous(bound: bound, trivial: trivial.value, trivialName: trivial.name) }
        return check(.bound(measured: measured, bound: bound)) ? .holds : .violated
    }

    /// A measured threshold t_hat against a *prediction* t_p (nil = never reached on the grid):
    /// censored when either side is never reached, only at the last checkpoint, or at t = 0;
    /// else agrees when `check(.threshold(...))`, disagrees otherwise.
    public func verdict(measured: Int?, predicted: Int?, checkpoints: [Int],
                        names: (measured: String, predicted: String) = ("t_hat", "t_pred")) -> Verdict {
        let grid = Array(Set(checkpoints)).sorted()
        for (t, side) in [(measured, names.measured), (predicted, names.predicted)] {
            if let c = Agreement.censoring(t, side: side, grid: grid, lastIsCensored: true) { return .censored(c) }
        }
        return check(.threshold(measured: measured, predicted: predicted, checkpoints: grid)) ? .agrees : .disagrees
    }

    /// A measured threshold t_hat against an *upper bound* on it (the a posteriori t_post, or the
    /// a priori t_star; nil = the bound is never reached on the grid): out of scope when
    /// `failures` is not empty; censored when the bound is never reached or lies beyond the last
    /// checkpoint, or t_hat is at t = 0; else consistent when t_hat comes no later than the first
    /// checkpoint at or after the bound (`check(.thresholdBound(...))`; a t_hat never reached is
    /// later than every checkpoint), inconsistent otherwise.
    public func verdict(measured: Int?, upperBound: Double?, checkpoints: [Int],
                        names: (measured: String, bound: String) = ("t_hat", "t_post"),
                        failures: [HypothesisFailure] = []) -> Verdict {
        if !failures.isEmpty { return .outOfScope(failures) }
        let grid = Array(Set(checkpoints)).sorted()
        guard let bound = upperBound else { return .censored(Censoring(names.bound, .neverReached)) }
        if let last = grid.last, bound > Double(last) { return .censored(Censoring(names.bound, .beyondGrid(bound))) }
        if let t = measured, t == 0, grid.first == 0 { return .censored(Censoring(names.measured, .firstCheckpoint)) }
        return check(.thresholdBound(measured: measured, bound: bound, checkpoints: grid)) ? .consistent : .inconsistent
    }

    /// A measured threshold against an upper bound, both at step resolution (exact crossings,
    /// `ThresholdCrossing`; either may also be a checkpoint where no crossing was located):
    /// out of scope when `failures` is not empty; censored when the bound is never reached or
    /// lies beyond the last checkpoint, or t_hat is at t = 0 (the rules of the grid version);
    /// else consistent when t_hat <= bound exactly (no grid tolerance: both are located to the
    /// step; a t_hat never reached is later than every step), inconsistent otherwise.
    public func verdict(measuredStep measured: Int?, upperBound: Double?, checkpoints: [Int],
                        names: (measured: String, bound: String) = ("t_hat", "t_post"),
                        failures: [HypothesisFailure] = []) -> Verdict {
        if !failures.isEmpty { return .outOfScope(failures) }
        let grid = Array(Set(checkpoints)).sorted()
        guard let bound = upperBound else { return .censored(Censoring(names.bound, .neverReached)) }
        if bound.isNaN { return .inconsistent }
        if let last = grid.last, bound > Double(last) { return .censored(Censoring(names.bound, .beyondGrid(bound))) }
        if let t = measured, t == 0, grid.first == 0 { return .censored(Censoring(names.measured, .firstCheckpoint)) }
        guard let t = measured else { return .inconsistent }
        return Double(t) <= bound ? .consistent : .inconsistent
    }

    /// How a threshold observed on the grid is censored, or nil when it is an interior observation.
    static func censoring(_ t: Int?, side: String, grid: [Int], lastIsCensored: Bool) -> Censoring? {
        guard let t else { return Censoring(side, .neverReached) }
        if t == 0 && grid.first == 0 { return Censoring(side, .firstCheckpoint) }
        if lastIsCensored, let last = grid.last, t >= last, grid.count > 1 { return Censoring(side, .lastCheckpoint(last)) }
        return nil
    }
}
