import Bounds

/// The whole result as one JSON object (via `JSONValue`, keys in a fixed order):
///
///     { "provenance": {...}, "agreement": {...}, "checkpoints": [...],
///       "theoremA": [...], "theoremB": [...], "theoremBAggregates": [...],
///       "theoremC": [...], "theoremCAggregates": [...], "kernelThresholds": [...], "lawFits": [...],
///       "thresholdScalings": [...], "kernelThresholdScalings": [...], "verdictSummary": [...], "notes": [...] }
///
/// Every row carries its measured values, the theory's values and its verdicts (`Verdict`: label
/// and reason, from `Agreement.verdict`); "verdictSummary" holds the lines `lth check` prints first. Missing values and non-finite numbers are `null`.
public enum JSONReport {
    /// The JSON value.
    public static func value(_ result: CheckResult) -> JSONValue {
        let p = result.provenance
        let a = result.agreement
        return .object([
            ("provenance", .object([
                ("toolkitVersion", .string(p.toolkitVersion)), ("configHash", .string(p.configHash)),
                ("data", .string(p.dataDescription)), ("lossConvention", .string(p.lossConvention.rawValue)),
                ("lossConventionSentence", .string(p.lossConventionSentence)),
            ])),
            ("agreement", .object([
                ("absoluteTolerance", .number(a.absoluteTolerance)), ("relativeTolerance", .number(a.relativeTolerance)),
                ("gridSteps", .integer(a.gridSteps)), ("rule", .string(result.agreementSentence)),
            ])),
            ("checkpoints", .array(result.checkpoints.map(JSONValue.integer))),
            ("theoremA", .array(result.theoremA.map { r in .object([
                ("m", .integer(r.samples)), ("seed", .integer(r.seed)), ("t", .integer(r.iteration)),
                ("residual", .number(r.residual)), ("initialResidual", .number(r.initialResidual)),
                ("predictedResidual", .number(r.predictedResidual)), ("trivial", .number(r.trivialResidual.value)),
                ("verdict", verdict(result.verdict(r))),
                ("measuredRate", .optional(r.measuredRate)), ("predictedRate", .number(r.predictedRate)),
                ("rateVerdict", result.rateVerdict(r).map(verdict) ?? .null),
                ("width", .integer(r.width)), ("widthRequired", .number(r.widthRequired)), ("widthFactor", .number(r.widthFactor)),
                ("eta", .number(r.eta)), ("etaMax", .number(r.etaMax)), ("etaFactor", .number(r.etaFactor)),
                ("hypothesesHold", .bool(r.hypothesesHold)),
                ("lambda0Estimate", .number(r.lambda0Estimate)), ("lambda0Certified", .number(r.lambda0)),
            ]) })),
            ("theoremB", .array(result.theoremB.map { r in .object([
                ("m", .integer(r.samples)), ("seed", .integer(r.seed)), ("t", .integer(r.iteration)), ("k", .integer(r.subnetworkSize)),
                ("prunedLoss", .number(r.prunedLoss)), ("denseLoss", .number(r.denseLoss)), ("diameter", .number(r.diameter)),
                ("greedyTerm", .number(r.greedyTerm)), ("bound", .number(r.bound)), ("trivial", .number(r.trivialLoss)),
                ("verdict", verdict(result.verdict(r))),
                ("slack", .number(r.slack)),
            ]) })),
            ("theoremBAggregates", .array(result.theoremBAggregates.map { g in .object([
                ("m", .integer(g.samples)), ("t", .integer(g.iteration)), ("k", .integer(g.subnetworkSize)), ("seeds", .integer(g.seeds)),
                ("prunedLoss", summary(g.prunedLoss)), ("denseLoss", summary(g.denseLoss)), ("greedyTerm", summary(g.greedyTerm)),
                ("bound", summary(g.bound)), ("slack", summary(g.slack)), ("trivial", summary(g.trivialLoss)),
                ("verdicts", tally(g.verdicts)),
            ]) })),
            ("theoremC", .array(result.theoremC.map { r in
                var fields: [(String, JSONValue)] = [
                    ("m", .integer(r.samples)), ("seed", .integer(r.seed)), ("k", .integer(r.subnetworkSize)), ("epsilon", .number(r.epsilon)),
                    ("tHat", optional(r.empiricalThreshold)), ("tHatExact", optional(r.empiricalCrossing)),
                    ("tAPosteriori", optional(r.aPosterioriThreshold)), ("tAPosterioriExact", optional(r.aPosterioriCrossing)),
                    ("aPosterioriVerdict", verdict(result.aPosterioriVerdict(r))), ("tStar", .optional(r.aPriori.iterations)),
                    ("aPrioriVerdict", verdict(result.aPrioriVerdict(r))),
                ]
                if case let .none(reason) = r.aPriori { fields.append(("noTStarReason", .string(reason))) }
                return .object(fields)
            })),
            ("theoremCAggregates", .array(result.theoremCAggregates.map { g in .object([
                ("m", .integer(g.samples)), ("k", .integer(g.subnetworkSize)), ("epsilon", .number(g.epsilon)), ("seeds", .integer(g.seeds)),
                ("reachedCount", .integer(g.reachedCount)), ("tHat", g.empiricalThreshold.map(summary) ?? .null),
                ("tHatExact", g.empiricalStep.map(summary) ?? .null),
                ("tAPosteriori", g.aPosterioriThreshold.map(summary) ?? .null), ("aPosterioriVerdicts", tally(g.aPosterioriVerdicts)),
                ("tStar", g.aPrioriThreshold.map(summary) ?? .null), ("aPrioriVerdicts", tally(g.aPrioriVerdicts)),
                ("noTStarReason", g.aPrioriReason.map(JSONValue.string) ?? .null),
            ]) })),
            ("kernelThresholds", .array(result.kernelThresholds.map { r in
                var fields: [(String, JSONValue)] = [
                    ("m", .integer(r.samples)), ("seed", .integer(r.seed)), ("epsilon", .number(r.epsilon)),
                    ("tDense", r.denseThreshold.map(JSONValue.integer) ?? .null), ("tKernel", .optional(r.kernelSteps)),
                ]
                switch r.kernelThreshold {
                case .step: fields.append(("tKernelStatus", .string("reached")))
                case let .never(limit): fields += [("tKernelStatus", .string("never")), ("tKernelLimitLoss", .number(limit))]
                case .diverges: fields.append(("tKernelStatus", .string("diverges")))
                }
                fields.append(("verdict", verdict(result.kernelVerdict(r))))
                return .object(fields)
            })),
            ("lawFits", .array(result.lawFits.map { f in .object([
                ("law", .string(f.title)), ("formula", .string(f.formula)),
                ("estimates", .array(f.estimates.map { e in .object([
                    ("name", .string(e.name)), ("value", .number(e.value)), ("lower", .number(e.lower)), ("upper", .number(e.upper)),
                ]) })),
                ("confidenceLevel", .number(f.level)), ("rSquared", .optional(f.rSquared)), ("n", .integer(f.count)),
                ("excluded", .integer(f.excluded)), ("prediction", .string(f.prediction)),
            ]) })),
            ("thresholdScalings", .array(result.thresholdScalings.map(scaling))),
            ("kernelThresholdScalings", .array(result.kernelThresholdScalings.map(scaling))),
            ("verdictSummary", .array(result.verdictSummary.map(JSONValue.string))),
            ("notes", .array(result.notes.map(JSONValue.string))),
        ])
    }

