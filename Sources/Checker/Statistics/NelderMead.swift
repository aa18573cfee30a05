/// Minimises a function of a few variables by the Nelder-Mead simplex method (reflection 1,
/// expansion 2, contraction 1/2, shrink 1/2; Lagarias et al. 1998), with one restart from the
/// best vertex. Deterministic; used for the censored likelihoods of `CensoredRegression`.
enum NelderMead {
    /// The minimiser from `start`, with initial simplex steps `steps` (one per coordinate).
    /// Stops when the spread of the function values over the simplex is below
    /// `tolerance * (1 + |f_best|)` or after `maxEvaluations` evaluations. Non-finite values
    /// count as +infinity.
    static func minimize(_ f: ([Double]) -> Double, start: [Double], steps: [Double],
                         tolerance: Double = 1e-12, maxEvaluations: Int = 20000) -> (x: [Double], value: Double) {
        var best = (x: start, value: clean(f(start)))
        var budget = maxEvaluations
        for _ in 0..<2 {
            best = run(f, start: best.x, steps: steps, tolerance: tolerance, budget: &budget)
        }
        return best
    }

    private static func clean(_ v: Double) -> Double { v.isFinite ? v : .infinity }

    private static func run(_ f: ([Double]) -> Double, start: [Double], steps: [Double], tolerance: Double,
                            budget: inout Int) -> (x: [Double], value: Double) {
        let n = start.count
        var simplex = [start]
        for i in 0..<n {
            var v = start
            v[i] += steps[i]
            simplex.append(v)
        }
        var values = simplex.map { clean(f($0)) }
        budget -= n + 1
        while budget > 0 {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            if values[n] - values[0] <= tolerance * (1 + abs(values[0])) { break }
            var centroid = [Double](repeating: 0, count: n)
            for v in simplex.dropLast() { for j in 0..<n { centroid[j] += v[j] / Double(n) } }
            func point(_ c: Double) -> [Double] { (0..<n).map { centroid[$0] + c * (simplex[n][$0] - centroid[$0]) } }
            let reflected = point(-1)
            let fr = clean(f(reflected)); budget -= 1
            if fr < values[0] {
                let expanded = point(-2)
                let fe = clean(f(expanded)); budget -= 1
                if fe < fr { simplex[n] = expanded; values[n] = fe } else { simplex[n] = reflected; values[n] = fr }
            } else if fr < values[n - 1] {
                simplex[n] = reflected; values[n] = fr
            } else {
                let contracted = fr < values[n] ? point(-0.5) : point(0.5)
                let fc = clean(f(contracted)); budget -= 1
                if fc < min(fr, values[n]) {
                    simplex[n] = contracted; values[n] = fc
                } else {
                    for i in 1...n {
                        simplex[i] = (0..<n).map { simplex[0][$0] + 0.5 * (simplex[i][$0] - simplex[0][$0]) }
                        values[i] = clean(f(simplex[i]))
                    }
                    budget -= n
                }
            }
        }
        let i = values.indices.min { values[$0] < values[$1] }!
        return (simplex[i], values[i])
    }
}
