extension MLP {
    /// The training kernel of this network: `TwoLayerMLPKernel` (the fused C kernels) for one
    /// hidden layer, `MLPKernel` (BLAS products) for deeper networks. `weightMasks`, when given,
    /// holds one pruning mask per layer in nn.Linear order (true keeps the weight).
    func trainingKernel(capacity: Int, loss: Loss, update: SGDUpdate, weightMasks: [[Bool]]? = nil) -> TrainingKernel {
        if layers.count == 2 {
            return TwoLayerMLPKernel(model: self, capacity: capacity, loss: loss, update: update, weightMasks: weightMasks)
        }
        return MLPKernel(model: self, capacity: capacity, loss: loss, update: update, weightMasks: weightMasks)
    }
}
