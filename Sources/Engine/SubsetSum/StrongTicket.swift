import LinearAlgebra

/// A strong lottery ticket by Pensia et al.'s (2020) construction: a random network twice as
/// deep as a target MLP, pruned (no weight is trained or changed) so that it approximates the
/// target.
///
/// The target u(x) = W_L relu(... relu(W_1 x + b_1) ...) + b_L (`MLP`) has biases, which the
/// theorem does not; they are folded into bias-free layers by a constant input: x' = (x, 1),
///     W'_l = [[W_l, b_l], [0 ... 0, 1]]   for the hidden layers l < L (the extra unit carries
///                                          relu(1) = 1 to the next layer),
///     W'_L = [W_L, b_L],
/// so u(x) = W'_L relu(W'_{L-1} ... relu(W'_1 x')) exactly. Each W'_l (d_l x d_{l-1}, with the
/// constant unit counted) is replaced by a `PrunedLayerPair` with width factor n: the random
/// network has depth 2L and hidden widths n d_0, d_1, n d_1, d_2, ..., n d_{L-1}, with a ReLU
/// inside every pair and after every pair but the last, as in the target. Pair l draws its
/// weights from `SeededGenerator.derivedSeed(seed, stream: l)` (l = 1..L).
public struct StrongTicket: Sendable {
    /// The pruned pairs, input to output.
    public let pairs: [PrunedLayerPair]
    /// Input dimension d of the target (the constant input not counted).
    public let inputCount: Int
    /// The width factor n.
    public var samplesPerInput: Int { pairs[0].samplesPerInput }

    /// Builds the ticket for `target`.
    /// - Throws: `SubsetSumError.invalidParameter` for n outside 1...`PrunedLayerPair.samplesLimit`.
    public init(target: MLP, samplesPerInput n: Int, seed: UInt64) throws {
        let layers = StrongTicket.augmentedLayers(target)
        var built: [PrunedLayerPair] = []
        for (l, w) in layers.enumerated() {
            built.append(try PrunedLayerPair(approximating: w, samplesPerInput: n,
                                             seed: SeededGenerator.derivedSeed(seed, stream: UInt64(l + 1))))
        }
        pairs = built
        inputCount = target.inputCount
    }

    /// The bias-free layers W'_1..W'_L of the target (see the type's documentation), in float64.
    public static func augmentedLayers(_ target: MLP) -> [Matrix<Double>] {
        let count = target.layers.count
        return target.layers.enumerated().map { l, layer in
            let isLast = l == count - 1
            let rows = layer.outputCount + (isLast ? 0 : 1), columns = layer.inputCount + 1
            var w = Matrix<Double>(rows: rows, columns: columns, repeating: 0)
            for j in 0..<layer.outputCount {
                for k in 0..<layer.inputCount { w[j, k] = Double(layer.weights[j, k]) }
                w[j, layer.inputCount] = Double(layer.bias[j])
            }
            if !isLast { w[layer.outputCount, layer.inputCount] = 1 }
            return w
        }
    }

    /// The target's outputs in float64 through the augmented layers (equal to `MLP.outputs`
    /// up to float32 rounding), m x C.
    public static func targetOutputs(_ target: MLP, _ x: Matrix<Float>) -> Matrix<Double> {
        var h = StrongTicket.withConstantInput(x)
        let layers = augmentedLayers(target)
        for (l, w) in layers.enumerated() {
            var z = Matrix<Double>(rows: h.rows, columns: w.rows, repeating: 0)
            for i in 0..<h.rows {
                for j in 0..<w.rows {
                    var s = 0.0
                    for k in 0..<w.columns { s += w[j, k] * h[i, k] }
                    z[i, j] = (l < layers.count - 1 && s < 0) ? 0 : s
                }
            }
            h = z
        }
        return h
    }

    /// The pruned random network's outputs for every row of `x` (m x d), m x C.
    public func outputs(_ x: Matrix<Float>) -> Matrix<Double> {
        precondition(x.columns == inputCount, "input dimension \(x.columns) does not match the ticket's \(inputCount)")
        var h = StrongTicket.withConstantInput(x)
        for (l, pair) in pairs.enumerated() {
            h = pair.apply(h)
            if l < pairs.count - 1 {
                for i in 0..<h.storage.count where h.storage[i] < 0 { h.storage[i] = 0 }
            }
        }
        return h
    }

    /// Widths of the random network before pruning: d_0 (with the constant input), n d_0, d_1, n d_1, ..., d_L.
    public var randomWidths: [Int] {
        var widths = [pairs[0].inputCount]
        for p in pairs { widths += [p.samplesPerInput * p.inputCount, p.outputCount] }
        return widths
    }

    /// Weights kept by the pruning (over all pairs).
    public var keptWeightCount: Int { pairs.reduce(0) { $0 + $1.keptWeightCount } }
    /// Weights of the random network (over all pairs).
    public var randomWeightCount: Int { pairs.reduce(0) { $0 + $1.randomWeightCount } }
    /// Weights of the augmented target, biases included (the constant units' 1s counted).
    public var targetWeightCount: Int { pairs.reduce(0) { $0 + $1.inputCount * $1.outputCount } }
    /// max over pairs of `PrunedLayerPair.maximumWeightError`.
    public var maximumWeightError: Double { pairs.map(\.maximumWeightError).max() ?? 0 }

    /// The rows of x with a trailing 1, in float64.
    static func withConstantInput(_ x: Matrix<Float>) -> Matrix<Double> {
        var out = Matrix<Double>(rows: x.rows, columns: x.columns + 1, repeating: 1)
        for i in 0..<x.rows { for k in 0..<x.columns { out[i, k] = Double(x[i, k]) } }
        return out
    }
}
