import LinearAlgebra

extension GreedySelection {
    /// The pruned network's output on new data, from the *dense* hidden activations
    /// (m' x N, e.g. relu(X' W^T) of the dense network):
    ///     out_i = c + sum_t a_{i, selectedNeurons[t]} prunedOutputWeights[t, :]
    /// (accumulated in float64, returned m' x C). On the training activations this is c + v_k.
    public func prunedOutput(denseActivations: Matrix<Float>) -> Matrix<Float> {
        precondition(selectedNeurons.last.map { $0 < denseActivations.columns } ?? true,
                     "dense activations have \(denseActivations.columns) neurons, fewer than the selected indices need")
        return output(rows: denseActivations.rows) { i, t in denseActivations[i, selectedNeurons[t]] }
    }

    /// The pruned network's output from the activations of the selected neurons only
    /// (m' x K, column t for `selectedNeurons[t]`), as a fine-tuned pruned model would produce them.
    public func prunedOutput(selectedActivations: Matrix<Float>) -> Matrix<Float> {
        precondition(selectedActivations.columns == selectedNeurons.count,
                     "one activation column per selected neuron (\(selectedNeurons.count))")
        return output(rows: selectedActivations.rows) { i, t in selectedActivations[i, t] }
    }

    /// The pruned network as `NeuronFeatures` of a standard two-layer network with K = number of
    /// distinct selected neurons, s = 1: activations are the selected columns of
    /// `denseActivations`, output weights `prunedOutputWeights`, featureScale K (so that
    /// c + (1/K) sum_t phi_t = c + sum_t a_t w_t), the same output bias.
    public func prunedFeatures(denseActivations: Matrix<Float>) -> NeuronFeatures {
        let rows = denseActivations.rows
        let k = selectedNeurons.count
        var storage = [Float](repeating: 0, count: rows * k)
        for i in 0..<rows {
            for (t, r) in selectedNeurons.enumerated() { storage[i * k + t] = denseActivations[i, r] }
        }
        return NeuronFeatures(activations: Matrix(rows: rows, columns: k, storage: storage),
                              outputWeights: prunedOutputWeights, featureScale: Float(k), outputBias: outputBias)
    }

    private func output(rows: Int, activation: (Int, Int) -> Float) -> Matrix<Float> {
        let c = outputBias.count
        var storage = [Float](repeating: 0, count: rows * c)
        var accumulator = [Double](repeating: 0, count: c)
        for i in 0..<rows {
            for o in 0..<c { accumulator[o] = Double(outputBias[o]) }
            for t in 0..<selectedNeurons.count {
                let a = Double(activation(i, t))
                if a == 0 { continue }
                for o in 0..<c { accumulator[o] += a * Double(prunedOutputWeights[t, o]) }
            }
            for o in 0..<c { storage[i * c + o] = Float(accumulator[o]) }
        }
        return Matrix(rows: rows, columns: c, storage: storage)
    }
}
