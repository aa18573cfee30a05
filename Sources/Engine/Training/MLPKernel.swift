import LinearAlgebra

/// The training inner loop of an `MLP` with two or more hidden layers (squared or cross-entropy
/// loss), on BLAS products; one hidden layer runs on `TwoLayerMLPKernel` (`MLP.trainingKernel`).
///
/// Forward, per layer l: Z_l = H_(l-1) W_l^T by one sgemm, then one pass adding the bias and
/// (hidden layers) writing H_l = relu(Z_l). Output gradient G_L = dl/dZ_L (squared: u - y;
/// cross-entropy: softmax(u) - e_y; /B for the mean loss). Backward, from the last layer down:
/// dH_(l-1) = G_l W_l (sgemm, with W_l before its update), then the update of W_l and b_l
/// (`SGDUpdate`, the weight gradient G_l^T H_(l-1) goes straight into W_l or its velocity), then
/// G_(l-1) = dH_(l-1) masked by 1{Z_(l-1) >= 0} in place, in the same pass as the column sums
/// of G_(l-1) that update b_(l-1). All workspaces are allocated once.
///
/// Threads: products go through `ThreadInvariantGEMM`, the element-wise passes (bias and ReLU,
/// masks, column sums, momentum) run on `ParallelLoop.shared` over rows or columns, every
/// element and every column sum computed by the same float32 operations in the same order
/// whatever the partition, so a step gives the same bits on any thread count.
final class MLPKernel: TrainingKernel {
    let sizes: [Int]            // d, n_1, ..., n_(L-1), C
    let capacity: Int
    let loss: Loss
    let update: SGDUpdate
    let initialFirstLayer: Matrix<Float>
    let weights: [UnsafeMutablePointer<Float>]
    let biases: [UnsafeMutablePointer<Float>]
    let weightVelocities: [UnsafeMutablePointer<Float>?]
    let biasVelocities: [UnsafeMutablePointer<Float>?]
    let z: [UnsafeMutablePointer<Float>]        // capacity x n_l, pre-activations (output layer: u)
    let hidden: [UnsafeMutablePointer<Float>]   // capacity x n_l, relu(Z_l) for hidden layers
    let outputGradient: UnsafeMutablePointer<Float>
    let backA: UnsafeMutablePointer<Float>
    let backB: UnsafeMutablePointer<Float>
    let scratch: UnsafeMutablePointer<Float>
    /// Per layer, nil (dense) or the pruning mask of its weights.
    let weightMasks: [WeightMask?]
    var layerCount: Int { sizes.count - 1 }
    var classes: Int { sizes[sizes.count - 1] }

