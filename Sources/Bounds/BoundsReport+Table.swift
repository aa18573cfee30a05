extension BoundsReport {
    /// One row of the human-readable table: the quantity, its value and one line of meaning.
    public struct Row: Sendable, Equatable {
        public let quantity: String
        public let value: String
        public let meaning: String
    }

    /// The rows of the human-readable table, in reading order.
    public var rows: [Row] {
        let p = request.parameters
        let a = theoremA
        let convention = request.lossConvention.rawValue
        var rows: [Row] = []
        func add(_ q: String, _ v: String, _ m: String) { rows.append(Row(quantity: q, value: v, meaning: m)) }
        func yesNo(_ b: Bool) -> String { b ? "yes" : "no" }
        add("m", String(p.samples), "training points (unit norm)")
        add("N", String(p.width), "hidden width of the dense network")
        add("d", String(p.dimension), "input dimension")
        switch request.lambda0Source {
        case .given:
            add("lambda0", format(p.lambda0), "given; taken as a lower bound on lambda_min(Hinf)")
        case let .data(estimate, certified):
            add("lambda0", format(estimate), "smallest eigenvalue of Hinf of the data")
            add("lambda0 (certified)", format(certified), "proved lower bound on lambda0, used by the theorems")
        }
        add("delta", format(p.delta), "failure probability, four shares of delta/4")
        add("kappa", format(p.kappa), "initial weight scale, w_r(0) ~ N(0, kappa^2 I)")
        add("||y||^2", format(p.targetNorm2), "squared norm of the targets")
        add("p", format(a.p), "delta_2 lambda0 / (16 m^(3/2))")
        add("R", format(a.radiusR), "kappa sqrt(2) erfinv(p): radius keeping activation patterns")
        add("B", format(a.initialLossBoundB), "bound on ||u(0) - y||^2, (||y||^2 + m kappa^2/2)/delta_3")
        add("N_req (Hoeffding)", format(a.widthRequiredHoeffding), "8 m^2 log(2 m^2/delta_1)/lambda0^2: H(0) near Hinf")
        add("N_req (movement)", format(a.widthRequiredMovement), "16 m B/(lambda0^2 R^2): neurons stay within R")
        add("N_req", format(a.widthRequired), "width Theorem A needs; N meets it: \(yesNo(a.widthOK))")
        add("eta_max", format(a.etaMax), "lambda0/(2 m^2)")
        add("eta", format(a.eta), "step size used; meets eta_max: \(yesNo(a.etaOK))")
        add("rate", "1 - " + format(a.eta * p.lambda0 / 2), "1 - eta lambda0/2: per-step contraction of ||u - y||^2")
        add("R' (worst case)", format(a.worstCaseMovementRadius), "4 sqrt(m B)/(sqrt(N) lambda0): movement bound")
        add("q^2", format(aPrioriDiameter.chiSquareQuantile), "chi-square(d) upper quantile at delta_4/N")
        add("D (a priori)", format(aPrioriDiameter.diameter), "2 sqrt(N) sigma_max(X) (kappa q + R'): bound on every D_t")
        if theoremC.diameterSource == .measured {
            add("D (used)", format(theoremC.diameter), "measured diameter, given")
        }
        if let k = request.subnetworkSize {
            add("k", String(k), "size of the greedy subnetwork")
            add("H_k", format(harmonicK ?? .nan), "harmonic number psi(k+1) + gamma_E")
            add("D^2 H_k/(2k)", format(greedyTerm ?? .nan), "greedy term of Theorem B (\(convention) loss)")
        }
        if let eps = request.epsilon {
            add("eps", format(eps), "loss target (\(convention) loss)")
            if let smallest = smallestSubnetworkSize {
                add("k_min", format(smallest.exact), "smallest k whose greedy term is below eps"
                    + (smallest.estimate.map { " (Lambert W estimate \(format($0)))" } ?? ""))
            }
        }
        if let threshold {
            switch threshold {
            case let .iterations(t): add("t_star", format(t), "pre-training iterations after which the size-k subnetwork meets eps")
            case .none: add("t_star", "none", "see the notes")
            }
        }
        return rows
    }

    /// The table as text: three aligned columns, then the notes.
    public var table: String {
        let rows = self.rows
        let header = Row(quantity: "quantity", value: "value", meaning: "meaning")
        let all = [header] + rows
        let q = all.map(\.quantity.count).max() ?? 0
        let v = all.map(\.value.count).max() ?? 0
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        var lines = all.map { pad($0.quantity, q) + "  " + pad($0.value, v) + "  " + $0.meaning }
        lines.insert(String(repeating: "-", count: q) + "  " + String(repeating: "-", count: v) + "  " + String(repeating: "-", count: 40), at: 1)
        lines.append("")
        lines.append(contentsOf: notes.map { "note: " + $0 })
        return lines.joined(separator: "\n")
    }
}
