import LinearAlgebra

/// One SGD update of a dense layer, written so that the weight gradient never needs its own
/// buffer (PyTorch `torch.optim.SGD` semantics, no dampening, no Nesterov):
///
/// - momentum 0:  W <- (1 - eta lambda) W - eta G^T H   in ONE sgemm (alpha = -eta, beta = 1 - eta lambda),
/// - momentum mu: V <- mu V + lambda W (skipped when lambda = 0, then beta = mu), V <- V + G^T H (sgemm),
///   W <- W - eta V (one pass).
///
/// Here G is the B x out matrix of output gradients dl/dz and H the B x in matrix of inputs of
/// the layer, so G^T H = dl/dW. Biases: db = sum_i G[i, :] summed over i in order (float32,
/// from +0), then the same rule elementwise.
///
/// Products go through `ThreadInvariantGEMM`; the element-wise passes run on
/// `ParallelLoop.shared` over ranges of elements, each element computed by the same float32
/// operations whatever the partition, so the update is bit-identical on any thread count.
struct SGDUpdate {
    let learningRate: Float
    let momentum: Float
    let weightDecay: Float

    /// Elements per range of the parallel element-wise passes (64 KiB of floats).
    static let passLength = 16_384

    /// Updates `w` (out x in, row-major) given `g` (rows x out) and `h` (rows x in).
    @inline(__always)
    func applyWeights(_ w: UnsafeMutablePointer<Float>, velocity: UnsafeMutablePointer<Float>?,
                      out: Int, in inCount: Int, g: UnsafePointer<Float>, h: UnsafePointer<Float>, rows: Int) {
        let product = beginWeights(w, velocity: velocity, count: out * inCount)
        ThreadInvariantGEMM.sgemm(transA: true, transB: false, m: out, n: inCount, k: rows, alpha: product.alpha, a: g, lda: out,
                                  b: h, ldb: inCount, beta: product.beta, c: product.target, ldc: inCount)
        finishWeights(w, velocity: velocity, count: out * inCount)
    }

    /// The first part of `applyWeights` for callers that form G^T H themselves (for instance in
    /// k-blocks, the first block with `beta` and the others with beta = 1): with momentum, the
    /// pass V <- mu V + lambda W when lambda > 0. Returns the matrix the product is added to
    /// (W, or V with momentum) as target <- alpha G^T H + beta target.
    @inline(__always)
    func beginWeights(_ w: UnsafeMutablePointer<Float>, velocity: UnsafeMutablePointer<Float>?,
                      count: Int) -> (target: UnsafeMutablePointer<Float>, alpha: Float, beta: Float) {
        guard let v = velocity, momentum > 0 else { return (w, -learningRate, 1 - learningRate * weightDecay) }
        guard weightDecay > 0 else { return (v, 1, momentum) }
        let pass = DecayPass(w: w, v: v, mu: momentum, lambda: weightDecay)
        ParallelLoop.shared.forEachRange(of: count, minimumLength: Self.passLength, with: pass) { pass, start, end in
            let p = pass.assumingMemoryBound(to: DecayPass.self).pointee
            for k in start..<end { p.v[k] = p.mu * p.v[k] + p.lambda * p.w[k] }
        }
        return (v, 1, 1)
    }

    /// Operands of the pass V <- mu V + lambda W (run on `ParallelLoop`).
    struct DecayPass {
        let w: UnsafeMutablePointer<Float>
        let v: UnsafeMutablePointer<Float>
        let mu: Float
        let lambda: Float
    }

    /// Operands of the pass W <- W - eta V (run on `ParallelLoop`).
    struct StepPass {
        let w: UnsafeMutablePointer<Float>
        let v: UnsafeMutablePointer<Float>
        let eta: Float
    }

    /// The last part of `applyWeights`: with momentum, the pass W <- W - eta V.
    @inline(__always)
    func finishWeights(_ w: UnsafeMutablePointer<Float>, velocity: UnsafeMutablePointer<Float>?, count: Int) {
        guard let v = velocity, momentum > 0 else { return }
        ParallelLoop.shared.forEachRange(of: count, minimumLength: Self.passLength, with: StepPass(w: w, v: v, eta: learningRate)) { pass, start, end in
            let p = pass.assumingMemoryBound(to: StepPass.self).pointee
            for k in start..<end { p.w[k] -= p.eta * p.v[k] }
        }
    }

    /// Updates the bias `b` (length out) from the column sums db = sum_i G[i, :] of the output gradients.
    @inline(__always)
    func applyBias(_ b: UnsafeMutablePointer<Float>, velocity: UnsafeMutablePointer<Float>?, out: Int, columnSums db: UnsafePointer<Float>) {
        if let v = velocity, momentum > 0 {
            for k in 0..<out {
                v[k] = momentum * v[k] + db[k] + weightDecay * b[k]
                b[k] -= learningRate * v[k]
            }
        } else {
            for k in 0..<out { b[k] = (1 - learningRate * weightDecay) * b[k] - learningRate * db[k] }
        }
    }
}
