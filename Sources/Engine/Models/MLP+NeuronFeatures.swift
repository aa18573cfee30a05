import LinearAlgebra

/// An error building per-neuron features from a model that has no single hidden layer.
public struct NeuronFeaturesError: Error, CustomStringConvertible, Sendable {
    public let hiddenLayers: Int
    public var description: String {
        "per-neuron features need a two-layer network (one hidden layer); this MLP has \(hiddenLayers) hidden layers"
    }
}

extension MLP {
    /// The per-neuron features of THEORY.md section 3 for a standard two-layer network
    /// u(x) = sum_r b_r relu(w_r . x + bias_r) + c on the rows of `x` (m x d):
    /// activations relu(X W^T + bias) (m x N), output weights B = W_2^T (N x C, row r is b_r),
    /// featureScale N (s = 1), output bias c; so phi_r = N b_r relu(...) and u = c + (1/N) sum_r phi_r.
    /// - Throws: `NeuronFeaturesError` when the MLP has more than one hidden layer.
    public func neuronFeatures(on x: Matrix<Float>) throws -> NeuronFeatures {
        guard layers.count == 2 else { throw NeuronFeaturesError(hiddenLayers: layers.count - 1) }
        precondition(x.columns == inputCount, "input dimension \(x.columns) does not match the network's \(inputCount)")
        let hidden = layers[0], output = layers[1]
        var h = DenseKernels.preActivations(x, hidden.weights, bias: hidden.bias)
        for k in 0..<h.storage.count where !(h.storage[k] > 0) { h.storage[k] = 0 }
        let n = hidden.outputCount, c = output.outputCount
        var b = [Float](repeating: 0, count: n * c)
        for o in 0..<c { for r in 0..<n { b[r * c + o] = output.weights[o, r] } }
        return NeuronFeatures(activations: h, outputWeights: Matrix(rows: n, columns: c, storage: b),
                              featureScale: Float(n), outputBias: output.bias)
    }
}

extension Network {
    /// The per-neuron features of THEORY.md section 3 on the rows of `x` (see
    /// `TwoLayerNTK.neuronFeatures(on:)` and `MLP.neuronFeatures(on:)`).
    public func neuronFeatures(on x: Matrix<Float>) throws -> NeuronFeatures {
        // A checkpoint read from disk may disagree with the data it is evaluated on.
        guard x.columns == inputCount else {
            throw DataError.invalidValue(name: "the input dimension of the data", value: "\(x.columns)",
                                         allowed: "the network's input dimension \(inputCount)")
        }
        switch self {
        case .ntk(let n): return n.neuronFeatures(on: x)
        case .mlp(let n): return try n.neuronFeatures(on: x)
        }
    }
}
