/// Which weights compete when magnitude pruning chooses what to keep.
public enum PruningScope: String, Sendable, Codable, CaseIterable {
    /// One ranking over the weights of all prunable layers together (open_lth's `sparse_global`).
    case global
    /// Each prunable layer is ranked on its own and keeps the same fraction of its weights.
    case layerwise = "layer-wise"
}

/// Magnitude pruning of an `MLP`: keep the weights of largest |W_l[o, i]|.
///
/// Given the current mask m (only kept weights compete: a pruned weight is never revived) and a
/// target density d in (0, 1] measured against ALL weights of the prunable layers (not relative
/// to m), the number of kept weights is
/// - layer-wise: K_l = round(d * n_l) in every prunable layer l (n_l = out_l * in_l),
/// - global: K = round(d * sum_l n_l) over the prunable layers together,
/// (round = to nearest, halves away from zero). Candidates are ranked by |w| descending.
/// Tie rule: among equal magnitudes the LOWER flat index is kept, where the flat index orders
/// weights by layer, then row, then column (row-major `DenseLayer.weights`); for the global
/// scope the layers are concatenated in order. Non-prunable layers (the output layer when
/// `excludesOutputLayer`) keep their mask unchanged.
public struct MagnitudePruning: Sendable, Codable, Equatable {
    public var scope: PruningScope
    /// Leave the output layer dense (its weights are neither ranked nor counted in d).
    public var excludesOutputLayer: Bool

    public init(scope: PruningScope = .global, excludesOutputLayer: Bool = false) {
        self.scope = scope
        self.excludesOutputLayer = excludesOutputLayer
    }

    /// Indices of the layers this rule prunes.
    public func prunableLayers(layerCount: Int) -> [Int] {
        Array(0..<(excludesOutputLayer ? layerCount - 1 : layerCount))
    }

    /// round(d * n) (to nearest, halves away from zero).
    public static func keptCount(density: Double, of n: Int) -> Int {
        Int((density * Double(n)).rounded(.toNearestOrAwayFromZero))
    }

    /// The mask keeping the largest-magnitude weights of `model` among those `mask` keeps, at
    /// `density` of the prunable weights (see the type's documentation for counts and ties).
    /// - Throws: `PruningError.invalidOption` for a density outside (0, 1] or above what `mask`
    ///   still keeps; `PruningError.shapeMismatch` when the mask does not fit the model.
    public func prune(_ model: MLP, mask: PruningMask, density: Double) throws -> PruningMask {
        try PruningError.checkDensity(density, parameter: .density)
        try mask.check(against: model)
        let layers = prunableLayers(layerCount: model.layers.count)
        var kept = mask.kept
        let available = mask.keptCounts
        // Ranking of candidate weights (layer, flat index within layer): |w| desc, then (layer, index) asc.
        func rank(_ candidates: inout [(magnitude: Float, layer: Int, index: Int)]) {
            candidates.sort { a, b in
                if a.magnitude != b.magnitude { return a.magnitude > b.magnitude }
                if a.layer != b.layer { return a.layer < b.layer }
                return a.index < b.index
            }
        }
        func candidates(of layerIndices: [Int]) -> [(magnitude: Float, layer: Int, index: Int)] {
            var list: [(magnitude: Float, layer: Int, index: Int)] = []
            for l in layerIndices {
                let w = model.layers[l].weights.storage
                for k in w.indices where mask.kept[l][k] { list.append((abs(w[k]), l, k)) }
            }
            return list
        }
        func tooDense(_ target: Int, _ have: Int) -> PruningError {
            .invalidOption(.density, value: "\(density)",
                           allowed: "a density that keeps at most the \(have) weights the current mask keeps (asked for \(target))")
        }
        switch scope {
        case .layerwise:
            for l in layers {
                let target = MagnitudePruning.keptCount(density: density, of: mask.weightCounts[l])
                guard target <= available[l] else { throw tooDense(target, available[l]) }
                var list = candidates(of: [l])
                rank(&list)
                kept[l] = [Bool](repeating: false, count: kept[l].count)
                for c in list.prefix(target) { kept[l][c.index] = true }
            }
        case .global:
            let total = layers.reduce(0) { $0 + mask.weightCounts[$1] }
            let have = layers.reduce(0) { $0 + available[$1] }
            let target = MagnitudePruning.keptCount(density: density, of: total)
            guard target <= have else { throw tooDense(target, have) }
            var list = candidates(of: layers)
            rank(&list)
            for l in layers { kept[l] = [Bool](repeating: false, count: kept[l].count) }
            for c in list.prefix(target) { kept[c.layer][c.index] = true }
        }
        return PruningMask(kept: kept, rows: mask.rows, columns: mask.columns)
    }
}
