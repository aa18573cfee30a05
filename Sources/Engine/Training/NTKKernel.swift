import CKernels
import LinearAlgebra

/// The training inner loop of `TwoLayerNTK` (squared loss, C = 1), on the fused kernels of
/// `CKernels/include/ntk_step.h`, which never form the B x N pre-activations Z = X_B W^T:
///
/// 1. forward (`lth_ntk_forward`, the batch's rows split over `ParallelLoop.shared`): for each row
///    i, z_ir = w_r . x_i (float32 fused multiply-adds in the order k = 1..d, the bits of an sgemm
///    within one k-block), S_i = sum_r a_r relu(z_ir) summed as `DenseKernels.signedReLUSum`
///    does (so u_i = N^(-1/2) S_i has the bits of `TwoLayerNTK.outputs` wherever Z has sgemm's
///    bits), and the activation pattern 1{z_ir >= 0} as one bit per neuron;
/// 2. on the calling thread, in row order: e_i = N^(-1/2) S_i - y_i, the loss 1/2 sum_i e_i^2
///    (float64), and c_i = e_i N^(-1/2) (divided by B for the mean loss), rounded to float32;
/// 3. gradient (`lth_ntk_gradient`, the 32-neuron tiles split over `ParallelLoop.shared`):
///    dl/dw_rk = sum_i 1{z_ir >= 0} a_r c_i x_ik, float32 fused multiply-adds in the order
///    i = 1..B;
/// 4. the SGD rule on every weight (`SGDUpdate.applyGradient`: weight decay, momentum).
/// `evaluate` runs step 1 without the bits, so on the full training set it returns bit for bit
/// the loss the full-batch step computes.
///
/// Storage: W^T in blocks of 128 neurons (each block's d x 128 weights contiguous, neurons
/// contiguous within a coordinate; N' = N rounded up to a multiple of 128, the padding neurons
/// with w = 0 and a = 0 add exact zeros and stay 0), its gradient and velocity in the same layout, the activation bits (N'/32 words per row, B N'/8 bytes instead of Z's 4 B N),
/// and per-row buffers; nothing is allocated in the step.
///
/// Kernel builds: AVX-512, AVX2 or generic C by `lth_isa_active()`, the same bits in all three
/// (`CKernels/include/kernel_isa.h`).
///
/// Threads: every output element is formed by one kernel call in a fixed order and the loss on
/// one thread in row order, so a step gives the same bits on any thread count.
final class NTKKernel: TrainingKernel {
    let width: Int
    let dimension: Int
    /// N' = N rounded up to a multiple of 128.
    let paddedWidth: Int
    let capacity: Int
    let reduction: LossReduction
    let update: SGDUpdate
    let kappa: Double
    let initialWeights: Matrix<Float>
    /// W^T in blocks of 128 neurons: coordinate k of neuron r at `index(k, r, d)`.
    let weights: UnsafeMutablePointer<Float>
    /// dl/dW^T of the last step, in the layout of `weights`.
    let gradient: UnsafeMutablePointer<Float>
    let velocity: UnsafeMutablePointer<Float>?
    /// a_r, N' entries (0 on the padding).
    let signs: UnsafeMutablePointer<Float>
    /// Activation bits of the batch, N'/32 words per row (tile-major, see ntk_step.h).
    let activity: UnsafeMutablePointer<UInt32>
    /// S_i of the current batch (float64).
    let sums: UnsafeMutablePointer<Double>
    /// c_i of the current batch (float32).
    let factors: UnsafeMutablePointer<Float>

    init(model: TwoLayerNTK, capacity: Int, reduction: LossReduction, update: SGDUpdate) {
        let (n, d) = (model.width, model.dimension)
        let np = (n + 127) / 128 * 128
        width = n
        dimension = d
        paddedWidth = np
        self.capacity = capacity
        self.reduction = reduction
        self.update = update
        kappa = model.kappa
        initialWeights = model.initialWeights
        let transposed = UnsafeMutablePointer<Float>.allocateCacheAligned(capacity: d * np)
        transposed.initialize(repeating: 0, count: d * np)
        model.weights.storage.withUnsafeBufferPointer { w in
            for r in 0..<n {
                for k in 0..<d { transposed[Self.index(k, r, d)] = w[r * d + k] }
            }
        }
        weights = transposed
        gradient = .allocateCacheAligned(capacity: d * np)
        gradient.initialize(repeating: 0, count: d * np)
        if update.momentum > 0 {
            velocity = .allocateCacheAligned(capacity: d * np)
            velocity!.initialize(repeating: 0, count: d * np)
        } else {
            velocity = nil
        }
        signs = .allocateCacheAligned(capacity: np)
        signs.initialize(repeating: 0, count: np)
        for r in 0..<n { signs[r] = model.outputSigns[r] }
        activity = .allocate(capacity: max(1, capacity) * np / 32)
        activity.initialize(repeating: 0, count: max(1, capacity) * np / 32)
        sums = .allocate(capacity: max(1, capacity))
        sums.initialize(repeating: 0, count: max(1, capacity))
        factors = .allocate(capacity: max(1, capacity))
        factors.initialize(repeating: 0, count: max(1, capacity))
    }

