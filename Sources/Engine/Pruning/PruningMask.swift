import LinearAlgebra

/// A binary mask m over the weight matrices of an `MLP`: the pruned network has weights
/// m_l ⊙ W_l in every layer l; biases are never pruned.
///
/// Layout: `kept[l][o * in + i]` says whether W_l[o, i] is kept, row-major exactly as
/// `DenseLayer.weights.storage`. Training under a mask (`SparseTrainer`) ANDs the bit pattern of
/// every pruned weight and of its momentum buffer with 0 after every update, so a pruned weight
/// is +0 at every iteration whatever the momentum and the weight decay.
public struct PruningMask: Sendable, Equatable, Codable {
    /// Per layer, one flag per weight (row-major, out x in).
    public private(set) var kept: [[Bool]]
    /// Rows (outputs) of each layer's weight matrix.
    public let rows: [Int]
    /// Columns (inputs) of each layer's weight matrix.
    public let columns: [Int]

    public init(kept: [[Bool]], rows: [Int], columns: [Int]) {
        precondition(kept.count == rows.count && rows.count == columns.count, "one shape per layer")
        for l in kept.indices { precondition(kept[l].count == rows[l] * columns[l], "layer \(l + 1): one flag per weight") }
        self.kept = kept
        self.rows = rows
        self.columns = columns
    }

    /// The mask that keeps every weight of `model` (density 1).
    public init(denseFor model: MLP) {
        self.init(kept: model.layers.map { [Bool](repeating: true, count: $0.weights.storage.count) },
                  rows: model.layers.map(\.outputCount), columns: model.layers.map(\.inputCount))
    }

    public var layerCount: Int { kept.count }
    /// Number of weights of each layer, out * in.
    public var weightCounts: [Int] { zip(rows, columns).map { $0 * $1 } }
    /// Number of kept weights of each layer.
    public var keptCounts: [Int] { kept.map { $0.reduce(0) { $0 + ($1 ? 1 : 0) } } }
    /// Kept weights / all weights of each layer.
    public var layerDensities: [Double] { zip(keptCounts, weightCounts).map { Double($0) / Double($1) } }
    /// Kept weights / all weights over the layers in `layers` (default: all layers).
    public func density(layers: [Int]? = nil) -> Double {
        let chosen = layers ?? Array(0..<layerCount)
        let k = keptCounts, n = weightCounts
        let kept = chosen.reduce(0) { $0 + k[$1] }, total = chosen.reduce(0) { $0 + n[$1] }
        return total > 0 ? Double(kept) / Double(total) : 1
    }

    /// Whether every weight this mask keeps is kept by `other` (this mask prunes at least what `other` prunes).
    public func isSubmask(of other: PruningMask) -> Bool {
        guard rows == other.rows, columns == other.columns else { return false }
        for l in kept.indices {
            for k in kept[l].indices where kept[l][k] && !other.kept[l][k] { return false }
        }
        return true
    }

    /// Throws `PruningError.shapeMismatch` unless the mask has the layer shapes of `model`.
    public func check(against model: MLP) throws {
        let r = model.layers.map(\.outputCount), c = model.layers.map(\.inputCount)
        guard r == rows, c == columns else {
            func shape(_ r: [Int], _ c: [Int]) -> String { zip(r, c).map { "\($0)x\($1)" }.joined(separator: ",") }
            throw PruningError.shapeMismatch(what: "the pruning mask", found: shape(rows, columns), expected: shape(r, c))
        }
    }

    /// `model` with every pruned weight set to +0 (biases and `initialFirstLayerWeights` unchanged).
    /// - Precondition: the shapes match (`check(against:)`).
    public func applied(to model: MLP) -> MLP {
        precondition((try? check(against: model)) != nil, "mask and network shapes differ")
        var result = model
        for l in kept.indices {
            let flags = kept[l]
            result.layers[l].weights.storage.withUnsafeMutableBufferPointer { w in
                for k in 0..<flags.count where !flags[k] { w[k] = 0 }
            }
        }
        return result
    }

    /// Stream number of `random(matching:seed:)` ("RPRN" in ASCII).
    public static let randomPruningStream: UInt64 = 0x5250_524E

    /// The random-pruning control: a mask with the same number of kept weights in every layer
    /// as `mask`, the kept positions of each layer drawn uniformly WITHOUT replacement among all
    /// the layer's positions (independently of `mask`'s positions), by a partial Fisher-Yates
    /// shuffle with `SeededGenerator(seed: derivedSeed(seed, stream: randomPruningStream))`,
    /// layers in order. A fully kept layer (e.g. an excluded output layer) stays fully kept.
    public static func random(matching mask: PruningMask, seed: UInt64) -> PruningMask {
        var generator = SeededGenerator(seed: SeededGenerator.derivedSeed(seed, stream: randomPruningStream))
        var kept: [[Bool]] = []
        for (l, count) in mask.keptCounts.enumerated() {
            let n = mask.weightCounts[l]
            var flags = [Bool](repeating: false, count: n)
            if count == n {
                flags = [Bool](repeating: true, count: n)
            } else {
                var permutation = Array(0..<n)
                generator.shufflePrefix(&permutation, count: count)
                for k in 0..<count { flags[permutation[k]] = true }
            }
            kept.append(flags)
        }
        return PruningMask(kept: kept, rows: mask.rows, columns: mask.columns)
    }
}
