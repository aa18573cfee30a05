import LinearAlgebra

/// The two-layer ReLU network in the NTK parameterization of THEORY.md section 1
/// (Du, Zhai, Poczos, Singh 2019):
///
///     u(x) = N^(-1/2) * sum_{r=1..N} a_r * relu(w_r . x)
///
/// - Scaling: the output is divided by sqrt(N) (NTK scaling), no biases, one output (C = 1).
/// - Initialization: w_r(0) ~ N(0, kappa^2 I_d) independently and a_r uniform in {-1, +1};
///   a is fixed (never trained), only W = (w_1 .. w_N) (N x d) is trained.
/// - Draw order (bit-reproducible): one `SeededGenerator(seed:)`; first the N x d entries of
///   W row by row (`nextGaussianFloat(standardDeviation: kappa)`), then a_1 .. a_N (`nextSign()`).
/// - ReLU derivative convention: relu'(z) = 1 for z >= 0 and 0 for z < 0, so neuron r counts
///   as *active* on x_i when w_r . x_i >= 0, exactly as in the finite-width Gram
///   H(t)_ij = (x_i . x_j)/N * #{r : w_r.x_i >= 0 and w_r.x_j >= 0}.
/// - Gradient of the sum loss l = 1/2 ||u - y||^2:
///   dl/dw_r = N^(-1/2) a_r sum_i (u_i - y_i) 1{w_r . x_i >= 0} x_i (divide by m for the mean loss).
public struct TwoLayerNTK: Sendable, Equatable {
    /// Hidden weights W, N x d (row r is w_r).
    public var weights: Matrix<Float>
    /// Fixed output signs a_r in {-1, +1}, length N.
    public var outputSigns: [Float]
    /// The initial weights W(0), N x d, kept to measure max_r ||w_r(t) - w_r(0)||.
    public var initialWeights: Matrix<Float>
    /// The initialization scale kappa (standard deviation of each entry of w_r(0)).
    public var kappa: Double

    /// Number of hidden neurons N.
    public var width: Int { weights.rows }
    /// Input dimension d.
    public var dimension: Int { weights.columns }

    public init(weights: Matrix<Float>, outputSigns: [Float], initialWeights: Matrix<Float>, kappa: Double) {
        precondition(outputSigns.count == weights.rows, "one output sign per neuron")
        precondition(initialWeights.rows == weights.rows && initialWeights.columns == weights.columns,
                     "initial weights must have the shape of the weights")
        self.weights = weights
        self.outputSigns = outputSigns
        self.initialWeights = initialWeights
        self.kappa = kappa
    }

    /// A freshly initialized network: w_r(0) ~ N(0, kappa^2 I_d), a_r uniform in {-1, +1},
    /// drawn in the order stated in the type's documentation.
    public init(width: Int, dimension: Int, kappa: Double, seed: UInt64) {
        precondition(width > 0 && dimension > 0, "width and dimension must be positive")
        var generator = SeededGenerator(seed: seed)
        let w = generator.gaussianFloats(count: width * dimension, standardDeviation: Float(kappa))
        var a = [Float](repeating: 0, count: width)
        for r in 0..<width { a[r] = generator.nextSign() }
        let matrix = Matrix(rows: width, columns: dimension, storage: w)
        self.init(weights: matrix, outputSigns: a, initialWeights: matrix, kappa: kappa)
    }

    /// The outputs u(x_i) for every row of `x` (m x d), as an m x 1 matrix.
    /// Pre-activations by one sgemm, then u_i = N^(-1/2) sum_r a_r relu(z_ir) summed in float64
    /// in the order r = 1..N.
    public func outputs(_ x: Matrix<Float>) -> Matrix<Float> {
        precondition(x.columns == dimension, "input dimension \(x.columns) does not match the network's \(dimension)")
        let z = DenseKernels.preActivations(x, weights, bias: nil)
        let scale = 1 / Double(width).squareRoot()
        var u = [Float](repeating: 0, count: x.rows)
        z.storage.withUnsafeBufferPointer { zp in
            outputSigns.withUnsafeBufferPointer { ap in
                for i in 0..<x.rows {
                    u[i] = Float(scale * DenseKernels.signedReLUSum(zp.baseAddress! + i * width, ap.baseAddress!, width))
                }
            }
        }
        return Matrix(rows: x.rows, columns: 1, storage: u)
    }
}
