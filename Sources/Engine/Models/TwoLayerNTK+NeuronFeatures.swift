import LinearAlgebra

extension TwoLayerNTK {
    /// The per-neuron features of THEORY.md section 3 on the rows of `x` (m x d):
    /// activations relu(X W^T) (m x N), output weights a (N x 1), featureScale sqrt(N)
    /// (= N * N^(-1/2)), output bias 0; so phi_r = sqrt(N) a_r relu(X w_r) and the
    /// network output is u = (1/N) sum_r phi_r.
    public func neuronFeatures(on x: Matrix<Float>) -> NeuronFeatures {
        precondition(x.columns == dimension, "input dimension \(x.columns) does not match the network's \(dimension)")
        var h = DenseKernels.preActivations(x, weights, bias: nil)
        for k in 0..<h.storage.count where !(h.storage[k] > 0) { h.storage[k] = 0 }
        return NeuronFeatures(activations: h,
                              outputWeights: Matrix(rows: width, columns: 1, storage: outputSigns),
                              featureScale: Float(width).squareRoot(),
                              outputBias: [0])
    }
}
