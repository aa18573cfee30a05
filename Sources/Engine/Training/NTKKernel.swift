import COpenBLAS
import LinearAlgebra

/// The training inner loop of `TwoLayerNTK` (squared loss, C = 1).
///
/// One step on a batch of B rows:
/// 1. Z = X_B W^T (B x N) by sgemm;
/// 2. one fused pass per row i, while the row is in cache: u_i = N^(-1/2) sum_r a_r relu(z_ir)
///    (float64, r in order, `DenseKernels.signedReLUSum`), e_i = u_i - y_i, then the row is
///    overwritten by the output gradients G_ir = 1{z_ir >= 0} a_r e_i N^(-1/2) (/B for the mean loss);
/// 3. W <- W - eta G^T X_B (+ weight decay, momentum) by `SGDUpdate` (one sgemm).
/// The loss is 1/2 sum_i e_i^2, added in row order after the pass. The forward pass of
/// `evaluate` uses the same products and the same row reduction, so on the full training set it
/// returns bit for bit the loss the full-batch step computes.
///
/// Small layers (`pieceRows` > 0: d <= 16 and at least 16 rows of Z per 2^18 multiply-adds):
/// steps 1 and 2 run together in pieces of `pieceRows` rows, each piece's product Z_P = X_P W^T
/// (one sgemm of at most 2^18 multiply-adds on a copy of W^T taken at the start of the step,
/// which OpenBLAS runs on the calling thread, with its direct AVX-512 kernel where available)
/// followed at once by the row pass on that piece while it is in cache, the pieces spread over
/// `ParallelLoop.shared`. Each element of Z is the same float32 sum of d products either way
/// (checked bit for bit against one sgemm for d <= 17 on the SkylakeX kernels), so the pieces
/// change the speed only. Larger layers use one `ThreadInvariantGEMM` product, then the row pass
/// on `ParallelLoop.shared` over blocks of rows.
///
/// Large batches (`ThreadInvariantGEMM.isFormedInBlocks` for the update, B > Q): the step runs
/// tile by tile over the k-blocks of the update's product (B rows cut as OpenBLAS cuts them,
/// Q = 448 rows and halves), each tile's Z, row pass and contribution to G^T X in turn, so the
/// tile (at most 448 x N floats, 7 MiB at N = 4096) stays in the last-level cache between the
/// three instead of the whole Z (32 MiB at B = 2000) going to memory and back three times. The
/// forward products use W as it was before the step (a copy when the update changes W in
/// place), and the update adds the tiles' products in the order and with the betas one sgemm
/// would use, so the result is bit for bit that of the untiled step.
///
/// Threads: every sum above is formed inside one task in a fixed order, or afterwards on one
/// thread, and every product is thread-invariant (`ThreadInvariantGEMM`, or a single-threaded
/// piece), so a step gives the same bits on any thread count.
final class NTKKernel: TrainingKernel {
    let width: Int
    let dimension: Int
    let capacity: Int
    let reduction: LossReduction
    let update: SGDUpdate
    let kappa: Double
    let initialWeights: Matrix<Float>
    /// W, N x d row-major (row r is w_r).
    let weights: UnsafeMutablePointer<Float>
    /// A copy of W taken before the forward pass: W^T (d x N) for the fused pieces, W (N x d)
    /// for the tiles when the update changes W in place.
    let weightsCopy: UnsafeMutablePointer<Float>
    let signs: UnsafeMutablePointer<Float>
    let z: UnsafeMutablePointer<Float>
    let velocity: UnsafeMutablePointer<Float>?
    /// Per row of the current batch: e_i = u_i - y_i in `step`, u_i in `evaluate` (float64).
    let errors: UnsafeMutablePointer<Double>
    /// Rows per fused piece of steps 1-2 (0: one product for the whole batch), see the type's documentation.
    let pieceRows: Int

