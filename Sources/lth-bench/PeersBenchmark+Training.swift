import COpenBLAS
import Engine
import Foundation
import LinearAlgebra

extension PeersBenchmark {
    /// The training workloads of `make bench-peers`, float32, OpenBLAS on 2 threads.
    ///
    /// Shapes (random unit-norm inputs and labels from `TrainingBenchmark.randomData`):
    /// - `mlp`: the standard two-layer MLP (PyTorch's default init), N = 4096, d = 784, C = 10,
    ///   m = 2048 samples, minibatch SGD with B = 256, softmax cross-entropy (mean), lr 0.01;
    ///   FLOP per step 4 B N d + 6 B N C;
    /// - `ntk`: the NTK network of THEORY.md section 1, u = N^(-1/2) sum_r a_r relu(w_r . x)
    ///   (a_r = +-1 fixed, only W trained, kappa = 1), m = 2000, d = 64, N = 4096, full-batch GD on
    ///   the sum loss 1/2 ||u - y||^2 with y = +-1, lr 0.05; FLOP per step 4 m N d;
    /// - `ntk-small`: the same network with m = 400, d = 16, N = 512.
    ///
    /// Files written to `DIR/<workload>/` for the PyTorch side: `x.npy` (m x d), `y.npy` (m, +-1)
    /// or `labels.npy` (m, int64), the initial parameters (`W.npy`, `a.npy` for the NTK network;
    /// `W1.npy`, `b1.npy`, `W2.npy`, `b2.npy` in `nn.Linear` layout for the MLP), for the MLP the
    /// Trainer's batch order `batches.npy` (T x B, int64: the per-epoch Fisher-Yates permutation of
    /// `Trainer`, generator `SeededGenerator(seed: derivedSeed(seed, stream: 1))`, cut into
    /// batches in order), and `config.json`.
    ///
    /// One repetition: a 5-iteration warm-up run (not timed), then one run of T iterations timed
    /// end to end (Trainer set-up, initialization, the T steps, and the Trainer's checkpoint
    /// measurements at 0 and T); the per-step times are the T - 1 intervals between consecutive
    /// step callbacks (each holds exactly one iteration). `gemm_s` is the median time of the
    /// step's sgemm calls alone at the same shapes (the part of a step a BLAS bounds; for the NTK,
    /// whose step runs on fused kernels without sgemm, the unfused formulation's floor).
    enum Training {
        struct Shape {
            var name: String
            var model: ModelKind
            var samples: Int
            var dimension: Int
            var width: Int
            var classes: Int
            var batch: Int?
            var learningRate: Double
            var loss: Loss
            var seed: UInt64

            var rowsPerStep: Int { batch ?? samples }
            var outputs: Int { model == .mlp ? classes : 1 }
            var flopsPerStep: Double {
                let b = Double(rowsPerStep), n = Double(width), d = Double(dimension), c = Double(outputs)
                return model == .mlp ? 4 * b * n * d + 6 * b * n * c : 4 * b * n * d
            }
        }

        static func shape(_ name: String) -> Shape {
            switch name {
            case "mlp":
                return Shape(name: name, model: .mlp, samples: 2048, dimension: 784, width: 4096, classes: 10, batch: 256,
                             learningRate: 0.01, loss: Loss(kind: .crossEntropy, reduction: .mean), seed: 1)
            case "ntk":
                return Shape(name: name, model: .ntk, samples: 2000, dimension: 64, width: 4096, classes: 2, batch: nil,
                             learningRate: 0.05, loss: Loss(kind: .squared, reduction: .sum), seed: 2)
            default:
                return Shape(name: name, model: .ntk, samples: 400, dimension: 16, width: 512, classes: 2, batch: nil,
                             learningRate: 0.05, loss: Loss(kind: .squared, reduction: .sum), seed: 3)
            }
        }

        static let warmupSteps = 5

        static func configuration(_ shape: Shape, steps: Int) -> TrainingConfiguration {
            TrainingConfiguration(model: shape.model, hiddenWidths: [shape.width], length: .iterations(steps),
                                  learningRate: shape.learningRate, batchSize: shape.batch, loss: shape.loss, seed: shape.seed)
        }

        static func run(_ shape: Shape, options: Options) throws {
            let data = TrainingBenchmark.randomData(m: shape.samples, d: shape.dimension, classes: shape.classes, seed: shape.seed)
            let folder = try PeersBenchmark.folder(options)
            try export(shape, data: data, steps: options.steps, to: folder)
            let gemm = gemmSeconds(shape)
            let clock = ContinuousClock()
            for rep in 0..<options.reps {
                _ = try Trainer(configuration: configuration(shape, steps: warmupSteps), trainingSet: data).train()
                var stamps: [ContinuousClock.Instant] = []
                var losses: [Double] = []
                stamps.reserveCapacity(options.steps)
                losses.reserveCapacity(options.steps)
                var finalLoss = Double.nan
                let start = clock.now
                try Trainer(configuration: configuration(shape, steps: options.steps), trainingSet: data).run(
                    onStep: { record in stamps.append(clock.now); losses.append(record.loss) },
                    onCheckpoint: { checkpoint in if checkpoint.step == options.steps { finalLoss = checkpoint.measurements.trainLoss } })
                let total = seconds(clock.now - start)
                let intervals = zip(stamps, stamps.dropFirst()).map { seconds($1 - $0) }
                emit(["workload": shape.name, "rep": rep, "steps": options.steps, "e2e_s": total,
                      "step_median_s": median(intervals), "step_best_s": intervals.min() ?? .nan,
                      "gemm_s": gemm, "flops_per_step": shape.flopsPerStep,
                      "final_loss": finalLoss, "loss_first": Array(losses.prefix(5)), "loss_last": losses.last ?? .nan,
                      "loss": "\(shape.loss.kind.rawValue) (\(shape.loss.reduction.rawValue))",
                      "blas_threads": BLASRuntime.threadCount])
            }
        }

