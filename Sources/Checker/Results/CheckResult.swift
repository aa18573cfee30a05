import Bounds

/// Everything one `lth check` produced, in memory: provenance, the checkpoint grid, the
/// agreement tolerances, and one row per measured statement of Theorems A, B and C, plus the
/// fitted laws. Every table, CSV, JSON file and figure is rendered from this value alone.
///
/// Losses are in `provenance.lossConvention`; residuals ||u - y||^2 are never divided by m.
/// Seeds are aggregated by `theoremBAggregates` and `theoremCAggregates`; the verdicts ("holds",
/// "agrees") are `agreement.check(...)`, computed when asked, never stored.
public struct CheckResult: Sendable, Equatable {
    public var provenance: Provenance
    /// The checkpoint iterations t at which the runs were measured (sorted, distinct).
    public let checkpoints: [Int]
    /// The tolerances of every "holds" and "agrees" verdict.
    public var agreement: Agreement
    public let theoremA: [TheoremARow]
    public let theoremB: [TheoremBRow]
    public let theoremC: [TheoremCRow]
    /// Per (m, seed, eps): the measured dense threshold t_dense beside the kernel-predicted t_K
    /// (empty when the runs did not measure t_K).
    public let kernelThresholds: [KernelThresholdRow]
    /// The fitted laws (`standardFits` unless given): l_k against k.
    public let lawFits: [LawFit]
    /// For every (k, eps) of Theorem C: the thresholds t_hat against m, censored, compared
    /// between t = alpha + beta ln m, alpha + beta m and c m^beta (`ScalingComparison`).
    public let thresholdScalings: [ScalingComparison]
    /// For every eps of `kernelThresholds`: t_dense against m and, beside it, t_K against m (the
    /// kernel theory's prediction of the law), compared between the same three laws.
    public let kernelThresholdScalings: [ScalingComparison]
    /// Plain sentences: fits that could not be made and why, and anything else the reader needs.
    public let notes: [String]

    /// - Parameters:
    ///   - checkpoints: the iteration grid; every row's t must be on it.
    ///   - lawFits: the fits to report; nil fits `standardFits` (the failures become notes).
    /// - Throws: `CheckerError.invalidValue` for an empty or negative grid, a row off the grid,
    ///   or two rows for the same key (m, seed, t[, k]) or (m, seed, k, eps).
    public init(provenance: Provenance, checkpoints: [Int], agreement: Agreement = .standard,
                theoremA: [TheoremARow], theoremB: [TheoremBRow], theoremC: [TheoremCRow],
                kernelThresholds: [KernelThresholdRow] = [], lawFits: [LawFit]? = nil, notes: [String] = []) throws {
        guard !checkpoints.isEmpty else {
            throw CheckerError.invalidValue(field: "checkpoints", value: "[]", allowed: "at least one iteration t >= 0")
        }
        if let bad = checkpoints.first(where: { $0 < 0 }) {
            throw CheckerError.invalidValue(field: "checkpoints", value: "\(bad)", allowed: "iterations t >= 0")
        }
        let grid = Array(Set(checkpoints)).sorted()
        let onGrid = Set(grid)
        for (i, row) in theoremA.enumerated() where !onGrid.contains(row.iteration) {
            throw CheckerError.invalidValue(field: "theoremA[\(i)].iteration", value: "\(row.iteration)", allowed: "a checkpoint of the grid \(grid)")
        }
        for (i, row) in theoremB.enumerated() where !onGrid.contains(row.iteration) {
            throw CheckerError.invalidValue(field: "theoremB[\(i)].iteration", value: "\(row.iteration)", allowed: "a checkpoint of the grid \(grid)")
        }
        for (i, row) in theoremC.enumerated() {
            for t in [row.empiricalThreshold, row.aPosterioriThreshold].compactMap({ $0 }) where !onGrid.contains(t) {
                throw CheckerError.invalidValue(field: "theoremC[\(i)] threshold", value: "\(t)", allowed: "a checkpoint of the grid \(grid) or none")
            }
        }
        for (i, row) in kernelThresholds.enumerated() {
            if let t = row.denseThreshold, !onGrid.contains(t) {
                throw CheckerError.invalidValue(field: "kernelThresholds[\(i)].denseThreshold", value: "\(t)", allowed: "a checkpoint of the grid \(grid) or none")
            }
        }
        try CheckResult.requireDistinct(kernelThresholds.map { "m=\($0.samples) seed=\($0.seed) eps=\($0.epsilon)" }, "kernelThresholds")
        try CheckResult.requireDistinct(theoremA.map { "m=\($0.samples) seed=\($0.seed) t=\($0.iteration)" }, "theoremA")
        try CheckResult.requireDistinct(theoremB.map { "m=\($0.samples) seed=\($0.seed) t=\($0.iteration) k=\($0.subnetworkSize)" }, "theoremB")
        try CheckResult.requireDistinct(theoremC.map { "m=\($0.samples) seed=\($0.seed) k=\($0.subnetworkSize) eps=\($0.epsilon)" }, "theoremC")
        self.provenance = provenance
        self.checkpoints = grid
        self.agreement = agreement
        self.theoremA = theoremA
        self.theoremB = theoremB
        self.theoremC = theoremC
        self.kernelThresholds = kernelThresholds
        if let lawFits {
            self.lawFits = lawFits
            self.notes = notes
        } else {
            let (fits, failures) = CheckResult.standardFits(theoremB: theoremB, theoremC: theoremC,
                                                           convention: provenance.lossConvention)
            self.lawFits = fits
            self.notes = notes + failures
        }
        thresholdScalings = CheckResult.thresholdScalings(theoremC: theoremC, grid: grid, convention: provenance.lossConvention,
                                                          sameStep: CheckResult.sameStepAtEveryM(theoremA))
        kernelThresholdScalings = CheckResult.kernelThresholdScalings(kernelThresholds, grid: grid)
    }

