/// The verdict vocabulary of the Checker (THEORY.md section 7): what every "holds", "agrees"
/// and "consistent" in a table, CSV, JSON file, figure caption or notebook means. Verdicts are
/// made only by the `Agreement.verdict(...)` functions beside the agreement predicate
/// (`Agreement.swift`), and counted only by `VerdictTally`.
///
/// **A bound b on a measured x** (Theorem A's residual bound, Theorem B's pruned-loss bound):
/// - *out of scope*: a hypothesis of the theorem fails for this run; each failing hypothesis is
///   named with its factor (N_req/N = 4.3e22 means the width would have to be 4.3e22 times
///   larger). Nothing is claimed; the bound's formula may be shown in a column labelled as an
///   extrapolation, never counted as holding.
/// - *vacuous*: in scope, but b is not below the trivial value (what predicting 0 achieves:
///   1/2 ||y||^2 for a loss, ||y||^2 for ||u - y||^2; at t = 0 Theorem A's bound is the
///   measured ||u(0) - y||^2 itself), so holding says nothing.
/// - *holds* / *VIOLATED*: in scope and informative; `Agreement.check(.bound(...))` decides.
///
/// **A threshold pair** (a measured t_hat and a *prediction* t_p of the same iteration, on the
/// checkpoint grid):
/// - *censored* when either side is never reached on the grid, reached only at the last
///   checkpoint (the crossing may lie anywhere at or beyond it), or at the first checkpoint t = 0
///   (it may have been met before training);
/// - otherwise *agrees* / *disagrees* by `Agreement.check(.threshold(...))`.
///
/// **A threshold bound** (t_hat against an *upper bound* on it: the a posteriori t_post of
/// Theorem B, or the a priori t_star of Theorem C): one-sided,
/// - *out of scope* when the bound's theorem does not apply (t_star: Theorem A's hypotheses fail,
///   or eps does not exceed the greedy term);
/// - *censored* when the bound is never reached on the grid or lies beyond its last checkpoint
///   (it claims nothing the grid can see), or t_hat is at t = 0 (every bound is then met);
/// - otherwise *consistent* when t_hat comes no later than the bound, *inconsistent* when it
///   comes later (including never).
///
/// Informative verdicts: holds, VIOLATED, agrees, disagrees, consistent, inconsistent. The
/// others are *excluded* from every headline count and counted by reason.
public enum Verdict: Sendable, Equatable, Hashable {
    case holds
    case violated
    case outOfScope([HypothesisFailure])
    case vacuous(bound: Double, trivial: Double, trivialName: String)
    case agrees
    case disagrees
    case censored(Censoring)
    case consistent
    case inconsistent

    /// The word every format prints: "holds", "VIOLATED", "out of scope", "vacuous", "agrees",
    /// "disagrees", "censored", "consistent", "inconsistent".
    public var label: String {
        switch self {
        case .holds: return "holds"
        case .violated: return "VIOLATED"
        case .outOfScope: return "out of scope"
        case .vacuous: return "vacuous"
        case .agrees: return "agrees"
        case .disagrees: return "disagrees"
        case .censored: return "censored"
        case .consistent: return "consistent"
        case .inconsistent: return "inconsistent"
        }
    }

    /// Whether the verdict says something about the theory (it enters the headline counts).
    public var isInformative: Bool {
        switch self {
        case .holds, .violated, .agrees, .disagrees, .consistent, .inconsistent: return true
        case .outOfScope, .vacuous, .censored: return false
        }
    }

    /// Whether the verdict contradicts the theory (VIOLATED, disagrees, inconsistent).
    public var isFailure: Bool {
        switch self {
        case .violated, .disagrees, .inconsistent: return true
        default: return false
        }
    }

    /// Why an excluded verdict is excluded, in one phrase with its numbers, e.g.
    /// "N_req/N = 2.7e+22 > 1", "bound 17.8 >= 1/2 ||y||^2 = 0.5", "t_hat never reached";
    /// nil for informative verdicts.
    public var reason: String? {
        switch self {
        case let .outOfScope(failures): return failures.map(\.description).joined(separator: "; ")
        case let .vacuous(bound, trivial, name):
            return "bound \(NumberFormat.short(bound)) >= \(name) = \(NumberFormat.short(trivial))"
        case let .censored(c): return c.description
        default: return nil
        }
    }

    /// The verdict with its reason, e.g. "out of scope (N_req/N = 2.7e+22 > 1)".
    public var text: String { reason.map { "\(label) (\($0))" } ?? label }

    /// The reason without its numbers: excluded rows are counted per kind of reason.
    var reasonKind: String {
        switch self {
        case let .outOfScope(failures): return "out of scope: " + failures.map(\.kind).joined(separator: ", ")
        case let .vacuous(_, _, name): return "vacuous: bound >= \(name)"
        case let .censored(c): return "censored: " + c.kind
        default: return label
        }
    }
}

/// A hypothesis of a theorem that a run does not satisfy, with the factor by which it fails.
public struct HypothesisFailure: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The ratio's name, e.g. "N_req/N" or "eta/eta_max" (the hypothesis is ratio <= 1), or a
    /// whole sentence when the failure has no single factor.
    public let ratio: String
    /// The ratio's value (> 1 when it fails); nil for a sentence.
    public let factor: Double?

    public init(ratio: String, factor: Double?) {
        self.ratio = ratio
        self.factor = factor
    }

    /// The failing hypothesis ratio <= 1, or nil when it holds (factor <= 1).
    public static func ratio(_ name: String, _ factor: Double) -> HypothesisFailure? {
        factor <= 1 ? nil : HypothesisFailure(ratio: name, factor: factor)
    }

    /// "N_req/N = 2.7e+22 > 1", or the sentence.
    public var description: String {
        factor.map { "\(ratio) = \(NumberFormat.short($0)) > 1" } ?? ratio
    }

    /// The ratio's name, or the sentence with its numbers replaced by "#".
    var kind: String {
        factor == nil ? String(ratio.map { $0.isNumber || $0 == "." || $0 == "+" ? "#" : $0 }) : ratio
    }
}

