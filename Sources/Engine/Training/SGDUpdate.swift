import COpenBLAS

/// One SGD update of a dense layer, written so that the weight gradient never needs its own
/// buffer (PyTorch `torch.optim.SGD` semantics, no dampening, no Nesterov):
///
/// - momentum 0:  W <- (1 - eta lambda) W - eta G^T H   in ONE sgemm (alpha = -eta, beta = 1 - eta lambda),
/// - momentum mu: V <- mu V + lambda W (skipped when lambda = 0, then beta = mu), V <- V + G^T H (sgemm),
///   W <- W - eta V (one pass).
///
/// Here G is the B x out matrix of output gradients dl/dz and H the B x in matrix of inputs of
/// the layer, so G^T H = dl/dW. Biases: db = sum_i G[i, :] summed over i in order, then the
/// same rule elementwise.
struct SGDUpdate {
    let learningRate: Float
    let momentum: Float
    let weightDecay: Float

    /// Updates `w` (out x in, row-major) given `g` (rows x out) and `h` (rows x in).
    @inline(__always)
    func applyWeights(_ w: UnsafeMutablePointer<Float>, velocity: UnsafeMutablePointer<Float>?,
                      out: Int, in inCount: Int, g: UnsafePointer<Float>, h: UnsafePointer<Float>, rows: Int) {
        if let v = velocity, momentum > 0 {
            let count = out * inCount
            var beta = momentum
            if weightDecay > 0 {
                for k in 0..<count { v[k] = momentum * v[k] + weightDecay * w[k] }
                beta = 1
            }
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(out), Int32(inCount), Int32(rows),
                        1, g, Int32(out), h, Int32(inCount), beta, v, Int32(inCount))
            let eta = learningRate
            for k in 0..<count { w[k] -= eta * v[k] }
        } else {
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(out), Int32(inCount), Int32(rows),
                        -learningRate, g, Int32(out), h, Int32(inCount), 1 - learningRate * weightDecay, w, Int32(inCount))
        }
    }

    /// Updates the bias `b` (length out) from `g` (rows x out); `scratch` holds out floats.
    @inline(__always)
    func applyBias(_ b: UnsafeMutablePointer<Float>, velocity: UnsafeMutablePointer<Float>?,
                   out: Int, g: UnsafePointer<Float>, rows: Int, scratch: UnsafeMutablePointer<Float>) {
        scratch.update(repeating: 0, count: out)
        for i in 0..<rows {
            let row = g + i * out
            for k in 0..<out { scratch[k] += row[k] }
        }
        if let v = velocity, momentum > 0 {
            for k in 0..<out {
                v[k] = momentum * v[k] + scratch[k] + weightDecay * b[k]
                b[k] -= learningRate * v[k]
            }
        } else {
            for k in 0..<out { b[k] = (1 - learningRate * weightDecay) * b[k] - learningRate * scratch[k] }
        }
    }
}
