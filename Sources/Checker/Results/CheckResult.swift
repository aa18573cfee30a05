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
    /// The fitted laws (`standardFits` unless given).
    public let lawFits: [LawFit]
    /// Plain sentences: fits that could not be made and why, and anything else the reader needs.
    public let notes: [String]

    /// - Parameters:
    ///   - checkpoints: the iteration grid; every row's t must be on it.
    ///   - lawFits: the fits to report; nil fits `standardFits` (the failures become notes).
    /// - Throws: `CheckerError.invalidValue` for an empty or negative grid, a row off the grid,
    ///   or two rows for the same key (m, seed, t[, k]) or (m, seed, k, eps).
    public init(provenance: Provenance, checkpoints: [Int], agreement: Agreement = .standard,
                theoremA: [TheoremARow], theoremB: [TheoremBRow], theoremC: [TheoremCRow],
                lawFits: [LawFit]? = nil, notes: [String] = []) throws {
        guard !checkpoints.isEmpty else {
            throw CheckerError.invalidValue(field: "--checkpoints", value: "[]", allowed: "at least one iteration t >= 0")
        }
        if let bad = checkpoints.first(where: { $0 < 0 }) {
            throw CheckerError.invalidValue(field: "--checkpoints", value: "\(bad)", allowed: "iterations t >= 0")
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
        try CheckResult.requireDistinct(theoremA.map { "m=\($0.samples) seed=\($0.seed) t=\($0.iteration)" }, "theoremA")
        try CheckResult.requireDistinct(theoremB.map { "m=\($0.samples) seed=\($0.seed) t=\($0.iteration) k=\($0.subnetworkSize)" }, "theoremB")
        try CheckResult.requireDistinct(theoremC.map { "m=\($0.samples) seed=\($0.seed) k=\($0.subnetworkSize) eps=\($0.epsilon)" }, "theoremC")
        self.provenance = provenance
        self.checkpoints = grid
        self.agreement = agreement
        self.theoremA = theoremA
        self.theoremB = theoremB
        self.theoremC = theoremC
        if let lawFits {
            self.lawFits = lawFits
            self.notes = notes
        } else {
            let (fits, failures) = CheckResult.standardFits(theoremB: theoremB, theoremC: theoremC,
                                                           convention: provenance.lossConvention)
            self.lawFits = fits
            self.notes = notes + failures
        }
    }

    private static func requireDistinct(_ keys: [String], _ table: String) throws {
        var seen = Set<String>()
        for key in keys where !seen.insert(key).inserted {
            throw CheckerError.invalidValue(field: table, value: "two rows for \(key)", allowed: "one row per key")
        }
    }

    /// The fits `init` makes when none are given: t_hat vs ln m for every (k, eps) of Theorem C,
    /// and l_k vs k for every m at the last checkpoint of Theorem B. Each fit that cannot be made
    /// (fewer than 3 points, a single m or k) is returned as a note instead.
    public static func standardFits(theoremB: [TheoremBRow], theoremC: [TheoremCRow],
                                    convention: LossConvention) -> (fits: [LawFit], notes: [String]) {
        var fits: [LawFit] = []
        var notes: [String] = []
        let targets = Set(theoremC.map { TargetKey(k: $0.subnetworkSize, eps: $0.epsilon) }).sorted()
        for target in targets {
            do { fits.append(try LawFit.thresholdVersusLogSamples(theoremC, subnetworkSize: target.k, epsilon: target.eps, convention: convention)) }
            catch { notes.append("\(error)") }
        }
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
