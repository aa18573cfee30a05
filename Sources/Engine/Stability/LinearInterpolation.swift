import LinearAlgebra

/// The straight line between two networks of the same shape in parameter space,
/// theta(alpha) = (1 - alpha) theta_A + alpha theta_B for alpha in [0, 1], over every weight and
/// bias (Frankle, Dziugaite, Roy and Carbin 2020, "Linear mode connectivity").
///
/// Evaluation in float32 as theta_A + alpha (theta_B - theta_A) for alpha <= 1/2 and
/// theta_B + (1 - alpha)(theta_A - theta_B) for alpha > 1/2, so that the endpoints are exactly
/// theta_A and theta_B, and the line from a network to itself is that network at every alpha.
/// Weights pruned (+0) in both networks stay 0 along the line.
public enum LinearInterpolation {
    /// `count` evenly spaced alphas j / (count - 1), j = 0...count-1 (count >= 2; 0 and 1 included).
    public static func alphas(count: Int) -> [Double] {
        precondition(count >= 2, "a line needs at least its two endpoints")
        return (0..<count).map { Double($0) / Double(count - 1) }
    }

    /// theta(alpha) (the first layer's recorded initial weights are those of `a`).
    /// - Precondition: `a` and `b` have the same layer shapes.
    public static func point(_ a: MLP, _ b: MLP, alpha: Double) -> MLP {
        precondition(a.layers.count == b.layers.count, "networks of different depth")
        var result = a
        let (from, to, s): (MLP, MLP, Float) = alpha <= 0.5 ? (a, b, Float(alpha)) : (b, a, Float(1 - alpha))
        func mix(_ x: [Float], _ y: [Float]) -> [Float] {
            precondition(x.count == y.count, "networks of different shape")
            var out = x
            for k in out.indices { out[k] = x[k] + s * (y[k] - x[k]) }
            return out
        }
        for l in a.layers.indices {
            let wf = from.layers[l].weights, wt = to.layers[l].weights
            precondition(wf.rows == wt.rows && wf.columns == wt.columns, "layer \(l + 1) shapes differ")
            result.layers[l] = DenseLayer(weights: Matrix(rows: wf.rows, columns: wf.columns, storage: mix(wf.storage, wt.storage)),
                                          bias: mix(from.layers[l].bias, to.layers[l].bias))
        }
        return result
    }

    /// The errors (1 - accuracy, `MLPEvaluation`) of theta(alpha) on `data` at `count` evenly
    /// spaced alphas, in order of alpha.
    public static func errors(from a: MLP, to b: MLP, count: Int = 30, on data: Dataset,
                              evaluation: MLPEvaluation = MLPEvaluation()) throws -> [Double] {
        guard count >= 2 else {
            throw PruningError.invalidOption(.interpolationPoints, value: "\(count)", allowed: "at least 2 points on the line (its endpoints)")
        }
        guard a.layers.map(\.outputCount) == b.layers.map(\.outputCount), a.inputCount == b.inputCount else {
            throw PruningError.shapeMismatch(what: "the second network", found: "\(b.inputCount) -> \(b.layers.map(\.outputCount))",
                                             expected: "\(a.inputCount) -> \(a.layers.map(\.outputCount))")
        }
        return try alphas(count: count).map { try evaluation.error(point(a, b, alpha: $0), on: data) }
    }

    /// The error barrier of a path of errors: max_alpha E(alpha) - (E(0) + E(1)) / 2
    /// (>= 0 up to the endpoints themselves; 0 for a constant path).
    public static func barrier(_ errors: [Double]) -> Double {
        precondition(errors.count >= 2, "a path needs its two endpoints")
        return errors.max()! - (errors[0] + errors[errors.count - 1]) / 2
    }
}
