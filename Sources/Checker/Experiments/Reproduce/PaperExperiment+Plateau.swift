#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which reference a plateau is measured against.
public enum PlateauRule: String, Sendable, Codable, Equatable, CaseIterable {
    /// The first checkpoint whose accuracy is within tau of the curve's best accuracy,
    /// j* = min { j : a_j >= max_i a_i - tau }. Robust to
    /// the decline of the pruned accuracy late in training (overfitting of the dense network).
    case peak
    /// j* = min { j : |a_i - a_J| <= tau for every i >= j }: the first checkpoint after which the
    /// curve stays within tau of its final value a_J.
    case final
}

/// The plateau iteration of an accuracy curve measured at checkpoints t_0 < t_1 < ... < t_J = T,
/// with tolerance tau (a fraction; 0.02 is two percentage points), t_plateau = t_(j*) where
/// - rule `peak` (the default): j* = min { j : a_j >= max_i a_i - tau }, the first checkpoint
///   within tau of the best accuracy of the curve;
/// - rule `final`: j* = min { j : |a_i - a_J| <= tau for every i >= j }, the first checkpoint after
///   which the curve stays within tau of its final value.
/// Comparisons are inclusive (exactly tau away counts as within); j* always exists. When j* = J
/// and J > 0 the curve reached its reference only at the last checkpoint: the plateau, if any,
/// lies at or beyond T, and the estimate is *censored* (shown as ">= T", left out of the fits).
public struct PlateauEstimate: Sendable, Equatable {
    /// t_(j*).
    public let iteration: Int
    /// j*.
    public let index: Int
    /// The final accuracy a_J.
    public let finalAccuracy: Double
    /// The best accuracy max_i a_i.
    public let peakAccuracy: Double
    /// j* = J with J > 0: the curve had not reached its reference before T.
    public let isCensored: Bool

    /// Applies the rule to a curve (`steps` increasing, one accuracy per step, at least one point).
    public init(steps: [Int], accuracies: [Double], tolerance: Double, rule: PlateauRule = .final) {
        precondition(!steps.isEmpty && steps.count == accuracies.count, "one accuracy per checkpoint, at least one")
        precondition(zip(steps, steps.dropFirst()).allSatisfy { $0 < $1 }, "checkpoints must increase")
        let last = accuracies.count - 1
        let final = accuracies[last]
        let peak = accuracies.max()!
        var j: Int
        switch rule {
        case .final:
            j = last
            while j > 0 && abs(accuracies[j - 1] - final) <= tolerance { j -= 1 }
        case .peak:
            j = accuracies.firstIndex { $0 >= peak - tolerance }!
        }
        iteration = steps[j]
        index = j
        finalAccuracy = final
        peakAccuracy = peak
        isCensored = j == last && last > 0
    }
}

/// Which accuracy curve a plateau is read from.
public enum PlateauCurve: String, Sendable, Equatable, CaseIterable {
    /// The greedy subnetwork c + v_k, no training (test accuracy).
    case pruned
    /// The greedy subnetwork after fine-tuning (test accuracy).
    case fineTuned = "fine-tuned"
    /// The dense network (test accuracy); does not depend on k.
    case dense
    /// The greedy subnetwork's training loss (the squared loss greedy minimised), read as the
    /// ratio l_k(t) / l_k(T) with rule `final`: the first checkpoint after which the loss stays
    /// within tau (relative) of its value at T.
    case greedyLoss = "greedy loss"
}

/// The plateau iterations of one (k, m, seed).
public struct PlateauRow: Sendable, Equatable {
    public let subnetworkSize: Int
    public let samples: Int
    public let seed: UInt64
    public let pruned: PlateauEstimate
    public let fineTuned: PlateauEstimate?
    public let dense: PlateauEstimate
    /// On l_k(t) / l_k(T), rule `final` (see `PlateauCurve.greedyLoss`).
    public let greedyLoss: PlateauEstimate
    /// The largest rise of the greedy training loss between consecutive checkpoints, relative
    /// to the earlier value (0 when l_k is non-increasing in t, up to 1e-9 relative).
    public let greedyLossRise: Double

