import CKernels
import LinearAlgebra

/// The training inner loop of a two-layer `MLP` (d -> n -> C: z = W0 x + b0, u = W1 relu(z) + b1),
/// on the fused kernels of `CKernels/include/mlp_step.h`; their header states the layout and
/// every float32 operation of the step.
///
/// A step on a batch of B rows:
/// 1. `lth_mlp_pack_rows`, `lth_mlp_pack_coordinates` (the groups split over `ParallelLoop.shared`):
///    the batch copied into row groups and coordinate groups;
/// 2. `lth_mlp_forward` (the 32-neuron panels split over `ParallelLoop.shared`): Z = X W0^T + b0,
///    in panels, with W0 read in the panel layout it is kept in (no repacking, no H = relu(Z));
/// 3. `lth_mlp_output` (the rows split): U = relu(Z) W1^T + b1;
/// 4. the loss and G1 = dl/dU (`Loss.outputLoss`), and its column sums (the gradient of b1);
/// 5. `lth_mlp_backward` (the panels split): G0 = (G1 W1) masked by 1{Z >= 0}, its column sums
///    (the gradient of b0), and the update of W1 (and its velocity), column panel by panel,
///    after each panel's columns have been read for G0;
/// 6. the bias updates (`SGDUpdate.applyBias`) and `lth_mlp_update` (the panels split): the
///    update of W0 (and its velocity) from G0^T X, the rule applied as each 32-weight run is formed;
/// 7. the pruning masks, when given, AND-ed into the weights and velocities (`WeightMask`).
///
/// Threads: every output element of every kernel is computed by one call in a fixed order, so
/// the partition of panels or rows over threads changes no bit, and a step gives the same bits
/// on any thread count; the kernel builds (AVX-512, AVX2, generic C) give the same bits too.
/// Width: the n hidden neurons are padded to np, a multiple of 32, with zero weights and biases
/// that stay zero (they get zero gradients, and the masks prune them).
final class TwoLayerMLPKernel: TrainingKernel {
    let dimension: Int
    let width: Int
    let paddedWidth: Int
    let classes: Int
    let capacity: Int
    let loss: Loss
    let update: SGDUpdate
    let initialFirstLayer: Matrix<Float>
    /// W0 in panels (`LTH_MLP_INDEX`), b0 (np), W1 (C x np), b1 (C), and their velocities with momentum.
    let w0: UnsafeMutablePointer<Float>
    let b0: UnsafeMutablePointer<Float>
    let w1: UnsafeMutablePointer<Float>
    let b1: UnsafeMutablePointer<Float>
    let v0: UnsafeMutablePointer<Float>?
    let vb0: UnsafeMutablePointer<Float>?
    let v1: UnsafeMutablePointer<Float>?
    let vb1: UnsafeMutablePointer<Float>?
    let mask0: WeightMask?
    let mask1: WeightMask?
    /// Workspaces: the packed batch (two copies), Z and G0 (panels), U and G1 (rows x C), the
    /// bias gradients.
    let forwardX: UnsafeMutablePointer<Float>
    let updateX: UnsafeMutablePointer<Float>
    let z: UnsafeMutablePointer<Float>
    let g0: UnsafeMutablePointer<Float>
    let u: UnsafeMutablePointer<Float>
    let g1: UnsafeMutablePointer<Float>
    let bias0Gradient: UnsafeMutablePointer<Float>
    let bias1Gradient: UnsafeMutablePointer<Float>

