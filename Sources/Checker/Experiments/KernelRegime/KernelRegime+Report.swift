import Bounds

extension KernelRegime.RunComparison {
    /// The comparison as a table (one row per checkpoint): step, ||u(t) - y||^2 measured and
    /// predicted, their ratio, and delta(t). Sum convention throughout.
    public func table() -> Table {
        let p = regime.prediction
        let columns = [
            Table.Column("step", "step", latex: "$t$"),
            Table.Column("residual_norm2", "||u(t)-y||^2", latex: "$\\|u(t)-y\\|^2$"),
            Table.Column("predicted_residual_norm2", "||e_K(t)||^2", latex: "$\\|e_K(t)\\|^2$"),
            Table.Column("ratio", "measured/predicted", latex: "measured/predicted"),
            Table.Column("relative_deviation", "delta(t)", latex: "$\\delta(t)$"),
        ]
        let body: [[Table.Cell]] = rows.map { row in
            let ratio = row.predictedResidualNorm2.flatMap { $0 > 0 ? row.residualNorm2 / $0 : nil }
            return [.integer(row.step), .number(row.residualNorm2),
                    row.predictedResidualNorm2.map(Table.Cell.number) ?? .text("diverges"),
                    ratio.map(Table.Cell.number) ?? .missing,
                    row.relativeDeviation.map(Table.Cell.number) ?? .missing]
        }
        let kernelText = regime.kernel == .infinite
            ? "Hinf (infinite-width approximation)" : "H(0) (exact for the network linearized at W(0))"
        var notes = [
            "e_K(t) = (I - eta H)^t e(0) with H = \(kernelText); eta = \(NumberFormat.short(eta)) on the sum loss, m = \(samples), N = \(width).",
        ]
        switch p {
        case let .spectral(p):
            notes.append("eta lambda_i in [\(NumberFormat.short(eta * p.decomposition.eigenvalues[0])), \(NumberFormat.short(p.largestStepEigenvalue))]; delta(t) = ||e(t) - e_K(t)|| / ||e(0)||.")
            if p.diverges { notes.append("The prediction diverges: some eta lambda_i lies outside (0, 2), so no residual is predicted.") }
            let nullModes = (0..<p.order).filter(p.isNull).count
            if nullModes > 0 {
                notes.append("\(nullModes) eigenvalue(s) of H are zero within rounding: ||P_null e(0)||^2 = \(NumberFormat.short(p.limitResidualNorm2)) is never fitted.")
            }
        case let .chebyshev(c):
            notes.append("eta lambda_i in [\(NumberFormat.short(eta * c.interval.lower)), \(NumberFormat.short(eta * c.interval.upper))] (certified interval, no eigendecomposition); delta(t) = ||e(t) - e_K(t)|| / ||e(0)||.")
            notes.append("e_K(t) by a Chebyshev expansion of degree \(c.degree): certified truncation error <= \(NumberFormat.short(c.largestTruncationBound)) ||e(0)|| at every checkpoint.")
        }
        return Table(name: "kernel_prediction", title: "Kernel-regime prediction of the dense run (\(regime.kernel.symbol))",
                     caption: "Measured and kernel-predicted squared residual at every checkpoint (sum convention).",
                     columns: columns, rows: body, footnotes: notes)
    }

    /// The JSON report: `kernel`, `eta`, `samples`, `width`, `diverges`, `route`
    /// (`eigendecomposition` or `chebyshev`), `eigenvalue_min` and `eigenvalue_max` (null on the
    /// Chebyshev route), `spectral_interval` ([a, b], null on the eigendecomposition route),
    /// `chebyshev_degree` and `truncation_bound` (the largest certified truncation error relative
    /// to ||e(0)||; null on the eigendecomposition route), and `checkpoints`, a list of objects with `step`, `residual_norm2`,
    /// `predicted_residual_norm2` and `relative_deviation` (null when the prediction diverges);
    /// `ledger`: the run's hypothesis ledger (`HypothesisLedger.json()`), or null with
    /// `ledger_unavailable` saying why.
    public func json() -> JSONValue {
        let p = regime.prediction
        let checkpoints: [JSONValue] = rows.map { row in
            .object([("step", .integer(row.step)), ("residual_norm2", .number(row.residualNorm2)),
                     ("predicted_residual_norm2", .optional(row.predictedResidualNorm2)),
                     ("relative_deviation", .optional(row.relativeDeviation))])
        }
        var spectral: KernelPrediction?, chebyshev: KernelChebyshevPrediction?
        switch p {
        case let .spectral(s): spectral = s
        case let .chebyshev(c): chebyshev = c
        }
        return .object([
            ("kernel", .string(regime.kernel.rawValue)), ("eta", .number(eta)), ("samples", .integer(samples)),
            ("width", .integer(width)), ("diverges", .bool(p.diverges)),
            ("route", .string(spectral == nil ? "chebyshev" : "eigendecomposition")),
            ("eigenvalue_min", .optional(spectral?.decomposition.eigenvalues[0])),
            ("eigenvalue_max", .optional(spectral.map { $0.decomposition.eigenvalues[$0.order - 1] })),
            ("spectral_interval", chebyshev.map { JSONValue.array([.number($0.interval.lower), .number($0.interval.upper)]) } ?? .null),
            ("chebyshev_degree", chebyshev.map { JSONValue.integer($0.degree) } ?? .null),
            ("truncation_bound", .optional(chebyshev?.largestTruncationBound)),
            ("checkpoints", .array(checkpoints)),
            ("ledger", (try? ledger.get())?.json() ?? .null),
            ("ledger_unavailable", ledgerUnavailable.map(JSONValue.string) ?? .null),
        ])
    }

    /// Why the ledger could not be measured (nil when it was).
    public var ledgerUnavailable: String? {
        if case let .failure(error) = ledger { return error.description }
        return nil
    }
}