    public func estimate(_ curve: PlateauCurve) -> PlateauEstimate? {
        switch curve {
        case .pruned: return pruned
        case .fineTuned: return fineTuned
        case .dense: return dense
        case .greedyLoss: return greedyLoss
        }
    }
}

/// The fit t_plateau = alpha + beta ln m over the uncensored (m, seed) plateaus of one curve
/// (and one k; the dense curve has none), ordinary least squares with 95% Student-t intervals
/// (`LinearRegression`); nil estimates with `note` when the fit cannot be made.
public struct PlateauFit: Sendable, Equatable {
    public let curve: PlateauCurve
    /// k (nil for the dense curve).
    public let subnetworkSize: Int?
    public let alpha: LawFit.Estimate?
    public let beta: LawFit.Estimate?
    public let rSquared: Double?
    /// Points fitted.
    public let count: Int
    /// Censored plateaus left out.
    public let excluded: Int
    public let level: Double
    /// Why there is no fit (fewer than 3 points, one m only).
    public let note: String?
    /// The fitted points (m, t_plateau).
    public let points: [LawFit.Point]

    /// "grows" when the whole interval of beta is > 0, "shrinks" when it is < 0, "no evidence"
    /// otherwise, "--" without a fit.
    public var verdict: String {
        guard let beta else { return "--" }
        if beta.lower > 0 { return "grows" }
        if beta.upper < 0 { return "shrinks" }
        return "no evidence"
    }

    /// The fitted t_plateau at m.
    public func value(at m: Double) -> Double? {
        guard let alpha, let beta else { return nil }
        return alpha.value + beta.value * log(m)
    }
}

extension PaperExperimentResult {
    /// The plateau rows, ordered by k, m (configuration order), seed; the test-accuracy curves of
    /// every (m, seed) are read at every checkpoint.
    public var plateaus: [PlateauRow] {
        let tolerance = configuration.plateauTolerance
        let rule = configuration.plateauRuleValue
        var out: [PlateauRow] = []
        for k in configuration.subnetworkSizes.sorted() {
            for cell in cells {
                let rows = cell.rows.filter { $0.subnetworkSize == k }.sorted { $0.iteration < $1.iteration }
                guard !rows.isEmpty else { continue }
                let steps = rows.map(\.iteration)
                let tuned: PlateauEstimate?
                if rows.allSatisfy({ $0.fineTuned != nil }) {
                    tuned = PlateauEstimate(steps: steps, accuracies: rows.map { $0.fineTuned!.testAccuracy }, tolerance: tolerance, rule: rule)
                } else {
                    tuned = nil
                }
                let loss = rows.map(\.greedyObjective)
                let scale = loss.last! > 0 ? loss.last! : 1
                var rise = 0.0
                for (earlier, later) in zip(loss, loss.dropFirst()) where earlier > 0 && later > earlier * (1 + 1e-9) {
                    rise = max(rise, (later - earlier) / earlier)
                }
                out.append(PlateauRow(
                    subnetworkSize: k, samples: cell.samples, seed: cell.seed,
                    pruned: PlateauEstimate(steps: steps, accuracies: rows.map(\.pruned.testAccuracy), tolerance: tolerance, rule: rule),
                    fineTuned: tuned,
                    dense: PlateauEstimate(steps: steps, accuracies: rows.map(\.dense.testAccuracy), tolerance: tolerance, rule: rule),
                    greedyLoss: PlateauEstimate(steps: steps, accuracies: loss.map { $0 / scale }, tolerance: tolerance, rule: .final),
                    greedyLossRise: rise))
            }
        }
        return out
    }

    /// The fits t_plateau = alpha + beta ln m: for every k the pruned and (when fine-tuning ran)
    /// the fine-tuned curve, then the dense curve once (its plateaus do not depend on k).
    public var plateauFits: [PlateauFit] {
        let rows = plateaus
        var fits: [PlateauFit] = []
        let curves: [PlateauCurve] = configuration.fineTuneSteps > 0 ? [.pruned, .fineTuned] : [.pruned]
        for k in configuration.subnetworkSizes.sorted() {
            for curve in curves {
                fits.append(PaperExperimentResult.fit(rows.filter { $0.subnetworkSize == k }, curve: curve, subnetworkSize: k))
            }
        }
        let firstK = configuration.subnetworkSizes.min()!
        fits.append(PaperExperimentResult.fit(rows.filter { $0.subnetworkSize == firstK }, curve: .dense, subnetworkSize: nil))
        return fits
    }