    /// Where coordinate k of neuron r is stored (`LTH_NTK_INDEX` of ntk_step.h).
    @inline(__always)
    static func index(_ k: Int, _ r: Int, _ d: Int) -> Int { (r / 128) * 128 * d + 128 * k + r % 128 }

    deinit {
        weights.deallocate()
        gradient.deallocate()
        velocity?.deallocate()
        signs.deallocate()
        activity.deallocate()
        sums.deallocate()
        factors.deallocate()
    }

    /// The operands of one kernel call on a batch of `rows` rows starting at `x`.
    private struct Pass {
        var layer: lth_ntk_layer
        let sums: UnsafeMutablePointer<Double>
        let activity: UnsafeMutablePointer<UInt32>?
        let factors: UnsafePointer<Float>
        let gradient: UnsafeMutablePointer<Float>
    }

    private func pass(x: UnsafePointer<Float>, rows: Int, withActivity: Bool) -> Pass {
        Pass(layer: lth_ntk_layer(x: x, rows: Int64(rows), d: Int64(dimension), wt: weights, a: signs,
                                  n: Int64(width), np: Int64(paddedWidth)),
             sums: sums, activity: withActivity ? activity : nil, factors: factors, gradient: gradient)
    }

    /// Multiply-adds a task should at least hold before the loops split the work.
    private static let taskWork = 1 << 17

    /// Pieces per thread of the two loops: a helper thread woken late (or slowed by another
    /// process) leaves at most a small piece to run alone at the end of a loop.
    private static let pieces = 16

    /// Step 1 on the rows of `pass`, split over `ParallelLoop.shared` in ranges of rows.
    private func forward(_ pass: Pass) {
        let perRow = max(1, paddedWidth * dimension)
        ParallelLoop.shared.forEachRange(of: Int(pass.layer.rows), minimumLength: max(8, Self.taskWork / perRow), alignment: 8,
                                         piecesPerThread: Self.pieces,
                                         with: pass) { context, start, end in
            let p = context.assumingMemoryBound(to: Pass.self)
            withUnsafePointer(to: p.pointee.layer) { layer in
                lth_ntk_forward(layer, Int64(start), Int64(end), p.pointee.sums, p.pointee.activity)
            }
        }
    }

    func step(x: UnsafePointer<Float>, targets: UnsafePointer<Float>, labels: UnsafePointer<Int32>, rows: Int) -> Double {
        let batch = pass(x: x, rows: rows, withActivity: true)
        forward(batch)
        let s = 1 / Double(width).squareRoot()
        let gradientScale = reduction == .mean ? s / Double(rows) : s
        var squares = 0.0
        for i in 0..<rows {
            let e = s * sums[i] - Double(targets[i])
            squares += e * e
            factors[i] = Float(e * gradientScale)
        }
        let perTile = max(1, 32 * rows * dimension)
        ParallelLoop.shared.forEachRange(of: paddedWidth / 32, minimumLength: max(1, Self.taskWork / perTile), alignment: 1,
                                         piecesPerThread: Self.pieces,
                                         with: batch) { context, start, end in
            let p = context.assumingMemoryBound(to: Pass.self)
            withUnsafePointer(to: p.pointee.layer) { layer in
                lth_ntk_gradient(layer, p.pointee.factors, p.pointee.activity, Int64(start), Int64(end), p.pointee.gradient)
            }
        }
        update.applyGradient(weights, velocity: velocity, gradient: gradient, count: dimension * paddedWidth)
        return 0.5 * squares
    }

    func evaluate(x: UnsafePointer<Float>, targets: UnsafePointer<Float>, labels: UnsafePointer<Int32>, rows: Int) -> (loss: Double, correct: Int) {
        let s = 1 / Double(width).squareRoot()
        var squares = 0.0
        var correct = 0
        var start = 0
        while start < rows {
            let count = min(max(1, capacity), rows - start)
            forward(pass(x: x + start * dimension, rows: count, withActivity: false))
            for i in 0..<count {
                let value = s * sums[i]
                let e = value - Double(targets[start + i])
                squares += e * e
                var u = Float(value)
                if isCorrect(outputs: &u, classes: 1, target: targets[start + i], label: labels[start + i]) { correct += 1 }
            }
            start += count
        }
        return (0.5 * squares, correct)
    }

    func snapshot() -> Network {
        let (n, d) = (width, dimension)
        var w = [Float](repeating: 0, count: n * d)
        for r in 0..<n {
            for k in 0..<d { w[r * d + k] = weights[Self.index(k, r, d)] }
        }
        return .ntk(TwoLayerNTK(weights: Matrix(rows: n, columns: d, storage: w),
                                outputSigns: Array(UnsafeBufferPointer(start: signs, count: n)),
                                initialWeights: initialWeights, kappa: kappa))
    }

    func velocities() -> [[Float]]? {
        guard let velocity else { return nil }
        let (n, d) = (width, dimension)
        var v = [Float](repeating: 0, count: n * d)
        for r in 0..<n {
            for k in 0..<d { v[r * d + k] = velocity[Self.index(k, r, d)] }
        }
        return [v]
    }

    func restoreVelocities(_ values: [[Float]]) {
        guard let velocity else { return }
        let (n, d) = (width, dimension)
        for r in 0..<n {
            for k in 0..<d { velocity[Self.index(k, r, d)] = values[0][r * d + k] }
        }
    }
}
