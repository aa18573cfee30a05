/// The `meta.json` of a checkpoint folder: what the `.npy` files hold.
///
/// Arrays (float32 '<f4', C order):
/// - ntk: `W.npy` (N x d), `a.npy` (N), `W0.npy` (N x d, initial weights).
/// - mlp with hidden widths n_1..n_(L-1) and C outputs: `W.npy` (n_1 x d), `bias.npy` (n_1),
///   `W<l>.npy` (n_l x n_(l-1)) and `bias<l>.npy` (n_l) for l = 2..L-1, `b.npy` (n_(L-1) x C,
///   row r = output weights b_r of the last hidden neuron r, i.e. the transposed output layer),
///   `c.npy` (C, output bias), `W0.npy` (n_1 x d).
public struct CheckpointMeta: Sendable, Codable, Equatable {
    public var model: ModelKind
    public var step: Int
    public var seed: UInt64
    public var dimension: Int
    public var hiddenWidths: [Int]
    public var outputs: Int
    /// kappa of the NTK initialization (nil for mlp).
    public var kappa: Double?
    /// NeuronFeatures.featureScale of the network (sqrt(N) for ntk, N for a two-layer mlp; nil for deeper).
    public var featureScale: Double?
    /// `Dataset.description` of the training data.
    public var data: String
    /// File name -> shape of every array in the folder.
    public var arrays: [String: [Int]]
    public var measurements: CheckpointMeasurements

    /// The arrays (name -> shape) a checkpoint of this kind and these sizes must hold.
    public var expectedArrays: [String: [Int]] {
        let d = dimension
        guard let n1 = hiddenWidths.first else { return [:] }
        switch model {
        case .ntk:
            return ["W.npy": [n1, d], "a.npy": [n1], "W0.npy": [n1, d]]
        case .mlp:
            var out: [String: [Int]] = ["W.npy": [n1, d], "bias.npy": [n1], "W0.npy": [n1, d]]
            for l in 1..<hiddenWidths.count {
                out["W\(l + 1).npy"] = [hiddenWidths[l], hiddenWidths[l - 1]]
                out["bias\(l + 1).npy"] = [hiddenWidths[l]]
            }
            out["b.npy"] = [hiddenWidths[hiddenWidths.count - 1], outputs]
            out["c.npy"] = [outputs]
            return out
        }
    }
}
