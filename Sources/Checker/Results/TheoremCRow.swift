/// One loss target beside Theorem C (THEORY.md section 4), for the run (m, seed), subnetwork
/// size k and target eps (in the result's loss convention):
///
/// - the empirical threshold t_hat: the first checkpoint where the measured l_k(t) <= eps
///   (first passage), and t_stay: the first checkpoint from which l_k stays <= eps at every later
///   checkpoint (greedy is re-run at every checkpoint and l_k is not monotone in t, so the two
///   differ when the loss rises above eps again; t_stay >= t_hat);
/// - the a posteriori prediction: the first checkpoint where l(t) + D_t^2 H_k/(2k) <= eps
///   (Theorem B's bound with the measured dense loss and diameter);
/// - the a priori t_star(eps, k) = ceil(log(B / (2 (eps - D^2 H_k/(2k)))) / -log1p(-eta lambda_0/2)),
///   or the sentence saying why the theorem implies none.
///
/// "First checkpoint" scans the checkpoint grid in increasing t; nil means never on the grid.
/// Where t_hat or t_post is bracketed by two checkpoints (t_a, t_b], t_b > 0, the row also holds
/// the exact crossing step t_c located by bisection between them (`ThresholdCrossing`: a step
/// with q(t_c - 1) > eps >= q(t_c), the first passage lies in (t_a, t_c]); the verdicts and the
/// law comparison use t_c where it exists. t_stay stays on the grid.
public struct TheoremCRow: Sendable, Equatable, Codable {
    /// The a priori threshold, or the reason there is none (from `TheoremC.Threshold`).
    public enum APriori: Sendable, Equatable, Codable {
        case iterations(Double)
        case none(reason: String)

        public var iterations: Double? {
            if case let .iterations(t) = self { return t }
            return nil
        }
    }

    /// Training points m.
    public var samples: Int
    public var seed: Int
    /// Subnetwork size k.
    public var subnetworkSize: Int
    /// The loss target eps, in the result's loss convention.
    public var epsilon: Double
    /// t_hat: first checkpoint with l_k(t) <= eps; nil if never.
    public var empiricalThreshold: Int?
    /// t_stay: first checkpoint from which l_k(t) <= eps at every later checkpoint; nil when
    /// l_k(T) > eps at the last checkpoint (and in results written before it existed).
    public var settledThreshold: Int?
    /// First checkpoint with l(t) + D_t^2 H_k/(2k) <= eps; nil if never.
    public var aPosterioriThreshold: Int?
    /// t_star(eps, k) a priori, or why none exists.
    public var aPriori: APriori
    /// The exact crossing of l_k in t_hat's bracket; nil when t_hat is never reached or at
    /// t = 0, when crossings were not located, and in results written before they existed.
    public var empiricalCrossing: Int?
    /// The exact crossing of l(t) + D_t^2 H_k/(2k) in t_post's bracket; nil as for `empiricalCrossing`.
    public var aPosterioriCrossing: Int?

    /// t_hat at step resolution where known: the exact crossing, else the checkpoint.
    public var empiricalStep: Int? { empiricalCrossing ?? empiricalThreshold }
    /// t_post at step resolution where known: the exact crossing, else the checkpoint.
    public var aPosterioriStep: Int? { aPosterioriCrossing ?? aPosterioriThreshold }

    /// - Throws: `CheckerError.invalidValue` naming the field when a value is outside its domain.
    public init(samples: Int, seed: Int, subnetworkSize: Int, epsilon: Double, empiricalThreshold: Int?,
                settledThreshold: Int?, aPosterioriThreshold: Int?, aPriori: APriori,
                empiricalCrossing: Int? = nil, aPosterioriCrossing: Int? = nil) throws {
        try Validate.atLeast(samples, 1, "theoremC.samples")
        try Validate.atLeast(subnetworkSize, 1, "theoremC.subnetworkSize")
        try Validate.positive(epsilon, "theoremC.epsilon")
        if let t = empiricalThreshold { try Validate.atLeast(t, 0, "theoremC.empiricalThreshold") }
        if let t = settledThreshold {
            guard let first = empiricalThreshold, t >= first else {
                throw CheckerError.invalidValue(field: "theoremC.settledThreshold", value: "\(t)",
                                                allowed: "a checkpoint >= t_hat (\(empiricalThreshold.map(String.init) ?? "never reached"))")
            }
        }
        if let t = aPosterioriThreshold { try Validate.atLeast(t, 0, "theoremC.aPosterioriThreshold") }
        if case let .iterations(t) = aPriori { try Validate.nonNegative(t, "theoremC.aPriori") }
        for (name, crossing, threshold) in [("empiricalCrossing", empiricalCrossing, empiricalThreshold),
                                            ("aPosterioriCrossing", aPosterioriCrossing, aPosterioriThreshold)] {
            guard let t = crossing else { continue }
            guard let bound = threshold, t >= 1, t <= bound else {
                throw CheckerError.invalidValue(field: "theoremC.\(name)", value: "\(t)",
                                                allowed: "a step in 1...\(threshold.map(String.init) ?? "(none: the threshold is never reached)") (at or before its checkpoint)")
            }
        }
        self.samples = samples
        self.seed = seed
        self.subnetworkSize = subnetworkSize
        self.epsilon = epsilon
        self.empiricalThreshold = empiricalThreshold
        self.settledThreshold = settledThreshold
        self.aPosterioriThreshold = aPosterioriThreshold
        self.aPriori = aPriori
        self.empiricalCrossing = empiricalCrossing
        self.aPosterioriCrossing = aPosterioriCrossing
    }

    /// The first checkpoint t (in increasing order of `checkpoints`) whose value is <= eps:
    /// how t_hat and the a posteriori prediction are found from a loss curve.
    /// `values[i]` belongs to `checkpoints[i]`; nil if none meets eps.
    public static func firstCheckpoint(meeting epsilon: Double, checkpoints: [Int], values: [Double]) -> Int? {
        zip(checkpoints, values).sorted { $0.0 < $1.0 }.first { $0.1 <= epsilon }?.0
    }

    /// The first checkpoint t from which every value at t and at every later checkpoint is
    /// <= eps: how t_stay is found. nil when the value at the last checkpoint exceeds eps.
    public static func settledCheckpoint(meeting epsilon: Double, checkpoints: [Int], values: [Double]) -> Int? {
        let curve = zip(checkpoints, values).sorted { $0.0 < $1.0 }
        var settled: Int? = nil
        for (t, v) in curve.reversed() {
            guard v <= epsilon else { break }
            settled = t
        }
        return settled
    }
}