    static func fit(_ rows: [PlateauRow], curve: PlateauCurve, subnetworkSize: Int?, level: Double = 0.95) -> PlateauFit {
        let estimates = rows.compactMap { row in row.estimate(curve).map { (row.samples, $0) } }
        let kept = estimates.filter { !$0.1.isCensored }
        let points = kept.map { LawFit.Point(x: Double($0.0), y: Double($0.1.iteration)) }
        let name = "t_plateau vs ln m (\(curve.rawValue)\(subnetworkSize.map { ", k = \($0)" } ?? ""))"
        do {
            let regression = try LinearRegression(x: points.map { log($0.x) }, y: points.map(\.y), name: name)
            let q = try regression.quantile(level: level)
            let alpha = LawFit.Estimate(name: "alpha", value: regression.intercept,
                                        lower: regression.intercept - q * regression.interceptStandardError,
                                        upper: regression.intercept + q * regression.interceptStandardError)
            let beta = LawFit.Estimate(name: "beta", value: regression.slope,
                                       lower: regression.slope - q * regression.slopeStandardError,
                                       upper: regression.slope + q * regression.slopeStandardError)
            return PlateauFit(curve: curve, subnetworkSize: subnetworkSize, alpha: alpha, beta: beta, rSquared: regression.rSquared,
                              count: points.count, excluded: estimates.count - kept.count, level: level, note: nil, points: points)
        } catch {
            let reason: String
            if case let CheckerError.insufficientData(_, why) = error { reason = why } else { reason = "\(error)" }
            return PlateauFit(curve: curve, subnetworkSize: subnetworkSize, alpha: nil, beta: nil, rSquared: nil,
                              count: points.count, excluded: estimates.count - kept.count, level: level, note: reason, points: points)
        }
    }
}

extension PaperExperimentResult {
    /// The plateaus against m compared between the laws t = alpha + beta ln m, alpha + beta m and
    /// c m^beta (`ScalingComparison`, censoring in the likelihood): for every k the greedy
    /// training loss, the pruned and (when fine-tuning ran) the fine-tuned test accuracy, then
    /// the dense test accuracy once. A plateau at checkpoint t_j (0 < j < J) lies in
    /// (t_{j-1}, t_j]; one at the last checkpoint is right-censored beyond t_{J-1}; one at t = 0
    /// is left out and counted.
    public var plateauScalings: [ScalingComparison] {
        let rows = plateaus
        let prediction = "the theorems do not cover SGD with momentum on a multi-class MLP: no law is predicted here; the comparison says which law describes the plateaus"
        func comparison(_ rows: [PlateauRow], _ curve: PlateauCurve, _ k: Int?) -> ScalingComparison {
            var observations: [CensoredObservation] = []
            var atStart = 0
            for row in rows {
                guard let e = row.estimate(curve) else { continue }
                let steps = cells.first { $0.samples == row.samples && $0.seed == row.seed }?.rows
                    .filter { $0.subnetworkSize == row.subnetworkSize }.map(\.iteration).sorted() ?? []
                guard e.index > 0, e.index < steps.count else { atStart += 1; continue }
                observations.append(CensoredObservation(x: Double(row.samples), lower: Double(steps[e.index - 1]),
                                                        upper: e.isCensored ? .infinity : Double(e.iteration), group: Int(row.seed)))
            }
            return ScalingComparison(title: curve.rawValue + (k.map { ", k = \($0)" } ?? ""), response: "t_plateau",
                                     observations: observations, atStart: atStart, prediction: prediction)
        }
        var out: [ScalingComparison] = []
        let curves: [PlateauCurve] = configuration.fineTuneSteps > 0 ? [.greedyLoss, .pruned, .fineTuned] : [.greedyLoss, .pruned]
        for k in configuration.subnetworkSizes.sorted() {
            for curve in curves { out.append(comparison(rows.filter { $0.subnetworkSize == k }, curve, k)) }
        }
        let firstK = configuration.subnetworkSizes.min()!
        out.append(comparison(rows.filter { $0.subnetworkSize == firstK }, .dense, nil))
        return out
    }
}