    /// One `ScalingComparison`: its target, observation counts, the three fits and the verdict.
    static func scaling(_ s: ScalingComparison) -> JSONValue {
        .object([
            ("target", .string(s.title)), ("response", .string(s.response)), ("observations", .integer(s.observations.count)),
            ("rightCensored", .integer(s.observations.filter(\.isRightCensored).count)), ("atStart", .integer(s.atStart)),
            ("fits", .array(s.fits.map { f in .object([
                ("law", .string(f.model.formula(s.response, "m"))),
                ("intercept", .optional(f.fit?.intercept)), ("slope", .optional(f.fit?.slope)),
                ("slopeInterval", f.slopeInterval.map { .array([.number($0.0), .number($0.1)]) } ?? .null),
                ("bootstrapInterval", f.bootstrapInterval.map { .array([.number($0.0), .number($0.1)]) } ?? .null),
                ("sigma", .optional(f.fit?.sigma)), ("aic", .optional(f.fit?.aic)), ("deltaAIC", .optional(s.deltaAIC(f))),
                ("note", f.note.map(JSONValue.string) ?? .null),
            ]) })),
            ("verdict", .string(s.verdict)), ("prediction", .string(s.prediction)),
        ])
    }

    /// The JSON text, pretty-printed with 2 spaces, with a final newline.
    public static func render(_ result: CheckResult) -> String {
        value(result).rendered(indent: 2) + "\n"
    }

    static func summary(_ s: SampleSummary) -> JSONValue {
        .object([("n", .integer(s.count)), ("mean", .number(s.mean)), ("sd", .optional(s.standardDeviation)),
                 ("min", .number(s.minimum)), ("max", .number(s.maximum))])
    }

    /// A verdict as {"verdict": label, "reason": ... or null}.
    static func verdict(_ v: Verdict) -> JSONValue {
        .object([("verdict", .string(v.label)), ("reason", v.reason.map(JSONValue.string) ?? .null)])
    }

    /// Counts per verdict label, and the one-line summary.
    static func tally(_ t: VerdictTally) -> JSONValue {
        .object(t.labels.map { ($0.label, JSONValue.integer($0.count)) } + [("summary", .string(t.summary))])
    }

    static func optional(_ n: Int?) -> JSONValue { n.map(JSONValue.integer) ?? .null }
    static func optional(_ b: Bool?) -> JSONValue { b.map(JSONValue.bool) ?? .null }
}