/// Which side of a threshold comparison is censored, and how.
public struct Censoring: Sendable, Equatable, Hashable, CustomStringConvertible {
    public enum How: Sendable, Equatable, Hashable {
        /// Never reached on the grid (right-censored beyond the last checkpoint).
        case neverReached
        /// Reached only at the last checkpoint: the crossing lies somewhere in (t_{J-1}, T] or later.
        case lastCheckpoint(Int)
        /// Reached at the first checkpoint t = 0: it may have been met before training.
        case firstCheckpoint
        /// A bound past the last checkpoint T: it claims nothing the grid can see.
        case beyondGrid(Double)
    }

    /// The side, e.g. "t_hat", "t_post", "t_star".
    public let side: String
    public let how: How

    public init(_ side: String, _ how: How) {
        self.side = side
        self.how = how
    }

    public var description: String {
        switch how {
        case .neverReached: return "\(side) never reached"
        case let .lastCheckpoint(t): return "\(side) only at the last checkpoint t = \(t)"
        case .firstCheckpoint: return "\(side) at t = 0, possibly met before training"
        case let .beyondGrid(t): return "\(side) = \(NumberFormat.short(t)) beyond the last checkpoint"
        }
    }

    var kind: String {
        switch how {
        case .neverReached: return "\(side) never reached"
        case .lastCheckpoint: return "\(side) only at the last checkpoint"
        case .firstCheckpoint: return "\(side) at t = 0"
        case .beyondGrid: return "\(side) beyond the last checkpoint"
        }
    }
}

/// Counts of verdicts over rows: the headline counts only informative verdicts; the excluded
/// rows are counted per kind of reason, with the range of each failing factor.
public struct VerdictTally: Sendable, Equatable {
    /// Informative verdict labels and their counts, in first-seen order.
    public private(set) var informative: [(label: String, count: Int)] = []
    /// Excluded reason kinds and their counts, in first-seen order.
    public private(set) var excluded: [(kind: String, count: Int)] = []
    /// The range of every out-of-scope ratio and of bound / trivial for vacuous rows.
    private var ranges: [String: (Double, Double)] = [:]
    public private(set) var total = 0
    /// Every verdict label and its count, in first-seen order.
    public private(set) var labels: [(label: String, count: Int)] = []

    public init() {}

    public init<S: Sequence>(_ verdicts: S) where S.Element == Verdict {
        for v in verdicts { add(v) }
    }

    public static func == (a: VerdictTally, b: VerdictTally) -> Bool { a.summary == b.summary }

    public mutating func add(_ v: Verdict) {
        total += 1
        if let i = labels.firstIndex(where: { $0.label == v.label }) { labels[i].count += 1 } else { labels.append((v.label, 1)) }
        if v.isInformative {
            if let i = informative.firstIndex(where: { $0.label == v.label }) { informative[i].count += 1 } else { informative.append((v.label, 1)) }
            return
        }
        let kind = v.reasonKind
        if let i = excluded.firstIndex(where: { $0.kind == kind }) { excluded[i].count += 1 } else { excluded.append((kind, 1)) }
        switch v {
        case let .outOfScope(failures):
            for f in failures { if let x = f.factor { widen(f.ratio, x) } }
        case let .vacuous(bound, trivial, name) where trivial > 0:
            widen("bound/(\(name))", bound / trivial)
        default: break
        }
    }

    private mutating func widen(_ key: String, _ x: Double) {
        let (lo, hi) = ranges[key] ?? (x, x)
        ranges[key] = (min(lo, x), max(hi, x))
    }

    /// Rows with an informative verdict.
    public var informativeCount: Int { informative.reduce(0) { $0 + $1.count } }
    /// Rows whose verdict contradicts the theory.
    public func count(_ label: String) -> Int { informative.first { $0.label == label }?.count ?? 0 }

    /// The counts per label, for a table cell: "12 out of scope", "3 holds, 9 vacuous"; "--" when empty.
    public var compact: String {
        labels.isEmpty ? "--" : labels.map { "\($0.count) \($0.label)" }.joined(separator: ", ")
    }

    /// One line, e.g. "0 of 104 rows informative; excluded: 104 out of scope: N_req/N, eta/eta_max
    /// (N_req/N 2.7e+22 to 5.3e+27; eta/eta_max 8e+03 to 1e+05)".
    public var summary: String {
        guard total > 0 else { return "no rows" }
        var text = "\(informativeCount) of \(total) rows informative"
        if !informative.isEmpty {
            text += " (" + informative.map { "\($0.count) \($0.label)" }.joined(separator: ", ") + ")"
        }
        if !excluded.isEmpty {
            text += "; excluded: " + excluded.map { "\($0.count) \($0.kind)" }.joined(separator: ", ")
            let shown = ranges.keys.sorted().map { key -> String in
                let (lo, hi) = ranges[key]!
                return lo == hi ? "\(key) = \(NumberFormat.short(lo))" : "\(key) \(NumberFormat.short(lo)) to \(NumberFormat.short(hi))"
            }
            if !shown.isEmpty { text += " (" + shown.joined(separator: "; ") + ")" }
        }
        return text
    }
}