    init(model: TwoLayerNTK, capacity: Int, reduction: LossReduction, update: SGDUpdate) {
        let (n, d) = (model.width, model.dimension)
        width = n
        dimension = d
        self.capacity = capacity
        self.reduction = reduction
        self.update = update
        kappa = model.kappa
        initialWeights = model.initialWeights
        weights = .allocate(capacity: max(1, n * d))
        weights.initialize(from: model.weights.storage, count: n * d)
        weightsCopy = .allocate(capacity: max(1, n * d))
        weightsCopy.initialize(repeating: 0, count: max(1, n * d))
        signs = .allocate(capacity: max(1, n))
        signs.initialize(from: model.outputSigns, count: n)
        z = .allocate(capacity: max(1, capacity * n))
        z.initialize(repeating: 0, count: max(1, capacity * n))
        errors = .allocate(capacity: max(capacity, 1))
        errors.initialize(repeating: 0, count: max(capacity, 1))
        if update.momentum > 0 {
            velocity = .allocate(capacity: max(1, n * d))
            velocity!.initialize(repeating: 0, count: max(1, n * d))
        } else {
            velocity = nil
        }
        pieceRows = Self.pieceRows(width: n, dimension: d)
    }

    /// Rows of Z per fused piece for a layer of this size, 0 when the layer is too large: d <= 16
    /// and 2^18 / (N d) >= 16 (a piece is at most 2^18 multiply-adds, one thread in OpenBLAS).
    static func pieceRows(width n: Int, dimension d: Int) -> Int {
        guard d >= 1, d <= 16, n >= 1 else { return 0 }
        let rows = 262_144 / (n * d)
        return rows >= 16 ? rows : 0
    }

    deinit {
        weights.deallocate()
        weightsCopy.deallocate()
        signs.deallocate()
        z.deallocate()
        errors.deallocate()
        velocity?.deallocate()
    }

