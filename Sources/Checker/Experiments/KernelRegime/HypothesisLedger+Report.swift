import Bounds

extension HypothesisLedger {
    /// The ledger of one run as a table: one row per event with its measured value, its bound
    /// and whether it holds (an event is a hypothesis of the proof: holds or fails, never vacuous).
    /// `eta` and `width` are the run's, for the footnote on Theorem A's own conditions.
    public func table(eta: Double, width: Int) -> Table {
        let columns = [
            Table.Column("event", "event", alignment: .left),
            Table.Column("measured", "measured"),
            Table.Column("bound", "bound"),
            Table.Column("holds", "holds", alignment: .left),
        ]
        let rows: [[Table.Cell]] = events.map { [.text($0.statement), .number($0.measured), .number($0.bound), .text($0.holds ? "holds" : "fails")] }
        let widthText = Double(width) >= widthRequired
            ? "N = \(width) meets it" : "N = \(width), a factor \(NumberFormat.short(widthRequired / Double(width))) short"
        let etaText = eta <= etaMax ? "meets it" : "a factor \(NumberFormat.short(eta / etaMax)) too large"
        let notes = [
            "lambda0 = lambda_min(Hinf) = \(NumberFormat.short(lambda0)); Theorem A (delta = 0.1) needs N >= N_req = \(NumberFormat.short(widthRequired)) (\(widthText)) and eta <= eta_max = \(NumberFormat.short(etaMax)) (eta = \(NumberFormat.short(eta)) on the sum loss, \(etaText)).",
            "Maxima and minima over t run over the run's checkpoints; s(t) counts activation switches; rho(t) = 1 - 2 eta lambda_min(H(t)) + 4 eta sqrt(m) s(t) + eta^2 lambda_max(H(t))^2 is the proof's one-step factor with measured values (THEORY.md section 10, Proofs/KernelAndComparators.tex).",
        ]
        return Table(name: "hypothesis_ledger", title: "Hypothesis ledger of Theorem A for this run",
                     caption: "Each event Theorem A's proof needs, measured in the run against its bound.",
                     columns: columns, rows: rows, footnotes: notes)
    }

    /// `events` (each with `key`, `statement`, `measured`, `bound`, `holds`), `lambda0`,
    /// `width_required`, `eta_max`.
    public func json() -> JSONValue {
        .object([
            ("lambda0", .number(lambda0)), ("width_required", .number(widthRequired)), ("eta_max", .number(etaMax)),
            ("events", .array(events.map { event in
                .object([("key", .string(event.key)), ("statement", .string(event.statement)), ("measured", .number(event.measured)),
                         ("bound", .number(event.bound)), ("holds", .bool(event.holds))])
            })),
        ])
    }
}
