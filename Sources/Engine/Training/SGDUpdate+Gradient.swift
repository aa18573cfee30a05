import LinearAlgebra

extension SGDUpdate {
    /// The rule of `applyWeights` for a layer whose gradient g = dl/dW the caller has formed
    /// (any layout, `count` elements, the same for W, g and the velocity), one pass over the
    /// elements on `ParallelLoop.shared`:
    ///
    /// - momentum 0:  w <- (1 - eta lambda) w - eta g,
    /// - momentum mu: v <- mu v + lambda w + g (the lambda term only when lambda > 0, added
    ///   first), w <- w - eta v.
    ///
    /// Each element is the same float32 operations whatever the partition, so the update is
    /// bit-identical on any thread count.
    func applyGradient(_ w: UnsafeMutablePointer<Float>, velocity: UnsafeMutablePointer<Float>?,
                       gradient g: UnsafePointer<Float>, count: Int) {
        let pass = GradientPass(w: w, v: velocity, g: g, eta: learningRate, mu: momentum, lambda: weightDecay)
        ParallelLoop.shared.forEachRange(of: count, minimumLength: Self.passLength, with: pass) { context, start, end in
            let p = context.assumingMemoryBound(to: GradientPass.self).pointee
            p.apply(start..<end)
        }
    }

    /// Operands of the pass of `applyGradient`.
    struct GradientPass {
        let w: UnsafeMutablePointer<Float>
        let v: UnsafeMutablePointer<Float>?
        let g: UnsafePointer<Float>
        let eta: Float
        let mu: Float
        let lambda: Float

        @inline(__always)
        func apply(_ range: Range<Int>) {
            guard let v, mu > 0 else {
                let beta = 1 - eta * lambda
                for k in range { w[k] = beta * w[k] - eta * g[k] }
                return
            }
            if lambda > 0 {
                for k in range {
                    v[k] = (mu * v[k] + lambda * w[k]) + g[k]
                    w[k] -= eta * v[k]
                }
            } else {
                for k in range {
                    v[k] = mu * v[k] + g[k]
                    w[k] -= eta * v[k]
                }
            }
        }
    }
}