    init(model: MLP, capacity: Int, loss: Loss, update: SGDUpdate, weightMasks masks: [[Bool]]? = nil) {
        precondition(model.layers.count == 2, "TwoLayerMLPKernel needs exactly one hidden layer")
        let (first, second) = (model.layers[0], model.layers[1])
        dimension = first.inputCount
        width = first.outputCount
        paddedWidth = (width + 31) / 32 * 32
        classes = second.outputCount
        self.capacity = capacity
        self.loss = loss
        self.update = update
        initialFirstLayer = model.initialFirstLayerWeights
        let (d, n, np, c) = (dimension, width, paddedWidth, classes)
        func zeros(_ count: Int) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocateCacheAligned(capacity: count)
            p.initialize(repeating: 0, count: max(count, 1))
            return p
        }
        w0 = zeros(np * d)
        b0 = zeros(np)
        w1 = zeros(c * np)
        b1 = zeros(c)
        for j in 0..<n {
            for k in 0..<d { w0[Self.index(k, j, d)] = first.weights.storage[j * d + k] }
            b0[j] = first.bias[j]
        }
        for k in 0..<c {
            for j in 0..<n { w1[k * np + j] = second.weights.storage[k * n + j] }
            b1[k] = second.bias[k]
        }
        let usesMomentum = update.momentum > 0
        v0 = usesMomentum ? zeros(np * d) : nil
        vb0 = usesMomentum ? zeros(np) : nil
        v1 = usesMomentum ? zeros(c * np) : nil
        vb1 = usesMomentum ? zeros(c) : nil
        if let masks {
            precondition(masks.count == 2 && masks[0].count == n * d && masks[1].count == c * n, "one mask per layer, of its shape")
            mask0 = WeightMask(kept: masks[0], count: np * d) { Self.index($0 % d, $0 / d, d) }
            mask1 = WeightMask(kept: masks[1], count: c * np) { ($0 / n) * np + $0 % n }
        } else {
            (mask0, mask1) = (nil, nil)
        }
        forwardX = zeros(capacity * d)
        updateX = zeros(capacity * d)
        z = zeros(capacity * np)
        g0 = zeros(capacity * np)
        u = zeros(capacity * c)
        g1 = zeros(capacity * c)
        bias0Gradient = zeros(np)
        bias1Gradient = zeros(c)
        applyMasks()
    }

    deinit {
        for p in [w0, b0, w1, b1, forwardX, updateX, z, g0, u, g1, bias0Gradient, bias1Gradient] { p.deallocate() }
        for p in [v0, vb0, v1, vb1] { p?.deallocate() }
        mask0?.deallocate()
        mask1?.deallocate()
    }

    /// Where w0_jk is stored (`LTH_MLP_INDEX`).
    @inline(__always)
    static func index(_ k: Int, _ j: Int, _ d: Int) -> Int { (j / 32) * 32 * d + 32 * k + j % 32 }

    /// Multiply-adds a task should at least hold before the loops split the work.
    private static let taskWork = 1 << 17

    /// Pieces per thread of the loops over panels: a helper thread woken late (or slowed by
    /// another process) leaves at most a small piece to run alone at the end of a loop.
    private static let panelPieces = 16

    /// The operands of the kernel calls on `rows` rows of the packed batch.
    private struct Pass {
        var layer: lth_mlp_layer
        let rule: lth_sgd_rule
        let z: UnsafeMutablePointer<Float>
        let u: UnsafeMutablePointer<Float>
        let g1: UnsafePointer<Float>
        let g0: UnsafeMutablePointer<Float>
        let bias0Gradient: UnsafeMutablePointer<Float>
        let w0: UnsafeMutablePointer<Float>
        let v0: UnsafeMutablePointer<Float>?
        let w1: UnsafeMutablePointer<Float>
        let v1: UnsafeMutablePointer<Float>?
    }

    private func pass(rows: Int) -> Pass {
        Pass(layer: lth_mlp_layer(forward_x: forwardX, update_x: updateX, rows: Int64(rows), d: Int64(dimension),
                                  np: Int64(paddedWidth), classes: Int64(classes), w0: w0, b0: b0, w1: w1, b1: b1),
             rule: lth_sgd_rule(eta: update.learningRate, mu: update.momentum, lambda: update.weightDecay),
             z: z, u: u, g1: g1, g0: g0, bias0Gradient: bias0Gradient, w0: w0, v0: v0, w1: w1, v1: v1)
    }


    /// The samples and the destinations of the packing pass.
    private struct Packing {
        let x: UnsafePointer<Float>
        let rows: Int64
        let d: Int64
        let forward: UnsafeMutablePointer<Float>
        let update: UnsafeMutablePointer<Float>
    }

    /// Packs `rows` samples from `x` (the coordinate groups for the update only when `forUpdate`),
    /// then Z and U (steps 1 to 3).
    private func forward(_ x: UnsafePointer<Float>, rows: Int, forUpdate: Bool) -> Pass {
        let packing = Packing(x: x, rows: Int64(rows), d: Int64(dimension), forward: forwardX, update: updateX)
        let group = Int(LTH_MLP_GROUP)
        ParallelLoop.shared.forEachRange(of: (rows + group - 1) / group, minimumLength: max(1, (1 << 14) / max(1, group * dimension)),
                                         alignment: 1, with: packing) { context, start, end in
            let p = context.assumingMemoryBound(to: Packing.self).pointee
            lth_mlp_pack_rows(p.x, p.rows, p.d, Int64(start), Int64(end), p.forward)
        }
        if forUpdate {
            ParallelLoop.shared.forEachRange(of: (dimension + group - 1) / group, minimumLength: max(1, (1 << 14) / max(1, group * rows)),
                                             alignment: 1, with: packing) { context, start, end in
                let p = context.assumingMemoryBound(to: Packing.self).pointee
                lth_mlp_pack_coordinates(p.x, p.rows, p.d, Int64(start), Int64(end), p.update)
            }
        }
        let batch = pass(rows: rows)
        ParallelLoop.shared.forEachRange(of: paddedWidth / 32, minimumLength: max(1, Self.taskWork / max(1, 32 * rows * dimension)),
                                         alignment: 1, piecesPerThread: Self.panelPieces, with: batch) { context, start, end in
            let p = context.assumingMemoryBound(to: Pass.self)
            withUnsafePointer(to: p.pointee.layer) { lth_mlp_forward($0, Int64(start), Int64(end), p.pointee.z) }
        }
        ParallelLoop.shared.forEachRange(of: rows, minimumLength: max(2, Self.taskWork / max(1, paddedWidth * classes)),
                                         alignment: 2, with: batch) { context, start, end in
            let p = context.assumingMemoryBound(to: Pass.self)
            withUnsafePointer(to: p.pointee.layer) { lth_mlp_output($0, p.pointee.z, Int64(start), Int64(end), p.pointee.u) }
        }
        return batch
    }

    private func applyMasks() {
        mask0?.apply(to: w0, velocity: v0)
        mask1?.apply(to: w1, velocity: v1)
    }

    func step(x: UnsafePointer<Float>, targets: UnsafePointer<Float>, labels: UnsafePointer<Int32>, rows: Int) -> Double {
        let batch = forward(x, rows: rows, forUpdate: true)
        let scale: Float = loss.reduction == .mean ? 1 / Float(rows) : 1
        let value = loss.outputLoss(u, targets: targets, labels: labels, rows: rows, classes: classes, gradient: g1, scale: scale)
        DenseKernels.columnSums(g1, rows: rows, n: classes, columns: 0..<classes, into: bias1Gradient)
        ParallelLoop.shared.forEachRange(of: paddedWidth / 32, minimumLength: max(1, Self.taskWork / max(1, 64 * rows * classes)),
                                         alignment: 1, piecesPerThread: Self.panelPieces, with: batch) { context, start, end in
            let p = context.assumingMemoryBound(to: Pass.self).pointee
            withUnsafePointer(to: p.layer) {
                lth_mlp_backward($0, p.z, p.g1, p.rule, Int64(start), Int64(end), p.g0, p.bias0Gradient, p.w1, p.v1)
            }
        }
        update.applyBias(b0, velocity: vb0, out: paddedWidth, columnSums: bias0Gradient)
        update.applyBias(b1, velocity: vb1, out: classes, columnSums: bias1Gradient)
        ParallelLoop.shared.forEachRange(of: paddedWidth / 32, minimumLength: max(1, Self.taskWork / max(1, 32 * rows * dimension)),
                                         alignment: 1, piecesPerThread: Self.panelPieces, with: batch) { context, start, end in
            let p = context.assumingMemoryBound(to: Pass.self).pointee
            withUnsafePointer(to: p.layer) { lth_mlp_update($0, p.g0, p.rule, Int64(start), Int64(end), p.w0, p.v0) }
        }
        applyMasks()
        return value
    }

    func evaluate(x: UnsafePointer<Float>, targets: UnsafePointer<Float>, labels: UnsafePointer<Int32>, rows: Int) -> (loss: Double, correct: Int) {
        var total = 0.0
        var correct = 0
        var start = 0
        while start < rows {
            let count = min(capacity, rows - start)
            _ = forward(x + start * dimension, rows: count, forUpdate: false)
            total += loss.outputLoss(u, targets: targets + start * classes, labels: labels + start, rows: count, classes: classes,
                                     gradient: nil, scale: 1)
            for i in 0..<count where isCorrect(outputs: u + i * classes, classes: classes,
                                               target: classes == 1 ? targets[start + i] : 0, label: labels[start + i]) {
                correct += 1
            }
            start += count
        }
        return (total, correct)
    }

    func snapshot() -> Network {
        let (d, n, np, c) = (dimension, width, paddedWidth, classes)
        var first = [Float](repeating: 0, count: n * d)
        for j in 0..<n { for k in 0..<d { first[j * d + k] = w0[Self.index(k, j, d)] } }
        var second = [Float](repeating: 0, count: c * n)
        for k in 0..<c { for j in 0..<n { second[k * n + j] = w1[k * np + j] } }
        let layers = [
            DenseLayer(weights: Matrix(rows: n, columns: d, storage: first), bias: Array(UnsafeBufferPointer(start: b0, count: n))),
            DenseLayer(weights: Matrix(rows: c, columns: n, storage: second), bias: Array(UnsafeBufferPointer(start: b1, count: c))),
        ]
        return .mlp(MLP(layers: layers, initialFirstLayerWeights: initialFirstLayer))
    }

    func velocities() -> [[Float]]? {
        guard let v0, let vb0, let v1, let vb1 else { return nil }
        let (d, n, np, c) = (dimension, width, paddedWidth, classes)
        var first = [Float](repeating: 0, count: n * d)
        for j in 0..<n { for k in 0..<d { first[j * d + k] = v0[Self.index(k, j, d)] } }
        var second = [Float](repeating: 0, count: c * n)
        for k in 0..<c { for j in 0..<n { second[k * n + j] = v1[k * np + j] } }
        return [first, Array(UnsafeBufferPointer(start: vb0, count: n)), second, Array(UnsafeBufferPointer(start: vb1, count: c))]
    }

    func restoreVelocities(_ values: [[Float]]) {
        guard let v0, let vb0, let v1, let vb1 else { return }
        let (d, n, np, c) = (dimension, width, paddedWidth, classes)
        for j in 0..<n {
            for k in 0..<d { v0[Self.index(k, j, d)] = values[0][j * d + k] }
            vb0[j] = values[1][j]
        }
        for k in 0..<c {
            for j in 0..<n { v1[k * np + j] = values[2][k * n + j] }
            vb1[k] = values[3][k]
        }
    }
}
