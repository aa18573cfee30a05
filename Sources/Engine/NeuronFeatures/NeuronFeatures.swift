import LinearAlgebra

/// The per-neuron output vectors phi_r of THEORY.md section 3, stored factorised so that the
/// m x C x N tensor is never materialised.
///
/// For a two-layer network u(x) = s * sum_r b_r relu(w_r . x) + c with output weights
/// b_r in R^C, the feature of neuron r is
///     phi_r = N * s * relu(X w_r) (outer) b_r      (an m x C matrix),
/// so that the dense output is the plain average u = c + (1/N) sum_r phi_r. For the NTK
/// network (s = N^(-1/2), b_r = a_r in {-1, +1}, C = 1, c = 0) this is
/// phi_r = sqrt(N) a_r relu(X w_r), and for a standard layer (s = 1) it is N b_r relu(...).
/// The output bias c is kept outside the selection: targets are y - c.
public struct NeuronFeatures: Sendable {
    /// Hidden activations relu(X W^T), m x N (row i holds the N activations of sample i).
    public var activations: Matrix<Float>
    /// Output weights b_r, N x C (row r is b_r).
    public var outputWeights: Matrix<Float>
    /// The factor N * s that turns activation times output weight into phi_r.
    public var featureScale: Float
    /// The output bias c (length C), kept outside the selection.
    public var outputBias: [Float]

    public init(activations: Matrix<Float>, outputWeights: Matrix<Float>, featureScale: Float, outputBias: [Float]) {
        precondition(activations.columns == outputWeights.rows, "one output-weight row per neuron")
        precondition(outputBias.count == outputWeights.columns, "one bias per output")
        self.activations = activations
        self.outputWeights = outputWeights
        self.featureScale = featureScale
        self.outputBias = outputBias
    }

    /// Number of samples m.
    public var sampleCount: Int { activations.rows }
    /// Number of neurons N.
    public var neuronCount: Int { activations.columns }
    /// Number of outputs C.
    public var outputCount: Int { outputWeights.columns }
}
