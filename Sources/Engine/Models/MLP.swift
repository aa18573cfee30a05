import LinearAlgebra

/// One fully connected layer z = W h + b with W (out x in, PyTorch's `nn.Linear` layout)
/// and bias b (length out).
public struct DenseLayer: Sendable, Equatable {
    /// Weights, out x in (row o holds the weights into output o).
    public var weights: Matrix<Float>
    /// Bias, length out.
    public var bias: [Float]

    public var inputCount: Int { weights.columns }
    public var outputCount: Int { weights.rows }

    public init(weights: Matrix<Float>, bias: [Float]) {
        precondition(bias.count == weights.rows, "one bias per output")
        self.weights = weights
        self.bias = bias
    }

    /// PyTorch's default `nn.Linear` initialization: every weight and every bias
    /// independently uniform on [-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in = `inputs`,
    /// drawn as (2u - 1)/sqrt(fan_in) with u = `nextUniformFloat()`; weights row by row first,
    /// then the biases.
    public init(inputs: Int, outputs: Int, generator: inout SeededGenerator) {
        let bound = 1 / Float(inputs).squareRoot()
        var w = [Float](repeating: 0, count: inputs * outputs)
        for k in 0..<w.count { w[k] = (2 * generator.nextUniformFloat() - 1) * bound }
        var b = [Float](repeating: 0, count: outputs)
        for k in 0..<outputs { b[k] = (2 * generator.nextUniformFloat() - 1) * bound }
        self.init(weights: Matrix(rows: outputs, columns: inputs, storage: w), bias: b)
    }
}

/// The standard multilayer perceptron (PyTorch parameterization):
///
///     h_0 = x,  h_l = relu(W_l h_(l-1) + b_l) for l = 1..L-1,  u(x) = W_L h_(L-1) + b_L
///
/// - Scaling: none (standard parameterization); all layers, biases included, are trained.
///   With one hidden layer of width N and output weights B = W_2^T (N x C), c = b_2 this is
///   u(x) = sum_r b_r relu(w_r . x + bias_r) + c, the "standard layer" of THEORY.md section 3.
/// - Initialization: PyTorch's default, W_l and b_l uniform on [-1/sqrt(fan_in), 1/sqrt(fan_in)),
///   layers drawn in order from one `SeededGenerator(seed:)` (see `DenseLayer.init(inputs:outputs:generator:)`).
/// - ReLU derivative convention: relu'(z) = 1 for z >= 0, 0 otherwise (as for the NTK network).
/// - Loss: squared (1/2 ||u - y||^2) or softmax cross-entropy over the C outputs (see `Loss`).
public struct MLP: Sendable, Equatable {
    /// The layers, input to output; the last one is linear (no ReLU).
    public var layers: [DenseLayer]
    /// The first layer's initial weights W_1(0), kept to measure max_r ||w_r(t) - w_r(0)||.
    public var initialFirstLayerWeights: Matrix<Float>

    public var inputCount: Int { layers[0].inputCount }
    public var outputCount: Int { layers[layers.count - 1].outputCount }
    /// Widths of the hidden layers.
    public var hiddenWidths: [Int] { layers.dropLast().map(\.outputCount) }

    public init(layers: [DenseLayer], initialFirstLayerWeights: Matrix<Float>) {
        precondition(layers.count >= 2, "an MLP needs at least one hidden layer")
        for l in 1..<layers.count {
            precondition(layers[l].inputCount == layers[l - 1].outputCount, "layer \(l + 1) input does not match layer \(l) output")
        }
        precondition(initialFirstLayerWeights.rows == layers[0].weights.rows
                     && initialFirstLayerWeights.columns == layers[0].weights.columns,
                     "initial weights must have the first layer's shape")
        self.layers = layers
        self.initialFirstLayerWeights = initialFirstLayerWeights
    }

    /// A freshly initialized network d -> hiddenWidths... -> outputs with PyTorch's default init.
    public init(inputs: Int, hiddenWidths: [Int], outputs: Int, seed: UInt64) {
        precondition(!hiddenWidths.isEmpty && hiddenWidths.allSatisfy { $0 > 0 } && inputs > 0 && outputs > 0,
                     "layer widths must be positive")
        var generator = SeededGenerator(seed: seed)
        var layers: [DenseLayer] = []
        var fanIn = inputs
        for width in hiddenWidths + [outputs] {
            layers.append(DenseLayer(inputs: fanIn, outputs: width, generator: &generator))
            fanIn = width
        }
        self.init(layers: layers, initialFirstLayerWeights: layers[0].weights)
    }

    /// The outputs u(x_i) for every row of `x` (m x d), an m x C matrix.
    public func outputs(_ x: Matrix<Float>) -> Matrix<Float> {
        precondition(x.columns == inputCount, "input dimension \(x.columns) does not match the network's \(inputCount)")
        var h = x
        for (l, layer) in layers.enumerated() {
            var z = DenseKernels.preActivations(h, layer.weights, bias: layer.bias)
            if l < layers.count - 1 {
                for k in 0..<z.storage.count where z.storage[k] < 0 { z.storage[k] = 0 }
            }
            h = z
        }
        return h
    }
}