        /// Writes the inputs, the initial parameters, the batch order and `config.json`.
        static func export(_ shape: Shape, data: Dataset, steps: Int, to folder: URL) throws {
            let m = shape.samples, d = shape.dimension
            try NPYFile.write(data.x.storage, shape: [m, d], to: folder.appendingPathComponent("x.npy"))
            let trainer = Trainer(configuration: configuration(shape, steps: steps), trainingSet: data)
            switch trainer.initialNetwork() {
            case .ntk(let network):
                try NPYFile.write(data.targets.storage, shape: [m], to: folder.appendingPathComponent("y.npy"))
                try NPYFile.write(network.weights.storage, shape: [network.width, d], to: folder.appendingPathComponent("W.npy"))
                try NPYFile.write(network.outputSigns, shape: [network.width], to: folder.appendingPathComponent("a.npy"))
            case .mlp(let network):
                let labels = (data.classLabels ?? []).map { Int64($0) }
                try NPYFile.write(labels, shape: [m], to: folder.appendingPathComponent("labels.npy"))
                for (l, layer) in network.layers.enumerated() {
                    try NPYFile.write(layer.weights.storage, shape: [layer.outputCount, layer.inputCount],
                                      to: folder.appendingPathComponent("W\(l + 1).npy"))
                    try NPYFile.write(layer.bias, shape: [layer.outputCount], to: folder.appendingPathComponent("b\(l + 1).npy"))
                }
            }
            if let b = shape.batch {
                let order = batchOrder(samples: m, batch: b, steps: steps, seed: shape.seed)
                try NPYFile.write(order, shape: [steps, b], to: folder.appendingPathComponent("batches.npy"))
            }
            try writeJSON(["model": shape.model.rawValue, "samples": m, "dimension": d, "width": shape.width,
                           "classes": shape.classes, "batch": shape.batch ?? m, "lr": shape.learningRate,
                           "loss_kind": shape.loss.kind.rawValue, "loss_reduction": shape.loss.reduction.rawValue,
                           "steps": steps, "warmup_steps": warmupSteps, "flops_per_step": shape.flopsPerStep],
                          to: folder.appendingPathComponent("config.json"))
        }

        /// The sample indices of iterations 1..T as `Trainer` draws them (the engine's one
        /// `BatchOrder`: a Fisher-Yates reshuffle at the start of every epoch, cut into batches in
        /// order). Requires B to divide m (every batch full).
        static func batchOrder(samples m: Int, batch b: Int, steps: Int, seed: UInt64) -> [Int64] {
            precondition(m % b == 0, "the exported batch order assumes full batches")
            var order = BatchOrder(sampleCount: m, batchSize: b, seed: SeededGenerator.derivedSeed(seed, stream: 1))
            var result: [Int64] = []
            result.reserveCapacity(steps * b)
            for _ in 0..<steps {
                let slice = order.next()
                result += order.order[slice.start..<(slice.start + slice.count)].map { Int64($0) }
            }
            return result
        }

        /// Median of 20 timings of the step's products as sgemm calls alone, at the shapes and
        /// transposes of the unfused formulation (NTK: Z = X W^T, then G^T X; MLP: Z = X W1^T,
        /// U = H W2^T, dW2 = G^T H, dH = G W2, dW1 = G_Z^T X), after one warm-up round: both steps
        /// run on fused kernels without sgemm, and this is the comparison the report prints.
        static func gemmSeconds(_ shape: Shape) -> Double {
            let b = shape.rowsPerStep, n = shape.width, d = shape.dimension, c = shape.outputs
            var calls: [(transA: Bool, transB: Bool, m: Int, n: Int, k: Int)] = [(false, true, b, n, d), (true, false, n, d, b)]
            if shape.model == .mlp {
                calls += [(false, true, b, c, n), (true, false, c, n, b), (false, false, b, n, c)]
            }
            let buffers = calls.map { call -> (a: [Float], b: [Float], c: [Float]) in
                (a: [Float](repeating: 0.5, count: call.m * call.k), b: [Float](repeating: 0.25, count: call.k * call.n),
                 c: [Float](repeating: 0, count: call.m * call.n))
            }
            var outputs = buffers.map(\.c)
            let clock = ContinuousClock()
            var times: [Double] = []
            for round in 0..<21 {
                let start = clock.now
                for (index, call) in calls.enumerated() {
                    let lda = call.transA ? call.m : call.k
                    let ldb = call.transB ? call.k : call.n
                    cblas_sgemm(CblasRowMajor, call.transA ? CblasTrans : CblasNoTrans, call.transB ? CblasTrans : CblasNoTrans,
                                Int32(call.m), Int32(call.n), Int32(call.k), 1, buffers[index].a, Int32(lda),
                                buffers[index].b, Int32(ldb), 0, &outputs[index], Int32(call.n))
                }
                if round > 0 { times.append(seconds(clock.now - start)) }
            }
            return median(times)
        }
    }
}
