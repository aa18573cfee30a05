import COpenBLAS
import LinearAlgebra

/// The training inner loop of `TwoLayerNTK` (squared loss, C = 1).
///
/// One step on a batch of B rows:
/// 1. Z = X_B W^T (B x N) by one sgemm;
/// 2. one fused pass per row i, while the row is in cache: u_i = N^(-1/2) sum_r a_r relu(z_ir)
///    (float64, r in order), e_i = u_i - y_i, then the row is overwritten by the output
///    gradients G_ir = 1{z_ir >= 0} a_r e_i N^(-1/2) (/B for the mean loss);
/// 3. W <- W - eta G^T X_B (+ weight decay, momentum) by `SGDUpdate` (one sgemm).
/// The forward pass of `evaluate` uses the same sgemm shapes and the same row reduction, so
/// on the full training set it returns bit for bit the loss the full-batch step computes.
final class NTKKernel: TrainingKernel {
    let width: Int
    let dimension: Int
    let capacity: Int
    let reduction: LossReduction
    let update: SGDUpdate
    let kappa: Double
    let initialWeights: Matrix<Float>
    let weights: UnsafeMutablePointer<Float>
    let signs: UnsafeMutablePointer<Float>
    let z: UnsafeMutablePointer<Float>
    let velocity: UnsafeMutablePointer<Float>?

    init(model: TwoLayerNTK, capacity: Int, reduction: LossReduction, update: SGDUpdate) {
        width = model.width
        dimension = model.dimension
        self.capacity = capacity
        self.reduction = reduction
        self.update = update
        kappa = model.kappa
        initialWeights = model.initialWeights
        weights = .allocate(capacity: width * dimension)
        weights.initialize(from: model.weights.storage, count: width * dimension)
        signs = .allocate(capacity: width)
        signs.initialize(from: model.outputSigns, count: width)
        z = .allocate(capacity: capacity * width)
        z.initialize(repeating: 0, count: capacity * width)
        if update.momentum > 0 {
            velocity = .allocate(capacity: width * dimension)
            velocity!.initialize(repeating: 0, count: width * dimension)
        } else {
            velocity = nil
        }
    }

    deinit {
        weights.deallocate()
        signs.deallocate()
        z.deallocate()
        velocity?.deallocate()
    }

    @inline(__always)
    private func preActivations(_ x: UnsafePointer<Float>, rows: Int) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(width), Int32(dimension),
                    1, x, Int32(dimension), weights, Int32(dimension), 0, z, Int32(width))
    }

    func step(x: UnsafePointer<Float>, targets: UnsafePointer<Float>, labels: UnsafePointer<Int32>, rows: Int) -> Double {
        preActivations(x, rows: rows)
        let n = width
        let s = 1 / Double(n).squareRoot()
        let gradientScale = reduction == .mean ? s / Double(rows) : s
        var squares = 0.0
        for i in 0..<rows {
            let row = z + i * n
            let e = s * DenseKernels.signedReLUSum(UnsafePointer(row), signs, n) - Double(targets[i])
            squares += e * e
            DenseKernels.maskedSigns(row, signs, Float(e * gradientScale), n)
        }
        update.applyWeights(weights, velocity: velocity, out: n, in: dimension, g: z, h: x, rows: rows)
        return 0.5 * squares
    }

    func evaluate(x: UnsafePointer<Float>, targets: UnsafePointer<Float>, labels: UnsafePointer<Int32>, rows: Int) -> (loss: Double, correct: Int) {
        let n = width
        let s = 1 / Double(n).squareRoot()
        var squares = 0.0
        var correct = 0
        var start = 0
        while start < rows {
            let count = min(capacity, rows - start)
            preActivations(x + start * dimension, rows: count)
            for i in 0..<count {
                var u = Float(0)
                let value = s * DenseKernels.signedReLUSum(UnsafePointer(z + i * n), signs, n)
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
