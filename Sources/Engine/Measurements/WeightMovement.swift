import LinearAlgebra

/// The largest movement of a hidden neuron from its initialization (THEORY.md section 2):
///
///     max_r || w_r(t) - w_r(0) ||_2
///
/// over the rows of the first hidden layer, accumulated in float64 in index order.
public enum WeightMovement {
    public static func maximum(current: Matrix<Float>, initial: Matrix<Float>) -> Double {
        precondition(current.rows == initial.rows && current.columns == initial.columns, "weight shapes differ")
        var best = 0.0
        let d = current.columns
        for r in 0..<current.rows {
            var s = 0.0
            for j in 0..<d {
                let e = Double(current.storage[r * d + j]) - Double(initial.storage[r * d + j])
                s += e * e
            }
            best = max(best, s)
        }
        return best.squareRoot()
    }

    /// max_r ||w_r(t) - w_r(0)|| of a network's first hidden layer.
    public static func maximum(_ network: Network) -> Double {
        let w = network.firstLayerWeights
        return maximum(current: w.current, initial: w.initial)
    }
}