    /// Whether every run used the same sum-loss step eta (nil without Theorem A rows).
    static func sameStepAtEveryM(_ theoremA: [TheoremARow]) -> Bool? {
        guard let first = theoremA.first?.eta else { return nil }
        return theoremA.allSatisfy { abs($0.eta - first) <= 1e-12 * first }
    }

    /// One `ScalingComparison` of t_hat (first passage) against m per (k, eps), in order of k,
    /// then eps, followed by one of t_stay (stays below eps from then on) per (k, eps). t_hat's
    /// exact crossing, where located, enters as an exact observation; t_stay stays on the grid.
    static func thresholdScalings(theoremC: [TheoremCRow], grid: [Int], convention: LossConvention, sameStep: Bool?) -> [ScalingComparison] {
        let targets = Set(theoremC.map { TargetKey(k: $0.subnetworkSize, eps: $0.epsilon) }).sorted()
        let formula = "Theorem C: t_star = ln(B / (2 (eps_sum - D^2 H_k/(2k)))) / (-ln(1 - eta lambda0/2)) with B linear in m"
        let prediction: String
        switch (convention, sameStep) {
        case (.sum, true?):
            prediction = formula + "; with the same eta at every m and a sum-loss target: growth like ln m / (eta lambda0), and faster as lambda0 falls with m"
        case (.mean, true?):
            prediction = formula + "; with the same eta at every m and a per-sample target (eps_sum = m eps) the ln m cancels: t_star grows only through 1/lambda0(m)"
        case (.mean, false?):
            prediction = formula + "; with a per-sample target the ln m cancels, but eta = lr/m on the sum loss, so t_star ~ m / (lr lambda0) grows linearly in m"
        default:
            prediction = formula + "; the step eta differs between the m, so the growth in m depends on eta(m) and lambda0(m)"
        }
        let sorted = theoremC.sorted { ($0.samples, $0.seed) < ($1.samples, $1.seed) }
        // A threshold with an exact crossing t_c is an exact observation; otherwise it lies in
        // (t_{j-1}, t_j] on the grid, right-censored when never reached, left out at t = 0.
        func comparisons(_ response: String, _ threshold: (TheoremCRow) -> Int?, exact: (TheoremCRow) -> Int?) -> [ScalingComparison] {
            targets.map { target in
                let rows = sorted.filter { $0.subnetworkSize == target.k && $0.epsilon == target.eps }
                var observations: [CensoredObservation] = []
                var atStart = 0
                for row in rows {
                    if let t = exact(row) {
                        observations.append(CensoredObservation(x: Double(row.samples), lower: Double(t), upper: Double(t), group: row.seed))
                    } else if let o = CensoredObservation.threshold(threshold(row), x: Double(row.samples), grid: grid, group: row.seed) {
                        observations.append(o)
                    } else {
                        atStart += 1
                    }
                }
                return ScalingComparison(title: "k = \(target.k), eps = \(NumberFormat.short(target.eps))", response: response,
                                         observations: observations, atStart: atStart, prediction: prediction)
            }
        }
        return comparisons("t_hat", \.empiricalThreshold, exact: \.empiricalCrossing)
            + comparisons("t_stay", \.settledThreshold, exact: { _ in nil })
    }

    private static func requireDistinct(_ keys: [String], _ table: String) throws {
        var seen = Set<String>()
        for key in keys where !seen.insert(key).inserted {
            throw CheckerError.invalidValue(field: table, value: "two rows for \(key)", allowed: "one row per key")
        }
    }

    /// The fits `init` makes when none are given: l_k vs k for every m at the last checkpoint of
    /// Theorem B. Each fit that cannot be made (fewer than 3 distinct k, an exact line) is
    /// returned as a note instead.
    public static func standardFits(theoremB: [TheoremBRow], theoremC: [TheoremCRow],
                                    convention: LossConvention) -> (fits: [LawFit], notes: [String]) {
        var fits: [LawFit] = []
        var notes: [String] = []
        for m in Set(theoremB.map(\.samples)).sorted() {
            guard let t = theoremB.filter({ $0.samples == m }).map(\.iteration).max() else { continue }
            do { fits.append(try LawFit.lossVersusSubnetworkSize(theoremB, samples: m, iteration: t)) }
            catch { notes.append("\(error)") }
        }
        return (fits, notes)
    }

    private struct TargetKey: Hashable, Comparable {
        let k: Int
        let eps: Double
        static func < (a: TargetKey, b: TargetKey) -> Bool { (a.k, a.eps) < (b.k, b.eps) }
    }
}
