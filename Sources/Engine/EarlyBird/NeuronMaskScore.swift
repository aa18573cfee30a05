/// The score that ranks the hidden neurons of an `MLP` for early-bird neuron masks.
///
/// For neuron r of hidden layer l (weights W_l, bias b_l, next layer W_(l+1)):
/// - `outputWeightedNorm`: s_r = ||W_(l+1)[:, r]||_2 * sqrt(||W_l[r, :]||_2^2 + b_l[r]^2), the
///   neuron's outgoing-weight norm times its incoming norm (bias included). ReLU is positively
///   homogeneous, so rescaling a neuron's incoming weights by c > 0 and its outgoing weights by
///   1/c leaves both the network and this score unchanged (the MLP analogue of You et al.'s
///   batch-norm scaling factor).
/// - `outgoingNorm`: s_r = ||W_(l+1)[:, r]||_2 alone.
/// Norms are accumulated in float64.
public enum NeuronMaskScore: String, Sendable, Codable, CaseIterable {
    case outputWeightedNorm = "output-weighted-norm"
    case outgoingNorm = "outgoing-norm"

    /// The scores of every hidden layer's neurons, layer by layer.
    public func scores(_ model: MLP) -> [[Double]] {
        var result: [[Double]] = []
        for l in 0..<(model.layers.count - 1) {
            let layer = model.layers[l], next = model.layers[l + 1]
            let n = layer.outputCount, d = layer.inputCount, c = next.outputCount
            var outgoing = [Double](repeating: 0, count: n)
            for o in 0..<c {
                for r in 0..<n { let w = Double(next.weights.storage[o * n + r]); outgoing[r] += w * w }
            }
            var scores = [Double](repeating: 0, count: n)
            for r in 0..<n {
                switch self {
                case .outgoingNorm:
                    scores[r] = outgoing[r].squareRoot()
                case .outputWeightedNorm:
                    var incoming = Double(layer.bias[r]) * Double(layer.bias[r])
                    for i in 0..<d { let w = Double(layer.weights.storage[r * d + i]); incoming += w * w }
                    scores[r] = (outgoing[r] * incoming).squareRoot()
                }
            }
            result.append(scores)
        }
        return result
    }
}

/// A mask over the hidden neurons of an `MLP` (structured pruning): `kept[l][r]` says whether
/// neuron r of hidden layer l is kept.
public struct NeuronMask: Sendable, Equatable, Codable {
    public var kept: [[Bool]]

    public init(kept: [[Bool]]) { self.kept = kept }

    /// Keeps, in every hidden layer l of width n_l, the K_l = max(1, round(density * n_l)) neurons of
    /// highest score (halves rounded away from zero). Tie rule: among equal scores the lower
    /// neuron index is kept.
    /// - Throws: `PruningError.invalidOption` for a density outside (0, 1].
    public static func top(_ scores: [[Double]], density: Double) throws -> NeuronMask {
        try PruningError.checkDensity(density, parameter: .densities)
        return NeuronMask(kept: scores.map { s in
            let k = max(1, MagnitudePruning.keptCount(density: density, of: s.count))
            let order = s.indices.sorted { s[$0] != s[$1] ? s[$0] > s[$1] : $0 < $1 }
            var flags = [Bool](repeating: false, count: s.count)
            for r in order.prefix(k) { flags[r] = true }
            return flags
        })
    }

    /// Total number of neurons.
    public var neuronCount: Int { kept.reduce(0) { $0 + $1.count } }

    /// The normalized Hamming distance: the number of neurons on which the masks differ divided by
    /// the total number of neurons (0 for identical masks, 1 for complements).
    /// - Precondition: the same layer widths.
    public func distance(to other: NeuronMask) -> Double {
        precondition(kept.map(\.count) == other.kept.map(\.count), "neuron masks of different widths")
        var differ = 0
        for l in kept.indices { for r in kept[l].indices where kept[l][r] != other.kept[l][r] { differ += 1 } }
        return neuronCount > 0 ? Double(differ) / Double(neuronCount) : 0
    }

    /// The complement (every kept neuron pruned and vice versa).
    public var complement: NeuronMask { NeuronMask(kept: kept.map { $0.map { !$0 } }) }
}