    init(model: MLP, capacity: Int, loss: Loss, update: SGDUpdate, weightMasks masks: [[Bool]]? = nil) {
        sizes = [model.inputCount] + model.layers.map(\.outputCount)
        self.capacity = capacity
        self.loss = loss
        self.update = update
        initialFirstLayer = model.initialFirstLayerWeights
        func buffer(_ values: [Float]) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: max(values.count, 1))
            p.initialize(from: values, count: values.count)
            return p
        }
        func zeros(_ count: Int) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
            p.initialize(repeating: 0, count: max(count, 1))
            return p
        }
        weights = model.layers.map { buffer($0.weights.storage) }
        biases = model.layers.map { buffer($0.bias) }
        let usesMomentum = update.momentum > 0
        weightVelocities = model.layers.map { usesMomentum ? zeros($0.weights.storage.count) : nil }
        biasVelocities = model.layers.map { usesMomentum ? zeros($0.bias.count) : nil }
        z = model.layers.map { zeros(capacity * $0.outputCount) }
        hidden = model.layers.dropLast().map { zeros(capacity * $0.outputCount) }
        let widest = sizes.max()!
        outputGradient = zeros(capacity * model.outputCount)
        backA = zeros(capacity * widest)
        backB = zeros(capacity * widest)
        scratch = zeros(widest)
        if let masks {
            precondition(masks.count == model.layers.count, "one mask per layer")
            weightMasks = zip(masks, model.layers).map { mask, layer in
                precondition(mask.count == layer.weights.storage.count, "the mask must have the layer's shape")
                return WeightMask(kept: mask, count: mask.count) { $0 }
            }
        } else {
            weightMasks = model.layers.map { _ in nil }
        }
        for l in 0..<weightMasks.count { applyMask(l) }
    }

    /// Applies layer l's pruning mask, if any, to its weights and velocities.
    @inline(__always)
    private func applyMask(_ l: Int) {
        weightMasks[l]?.apply(to: weights[l], velocity: weightVelocities[l])
    }

    /// Operands of the forward pass's bias (and ReLU) pass over rows.
    private struct BiasPass {
        let z: UnsafeMutablePointer<Float>
        let bias: UnsafePointer<Float>
        let hidden: UnsafeMutablePointer<Float>?
        let n: Int
    }

    /// Operands of the backward masking pass over columns (with the column sums).
    private struct MaskGradientPass {
        let d: UnsafeMutablePointer<Float>
        let z: UnsafePointer<Float>
        let sums: UnsafeMutablePointer<Float>
        let rows: Int
        let n: Int
    }

    deinit {
        for p in weights + biases + z + hidden { p.deallocate() }
        for p in weightVelocities + biasVelocities { p?.deallocate() }
        for mask in weightMasks { mask?.deallocate() }
        outputGradient.deallocate()
        backA.deallocate()
        backB.deallocate()
        scratch.deallocate()
    }

    /// Forward pass of `rows` samples into `z` and `hidden`.
    @inline(__always)
    private func forward(_ x: UnsafePointer<Float>, rows: Int) {
        var input = x
        for l in 0..<layerCount {
            let (inCount, out) = (sizes[l], sizes[l + 1])
            ThreadInvariantGEMM.sgemm(transA: false, transB: true, m: rows, n: out, k: inCount, alpha: 1, a: input, lda: inCount,
                                      b: weights[l], ldb: inCount, beta: 0, c: z[l], ldc: out)
            let isHidden = l < layerCount - 1
            let pass = BiasPass(z: z[l], bias: biases[l], hidden: isHidden ? hidden[l] : nil, n: out)
            ParallelLoop.shared.forEachRange(of: rows, minimumLength: max(1, SGDUpdate.passLength / out), alignment: 1, with: pass) { pass, start, end in
                let p = pass.assumingMemoryBound(to: BiasPass.self).pointee
                DenseKernels.addBias(p.z, p.bias, rows: start..<end, n: p.n, relu: p.hidden)
            }
            if isHidden { input = UnsafePointer(hidden[l]) }
        }
    }

    /// Loss (plain sum) of the outputs of `rows` samples; writes dl/du into `outputGradient`
    /// scaled by `gradientScale` when `gradientScale` is non-nil.
    @inline(__always)
    private func outputLoss(targets: UnsafePointer<Float>, labels: UnsafePointer<Int32>, rows: Int,
                            gradientScale: Float?) -> Double {
        loss.outputLoss(z[layerCount - 1], targets: targets, labels: labels, rows: rows, classes: classes,
                        gradient: gradientScale == nil ? nil : outputGradient, scale: gradientScale ?? 1)
    }

    func step(x: UnsafePointer<Float>, targets: UnsafePointer<Float>, labels: UnsafePointer<Int32>, rows: Int) -> Double {
        forward(x, rows: rows)
        let scale: Float = loss.reduction == .mean ? 1 / Float(rows) : 1
        let value = outputLoss(targets: targets, labels: labels, rows: rows, gradientScale: scale)
        var g = UnsafeMutablePointer(outputGradient)
        var spare = backA, other = backB
        // Column sums of g (the bias gradient): of the output layer here, of each hidden layer in
        // its masking pass below.
        let c = classes
        DenseKernels.columnSums(g, rows: rows, n: c, columns: 0..<c, into: scratch)
        for l in stride(from: layerCount - 1, through: 0, by: -1) {
            let (inCount, out) = (sizes[l], sizes[l + 1])
            let input: UnsafePointer<Float> = l == 0 ? x : UnsafePointer(hidden[l - 1])
            if l > 0 {
                ThreadInvariantGEMM.sgemm(transA: false, transB: false, m: rows, n: inCount, k: out, alpha: 1, a: g, lda: out,
                                          b: weights[l], ldb: inCount, beta: 0, c: spare, ldc: inCount)
            }
            update.applyBias(biases[l], velocity: biasVelocities[l], out: out, columnSums: scratch)
            update.applyWeights(weights[l], velocity: weightVelocities[l], out: out, in: inCount, g: g, h: input, rows: rows)
            applyMask(l)
            if l > 0 {
                let pass = MaskGradientPass(d: spare, z: z[l - 1], sums: scratch, rows: rows, n: inCount)
                ParallelLoop.shared.forEachRange(of: inCount, minimumLength: max(16, SGDUpdate.passLength / rows), with: pass) { pass, start, end in
                    let p = pass.assumingMemoryBound(to: MaskGradientPass.self).pointee
                    DenseKernels.maskGradient(p.d, by: p.z, rows: p.rows, n: p.n, columns: start..<end, columnSums: p.sums)
                }
                g = spare
                swap(&spare, &other)
            }
        }
        return value
    }

    func evaluate(x: UnsafePointer<Float>, targets: UnsafePointer<Float>, labels: UnsafePointer<Int32>, rows: Int) -> (loss: Double, correct: Int) {
        let c = classes
        let d = sizes[0]
        var total = 0.0
        var correct = 0
        var start = 0
        while start < rows {
            let count = min(capacity, rows - start)
            forward(x + start * d, rows: count)
            total += outputLoss(targets: targets + start * c, labels: labels + start, rows: count, gradientScale: nil)
            let u = z[layerCount - 1]
            for i in 0..<count where isCorrect(outputs: u + i * c, classes: c, target: c == 1 ? targets[start + i] : 0,
                                               label: labels[start + i]) {
                correct += 1
            }
            start += count
        }
        return (total, correct)
    }

    func snapshot() -> Network {
        var layers: [DenseLayer] = []
        for l in 0..<layerCount {
            let (inCount, out) = (sizes[l], sizes[l + 1])
            layers.append(DenseLayer(weights: Matrix(rows: out, columns: inCount,
                                                     storage: Array(UnsafeBufferPointer(start: weights[l], count: out * inCount))),
                                     bias: Array(UnsafeBufferPointer(start: biases[l], count: out))))
        }
        return .mlp(MLP(layers: layers, initialFirstLayerWeights: initialFirstLayer))
    }

    func velocities() -> [[Float]]? {
        guard update.momentum > 0 else { return nil }
        var out: [[Float]] = []
        for l in 0..<layerCount {
            let (inCount, outCount) = (sizes[l], sizes[l + 1])
            guard let w = weightVelocities[l], let b = biasVelocities[l] else { return nil }
            out.append(Array(UnsafeBufferPointer(start: w, count: outCount * inCount)))
            out.append(Array(UnsafeBufferPointer(start: b, count: outCount)))
        }
        return out
    }

    func restoreVelocities(_ values: [[Float]]) {
        for l in 0..<layerCount {
            weightVelocities[l]?.update(from: values[2 * l], count: values[2 * l].count)
            biasVelocities[l]?.update(from: values[2 * l + 1], count: values[2 * l + 1].count)
        }
    }
}
