import Bounds

/// The whole result as one JSON object (via `JSONValue`, keys in a fixed order):
///
///     { "provenance": {...}, "agreement": {...}, "checkpoints": [...],
///       "theoremA": [...], "theoremB": [...], "theoremBAggregates": [...],
///       "theoremC": [...], "theoremCAggregates": [...], "lawFits": [...], "notes": [...] }
///
/// Every row carries its measured values, the theory's values and its verdicts ("holds",
/// "agrees", from `Agreement`). Missing values and non-finite numbers are `null`.
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
                ("predictedResidual", .number(r.predictedResidual)), ("holds", .bool(result.holds(r))),
                ("measuredRate", .optional(r.measuredRate)), ("predictedRate", .number(r.predictedRate)),
                ("rateHolds", optional(result.rateHolds(r))),
                ("width", .integer(r.width)), ("widthRequired", .number(r.widthRequired)), ("widthFactor", .number(r.widthFactor)),
                ("eta", .number(r.eta)), ("etaMax", .number(r.etaMax)), ("etaFactor", .number(r.etaFactor)),
                ("hypothesesHold", .bool(r.hypothesesHold)),
                ("lambda0Estimate", .number(r.lambda0Estimate)), ("lambda0Certified", .number(r.lambda0)),
            ]) })),
            ("theoremB", .array(result.theoremB.map { r in .object([
                ("m", .integer(r.samples)), ("seed", .integer(r.seed)), ("t", .integer(r.iteration)), ("k", .integer(r.subnetworkSize)),
                ("prunedLoss", .number(r.prunedLoss)), ("denseLoss", .number(r.denseLoss)), ("diameter", .number(r.diameter)),
                ("greedyTerm", .number(r.greedyTerm)), ("bound", .number(r.bound)), ("holds", .bool(result.holds(r))),
                ("slack", .number(r.slack)),
            ]) })),
            ("theoremBAggregates", .array(result.theoremBAggregates.map { g in .object([
                ("m", .integer(g.samples)), ("t", .integer(g.iteration)), ("k", .integer(g.subnetworkSize)), ("seeds", .integer(g.seeds)),
                ("prunedLoss", summary(g.prunedLoss)), ("denseLoss", summary(g.denseLoss)), ("greedyTerm", summary(g.greedyTerm)),
                ("bound", summary(g.bound)), ("slack", summary(g.slack)), ("holdsCount", .integer(g.holdsCount)),
            ]) })),
            ("theoremC", .array(result.theoremC.map { r in
                var fields: [(String, JSONValue)] = [
                    ("m", .integer(r.samples)), ("seed", .integer(r.seed)), ("k", .integer(r.subnetworkSize)), ("epsilon", .number(r.epsilon)),
                    ("tHat", optional(r.empiricalThreshold)), ("tAPosteriori", optional(r.aPosterioriThreshold)),
                    ("agrees", .bool(result.agrees(r))), ("tStar", .optional(r.aPriori.iterations)),
                    ("aPrioriHolds", optional(result.aPrioriHolds(r))),
                ]
                if case let .none(reason) = r.aPriori { fields.append(("noTStarReason", .string(reason))) }
                return .object(fields)
            })),
            ("theoremCAggregates", .array(result.theoremCAggregates.map { g in .object([
                ("m", .integer(g.samples)), ("k", .integer(g.subnetworkSize)), ("epsilon", .number(g.epsilon)), ("seeds", .integer(g.seeds)),
                ("reachedCount", .integer(g.reachedCount)), ("tHat", g.empiricalThreshold.map(summary) ?? .null),
                ("tAPosteriori", g.aPosterioriThreshold.map(summary) ?? .null), ("agreesCount", .integer(g.agreesCount)),
                ("tStar", g.aPrioriThreshold.map(summary) ?? .null), ("aPrioriHoldsCount", .integer(g.aPrioriHoldsCount)),
                ("noTStarReason", g.aPrioriReason.map(JSONValue.string) ?? .null),
            ]) })),
            ("lawFits", .array(result.lawFits.map { f in .object([
                ("law", .string(f.title)), ("formula", .string(f.formula)),
                ("estimates", .array(f.estimates.map { e in .object([
                    ("name", .string(e.name)), ("value", .number(e.value)), ("lower", .number(e.lower)), ("upper", .number(e.upper)),
                ]) })),
                ("confidenceLevel", .number(f.level)), ("rSquared", .number(f.rSquared)), ("n", .integer(f.count)),
                ("excluded", .integer(f.excluded)), ("prediction", .string(f.prediction)),
            ]) })),
            ("notes", .array(result.notes.map(JSONValue.string))),
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

    static func optional(_ n: Int?) -> JSONValue { n.map(JSONValue.integer) ?? .null }
    static func optional(_ b: Bool?) -> JSONValue { b.map(JSONValue.bool) ?? .null }
}
