import Bounds

extension BoundsReport {
    /// The report as one JSON object:
    /// `{"inputs":{…}, "lambda0":…, "lambda0_certified_lower":…, "theorem_a":{…}, "theorem_c":{…}, "notes":[…]}`,
    /// with `null` where a quantity does not exist (or, for `lambda0_certified_lower`, when
    /// lambda0 was given rather than computed).
    public var json: JSONValue {
        let p = request.parameters
        let a = theoremA
        var lambda0Estimate = p.lambda0
        var certified: Double? = nil
        if case let .data(estimate, lower) = request.lambda0Source {
            lambda0Estimate = estimate
            certified = lower
        }
        let inputs: JSONValue = .object([
            ("samples", .integer(p.samples)),
            ("width", .integer(p.width)),
            ("dim", .integer(p.dimension)),
            ("lambda0_used", .number(p.lambda0)),
            ("lr", .number(a.eta)),
            ("lr_is_eta_max", .bool(p.learningRate == nil)),
            ("delta", .number(p.delta)),
            ("kappa", .number(p.kappa)),
            ("y_norm2", .number(p.targetNorm2)),
            ("subnet_size", request.subnetworkSize.map { .integer($0) } ?? .null),
            ("epsilon", .optional(request.epsilon)),
            ("loss", .string(request.lossConvention.rawValue)),
            ("data", request.dataDescription.map { .string($0) } ?? .null),
            ("sigma_max_x", .optional(request.largestSingularValue)),
            ("diameter_measured", .optional(request.measuredDiameter)),
        ])
        let theoremAObject: JSONValue = .object([
            ("p", .number(a.p)),
            ("radius_R", .number(a.radiusR)),
            ("init_loss_bound_B", .number(a.initialLossBoundB)),
            ("width_required", .number(a.widthRequired)),
            ("width_required_hoeffding", .number(a.widthRequiredHoeffding)),
            ("width_required_movement", .number(a.widthRequiredMovement)),
            ("eta_max", .number(a.etaMax)),
            ("rate", .number(a.rate)),
            ("width_ok", .bool(a.widthOK)),
            ("eta_ok", .bool(a.etaOK)),
        ])
        let theoremCObject: JSONValue = .object([
            ("harmonic_k", .optional(harmonicK)),
            ("greedy_term", .optional(greedyTerm)),
            ("t_star", .optional(threshold?.iterations)),
            ("k_min", .optional(smallestSubnetworkSize?.exact)),
            ("k_min_lambert_estimate", .optional(smallestSubnetworkSize?.estimate)),
            ("a_priori_D", .number(aPrioriDiameter.diameter)),
            ("D_used", .number(theoremC.diameter)),
        ])
        return .object([
            ("inputs", inputs),
            ("lambda0", .number(lambda0Estimate)),
            ("lambda0_certified_lower", .optional(certified)),
            ("theorem_a", theoremAObject),
            ("theorem_c", theoremCObject),
            ("notes", .array(notes.map { .string($0) })),
        ])
    }
}
