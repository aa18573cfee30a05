/// The per-model inner loop of the trainer: one optimizer step on a batch, and an evaluation
/// of loss and accuracy on a data set, both on preallocated workspaces (no allocation).
protocol TrainingKernel: AnyObject {
    /// One optimizer step on `rows` samples (rows <= the capacity given at creation).
    /// Returns the batch loss as a plain SUM over the batch, evaluated at the parameters
    /// before the step (squared: 1/2 sum_i ||u_i - y_i||^2; cross-entropy: sum_i -log p_{i,y_i}).
    func step(x: UnsafePointer<Float>, targets: UnsafePointer<Float>, labels: UnsafePointer<Int32>, rows: Int) -> Double
    /// Loss (plain sum, as for `step`) and number of correctly classified samples over
    /// `rows` samples, evaluated in chunks of at most the capacity.
    func evaluate(x: UnsafePointer<Float>, targets: UnsafePointer<Float>, labels: UnsafePointer<Int32>, rows: Int) -> (loss: Double, correct: Int)
    /// The current parameters as a model value.
    func snapshot() -> Network
    /// The momentum buffers in the order and shapes of `TrainingState.velocities` (nil without momentum).
    func velocities() -> [[Float]]?
    /// Overwrites the momentum buffers with `values` (the layout of `velocities()`; the caller
    /// has checked the shapes, and that the kernel has momentum).
    func restoreVelocities(_ values: [[Float]])
}

/// Classification rule shared by the kernels: with one output, the prediction is the sign
/// (u >= 0 means the positive class, target > 0); with C > 1 outputs it is the first index
/// of the largest output, compared with the class label.
@inline(__always)
func isCorrect(outputs u: UnsafePointer<Float>, classes c: Int, target: Float, label: Int32) -> Bool {
    if c == 1 { return (u[0] >= 0) == (target > 0) }
    var best = 0
    for k in 1..<c where u[k] > u[best] { best = k }
    return Int32(best) == label
}
