import LinearAlgebra

/// Which model a run trains.
public enum ModelKind: String, Sendable, Codable, CaseIterable {
    /// The two-layer NTK-parameterized network of THEORY.md section 1 (`TwoLayerNTK`).
    case ntk
    /// The standard multilayer perceptron with PyTorch's default initialization (`MLP`).
    case mlp
}

/// A trained (or freshly initialized) model of either kind.
public enum Network: Sendable, Equatable {
    case ntk(TwoLayerNTK)
    case mlp(MLP)

    public var kind: ModelKind {
        switch self {
        case .ntk: return .ntk
        case .mlp: return .mlp
        }
    }

    /// Input dimension d.
    public var inputCount: Int {
        switch self {
        case .ntk(let n): return n.dimension
        case .mlp(let n): return n.inputCount
        }
    }

    /// Number of outputs C.
    public var outputCount: Int {
        switch self {
        case .ntk: return 1
        case .mlp(let n): return n.outputCount
        }
    }

    /// Hidden widths (one entry N for a two-layer network).
    public var hiddenWidths: [Int] {
        switch self {
        case .ntk(let n): return [n.width]
        case .mlp(let n): return n.hiddenWidths
        }
    }

    /// The outputs u(x_i) for every row of `x`, m x C.
    public func outputs(_ x: Matrix<Float>) -> Matrix<Float> {
        switch self {
        case .ntk(let n): return n.outputs(x)
        case .mlp(let n): return n.outputs(x)
        }
    }

    /// The first hidden layer's current and initial weights (N x d each).
    public var firstLayerWeights: (current: Matrix<Float>, initial: Matrix<Float>) {
        switch self {
        case .ntk(let n): return (n.weights, n.initialWeights)
        case .mlp(let n): return (n.layers[0].weights, n.initialFirstLayerWeights)
        }
    }
}