    /// Rows `rows` of Z = X W^T for the batch starting at `x`, as one sgemm call on the calling thread.
    @inline(__always)
    private func piecePreActivations(_ x: UnsafePointer<Float>, rows: Range<Int>) {
        let (n, d) = (width, dimension)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows.count), Int32(n), Int32(d), 1,
                    x + rows.lowerBound * d, Int32(d), weightsCopy, Int32(n), 0, z + rows.lowerBound * n, Int32(n))
    }

    /// The row pass of one call: in `step` (targets given) e_i into `errors` and row i of Z
    /// overwritten by G_i; in `evaluate` (no targets) u_i into `errors`. Rows are indexed from
    /// the batch's first row; `x` is the batch (for the fused pieces).
    private struct RowPass {
        unowned(unsafe) let kernel: NTKKernel
        let x: UnsafePointer<Float>
        let rows: Int
        let targets: UnsafePointer<Float>?
        let scale: Double
        let gradientScale: Double
        /// First row of the loop's range 0..<count (the tile's first row in `tiledStep`).
        var offset = 0
    }

    /// Step 2 (or the output pass of `evaluate`) on rows `block`, see `RowPass`.
    @inline(__always)
    private func rowPass(_ pass: RowPass, _ block: Range<Int>) {
        let n = width
        let (z, signs, errors, s) = (z, UnsafePointer(signs), errors, pass.scale)
        guard let targets = pass.targets else {
            for i in block { errors[i] = s * DenseKernels.signedReLUSum(UnsafePointer(z + i * n), signs, n) }
            return
        }
        for i in block {
            let row = z + i * n
            let e = s * DenseKernels.signedReLUSum(UnsafePointer(row), signs, n) - Double(targets[i])
            errors[i] = e
            DenseKernels.maskedSigns(row, signs, Float(e * pass.gradientScale), n)
        }
    }

    /// Steps 1-2 on the batch of `pass`: Z, then the row pass on disjoint blocks of rows (in parallel).
    @inline(__always)
    private func forward(_ pass: RowPass) {
        let (n, d) = (width, dimension)
        if pieceRows > 0 {
            for r in 0..<n {
                for j in 0..<d { weightsCopy[j * n + r] = weights[r * d + j] }
            }
            ParallelLoop.shared.run(count: (pass.rows + pieceRows - 1) / pieceRows, with: pass) { pass, piece in
                let p = pass.assumingMemoryBound(to: RowPass.self).pointee
                let length = p.kernel.pieceRows
                let block = (piece * length)..<min(p.rows, (piece + 1) * length)
                p.kernel.piecePreActivations(p.x, rows: block)
                p.kernel.rowPass(p, block)
            }
        } else {
            ThreadInvariantGEMM.sgemm(transA: false, transB: true, m: pass.rows, n: n, k: d, alpha: 1, a: pass.x, lda: d,
                                      b: weights, ldb: d, beta: 0, c: z, ldc: n)
            ParallelLoop.shared.forEachRange(of: pass.rows, minimumLength: max(1, SGDUpdate.passLength / n), alignment: 1, with: pass) { pass, start, end in
                let p = pass.assumingMemoryBound(to: RowPass.self).pointee
                p.kernel.rowPass(p, start..<end)
            }
        }
    }

    func step(x: UnsafePointer<Float>, targets: UnsafePointer<Float>, labels: UnsafePointer<Int32>, rows: Int) -> Double {
        let (n, d) = (width, dimension)
        let s = 1 / Double(n).squareRoot()
        let pass = RowPass(kernel: self, x: x, rows: rows, targets: targets, scale: s,
                           gradientScale: reduction == .mean ? s / Double(rows) : s)
        if pieceRows == 0 && ThreadInvariantGEMM.isFormedInBlocks(m: n, n: d, k: rows) {
            tiledStep(pass)
        } else {
            forward(pass)
            update.applyWeights(weights, velocity: velocity, out: n, in: d, g: z, h: x, rows: rows)
        }
        var squares = 0.0
        for i in 0..<rows { squares += errors[i] * errors[i] }
        return 0.5 * squares
    }

    /// Steps 1-3 tile by tile over the k-blocks of the update (see the type's documentation).
    private func tiledStep(_ batch: RowPass) {
        let (n, d, x, rows) = (width, dimension, batch.x, batch.rows)
        let product = update.beginWeights(weights, velocity: velocity, count: n * d)
        var forwardWeights = UnsafePointer(weights)
        if product.target == weights {
            weightsCopy.update(from: weights, count: n * d)
            forwardWeights = UnsafePointer(weightsCopy)
        }
        var tile = batch
        while tile.offset < rows {
            let start = tile.offset
            let length = ThreadInvariantGEMM.blockLength(start: start, k: rows)
            ThreadInvariantGEMM.sgemm(transA: false, transB: true, m: length, n: n, k: d, alpha: 1, a: x + start * d, lda: d,
                                      b: forwardWeights, ldb: d, beta: 0, c: z + start * n, ldc: n)
            ParallelLoop.shared.forEachRange(of: length, minimumLength: max(1, SGDUpdate.passLength / n), alignment: 1, with: tile) { pass, start, end in
                let p = pass.assumingMemoryBound(to: RowPass.self).pointee
                p.kernel.rowPass(p, (p.offset + start)..<(p.offset + end))
            }
            ThreadInvariantGEMM.sgemm(transA: true, transB: false, m: n, n: d, k: length, alpha: product.alpha, a: z + start * n, lda: n,
                                      b: x + start * d, ldb: d, beta: start == 0 ? product.beta : 1, c: product.target, ldc: d)
            tile.offset += length
        }
        update.finishWeights(weights, velocity: velocity, count: n * d)
    }

    func evaluate(x: UnsafePointer<Float>, targets: UnsafePointer<Float>, labels: UnsafePointer<Int32>, rows: Int) -> (loss: Double, correct: Int) {
        let n = width
        let s = 1 / Double(n).squareRoot()
        var squares = 0.0
        var correct = 0
        var start = 0
        let outputs = errors
        while start < rows {
            let count = min(capacity, rows - start)
            forward(RowPass(kernel: self, x: x + start * dimension, rows: count, targets: nil, scale: s, gradientScale: 0))
            for i in 0..<count {
                var u = Float(0)
                let value = outputs[i]
                let e = value - Double(targets[start + i])
                squares += e * e
                u = Float(value)
                if isCorrect(outputs: &u, classes: 1, target: targets[start + i], label: labels[start + i]) { correct += 1 }
            }
            start += count
        }
        return (0.5 * squares, correct)
    }

    func snapshot() -> Network {
        .ntk(TwoLayerNTK(weights: Matrix(rows: width, columns: dimension,
                                         storage: Array(UnsafeBufferPointer(start: weights, count: width * dimension))),
                         outputSigns: Array(UnsafeBufferPointer(start: signs, count: width)),
                         initialWeights: initialWeights, kappa: kappa))
    }
}
