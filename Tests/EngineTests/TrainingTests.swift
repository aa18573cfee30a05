import Foundation
import Testing
import PropertyBased
import LinearAlgebra
@testable import Engine

/// Small synthetic data sets built in the tests.
enum TrainingFixtures {
    /// m unit-norm points in R^d with +-1 labels (classes 0 -> +1, 1 -> -1).
    static func twoClass(m: Int, d: Int, seed: UInt64) -> Dataset {
        var g = SeededGenerator(seed: seed)
        var x = [Float](repeating: 0, count: m * d)
        var y = [Float](repeating: 0, count: m)
        var labels = [Int](repeating: 0, count: m)
        for i in 0..<m {
            var norm = 0.0
            for j in 0..<d { let v = g.nextGaussian(); x[i * d + j] = Float(v); norm += v * v }
            for j in 0..<d { x[i * d + j] = Float(Double(x[i * d + j]) / norm.squareRoot()) }
            labels[i] = Int(g.next() & 1)
            y[i] = labels[i] == 0 ? 1 : -1
        }
        return Dataset(x: Matrix(rows: m, columns: d, storage: x), targets: Matrix(rows: m, columns: 1, storage: y),
                       classLabels: labels, classCount: 2, description: "synthetic two-class m=\(m) d=\(d) seed \(seed)",
                       isUnitNorm: true)
    }

    /// m points in R^d with C classes and one-hot targets.
    static func multiClass(m: Int, d: Int, classes c: Int, seed: UInt64) -> Dataset {
        var g = SeededGenerator(seed: seed)
        let x = (0..<(m * d)).map { _ in Float(g.nextGaussian()) }
        let labels = (0..<m).map { _ in g.nextIndex(below: c) }
        var y = [Float](repeating: 0, count: m * c)
        for i in 0..<m { y[i * c + labels[i]] = 1 }
        return Dataset(x: Matrix(rows: m, columns: d, storage: x), targets: Matrix(rows: m, columns: c, storage: y),
                       classLabels: labels, classCount: c, description: "synthetic \(c)-class m=\(m) d=\(d) seed \(seed)",
                       isUnitNorm: false)
    }

    static func bits(_ network: Network) -> [UInt32] {
        switch network {
        case .ntk(let n): return n.weights.storage.map(\.bitPattern)
        case .mlp(let n): return n.layers.flatMap { $0.weights.storage.map(\.bitPattern) + $0.bias.map(\.bitPattern) }
        }
    }
}

/// Float64 reference implementations for the finite-difference checks.
enum Reference {
    /// Sum or mean loss of the NTK network with float64 weights.
    static func ntkLoss(w: [Double], a: [Float], data: Dataset, reduction: LossReduction) -> Double {
        let n = a.count, d = data.dimension, m = data.sampleCount
        var total = 0.0
        for i in 0..<m {
            var u = 0.0
            for r in 0..<n {
                var z = 0.0
                for j in 0..<d { z += w[r * d + j] * Double(data.x[i, j]) }
                u += Double(a[r]) * max(z, 0)
            }
            u /= Double(n).squareRoot()
            let e = u - Double(data.targets[i, 0])
            total += 0.5 * e * e
        }
        return reduction == .mean ? total / Double(m) : total
    }

    /// Loss of an MLP given float64 parameters laid out as [W1, b1, W2, b2, ...].
    static func mlpLoss(parameters p: [Double], sizes: [Int], data: Dataset, loss: Loss) -> Double {
        let m = data.sampleCount
        var total = 0.0
        for i in 0..<m {
            var h = data.x.row(i).map(Double.init)
            var offset = 0
            for l in 0..<(sizes.count - 1) {
                let (inCount, out) = (sizes[l], sizes[l + 1])
                var z = [Double](repeating: 0, count: out)
                for o in 0..<out {
                    var s = p[offset + inCount * out + o]
                    for k in 0..<inCount { s += p[offset + o * inCount + k] * h[k] }
                    z[o] = l < sizes.count - 2 ? max(s, 0) : s
                }
                offset += inCount * out + out
                h = z
            }
            switch loss.kind {
            case .squared:
                for k in 0..<h.count { let e = h[k] - Double(data.targets[i, k]); total += 0.5 * e * e }
            case .crossEntropy:
                let top = h.max()!
                let lse = top + log(h.reduce(0) { $0 + exp($1 - top) })
                total += lse - h[data.classLabels![i]]
            }
        }
        return loss.reduction == .mean ? total / Double(m) : total
    }

    static func flatten(_ mlp: MLP) -> [Double] {
        mlp.layers.flatMap { $0.weights.storage.map(Double.init) + $0.bias.map(Double.init) }
    }

    /// Central finite differences of f at p with step h.
    static func gradient(at p: [Double], h: Double = 1e-6, _ f: ([Double]) -> Double) -> [Double] {
        var q = p
        return (0..<p.count).map { k in
            q[k] = p[k] + h; let plus = f(q)
            q[k] = p[k] - h; let minus = f(q)
            q[k] = p[k]
            return (plus - minus) / (2 * h)
        }
    }
}

@Suite(.serialized) struct TrainingTests {
    // MARK: Gradients

    /// One full-batch step with eta = 1, no momentum or decay gives theta' = theta - g, so the
    /// engine's gradient is theta - theta'; compare with central differences in float64.
    @Test(arguments: [LossReduction.sum, .mean])
    func ntkGradientMatchesFiniteDifferences(reduction: LossReduction) throws {
        let data = TrainingFixtures.twoClass(m: 6, d: 4, seed: 3)
        let config = TrainingConfiguration(model: .ntk, hiddenWidths: [5], length: .iterations(1), learningRate: 1,
                                           loss: Loss(kind: .squared, reduction: reduction), kappa: 1, seed: 11)
        let checkpoints = try Trainer(configuration: config, trainingSet: data).train()
        guard case .ntk(let before) = checkpoints[0].network, case .ntk(let after) = checkpoints[1].network else {
            Issue.record("expected NTK checkpoints"); return
        }
        let engine = zip(before.weights.storage, after.weights.storage).map { Double($0) - Double($1) }
        let w = before.weights.storage.map(Double.init)
        let numeric = Reference.gradient(at: w) { Reference.ntkLoss(w: $0, a: before.outputSigns, data: data, reduction: reduction) }
        let scale = numeric.map(abs).max()!
        #expect(scale > 1e-3)
        for k in 0..<w.count { #expect(abs(engine[k] - numeric[k]) <= 1e-4 * max(1, scale), "dW[\(k)]") }
        // the step's reported loss is the loss before the step
        let expectedLoss = Reference.ntkLoss(w: w, a: before.outputSigns, data: data, reduction: reduction)
        #expect(abs(checkpoints[0].measurements.trainLoss - expectedLoss) <= 1e-5 * max(1, expectedLoss))
    }

    /// Both MLP kernels: one hidden layer (`TwoLayerMLPKernel`, the fused C kernels) and two
    /// (`MLPKernel`, BLAS products).
    @Test(arguments: [(LossKind.squared, LossReduction.sum), (.squared, .mean), (.crossEntropy, .sum), (.crossEntropy, .mean)],
          [[4], [4, 3]])
    func mlpGradientMatchesFiniteDifferences(lossShape: (LossKind, LossReduction), hiddenWidths: [Int]) throws {
        let (kind, reduction) = lossShape
        let data = TrainingFixtures.multiClass(m: 5, d: 3, classes: 3, seed: 5)
        let loss = Loss(kind: kind, reduction: reduction)
        let config = TrainingConfiguration(model: .mlp, hiddenWidths: hiddenWidths, length: .iterations(1), learningRate: 1,
                                           loss: loss, seed: 2)
        let checkpoints = try Trainer(configuration: config, trainingSet: data).train()
        guard case .mlp(let before) = checkpoints[0].network, case .mlp(let after) = checkpoints[1].network else {
            Issue.record("expected MLP checkpoints"); return
        }
        let p = Reference.flatten(before)
        let engine = zip(p, Reference.flatten(after)).map { $0 - $1 }
        let sizes = [3] + hiddenWidths + [3]
        let numeric = Reference.gradient(at: p) { Reference.mlpLoss(parameters: $0, sizes: sizes, data: data, loss: loss) }
        let scale = numeric.map(abs).max()!
        #expect(scale > 1e-3)
        for k in 0..<p.count { #expect(abs(engine[k] - numeric[k]) <= 2e-4 * max(1, scale), "parameter \(k)") }
    }

    /// The fused two-layer kernel and the BLAS kernel (which `MLP.trainingKernel` uses for deeper
    /// networks, and which here runs the same two-layer model) take the same steps up to float32
    /// rounding: after 5 SGD steps with momentum and weight decay on a width that is not a
    /// multiple of 32, every parameter agrees within 1e-4 relative to the largest of its layer.
    @Test(arguments: [Loss(kind: .crossEntropy, reduction: .mean), Loss(kind: .squared, reduction: .mean)])
    func fusedTwoLayerKernelTakesTheStepsOfTheBLASKernel(loss: Loss) throws {
        let data = TrainingFixtures.multiClass(m: 40, d: 30, classes: 4, seed: 8)
        let model = MLP(inputs: 30, hiddenWidths: [70], outputs: 4, seed: 4)
        let update = SGDUpdate(learningRate: 0.05, momentum: 0.9, weightDecay: 1e-3)
        let buffers = DataBuffers(data, outputs: 4)
        let fused = TwoLayerMLPKernel(model: model, capacity: 40, loss: loss, update: update)
        let blas = MLPKernel(model: model, capacity: 40, loss: loss, update: update)
        #expect(model.trainingKernel(capacity: 40, loss: loss, update: update) is TwoLayerMLPKernel)
        for _ in 0..<5 {
            let a = fused.step(x: buffers.x, targets: buffers.y, labels: buffers.labels, rows: 40)
            let b = blas.step(x: buffers.x, targets: buffers.y, labels: buffers.labels, rows: 40)
            #expect(abs(a - b) <= 1e-5 * max(1, abs(b)), "batch loss")
        }
        guard case .mlp(let one) = fused.snapshot(), case .mlp(let two) = blas.snapshot() else {
            Issue.record("expected MLP snapshots"); return
        }
        #expect(one.initialFirstLayerWeights == two.initialFirstLayerWeights)
        for (l, (p, q)) in zip(one.layers, two.layers).enumerated() {
            #expect(q.weights.storage.allSatisfy(\.isFinite) && q.bias.allSatisfy(\.isFinite))
            let scale = q.weights.storage.map { abs($0) }.max()!
            for (x, y) in zip(p.weights.storage, q.weights.storage) { #expect(abs(x - y) <= 1e-4 * scale, "layer \(l) weight") }
            for (x, y) in zip(p.bias, q.bias) { #expect(abs(x - y) <= 1e-4 * scale, "layer \(l) bias") }
        }
        let e1 = fused.evaluate(x: buffers.x, targets: buffers.y, labels: buffers.labels, rows: 40)
        let e2 = blas.evaluate(x: buffers.x, targets: buffers.y, labels: buffers.labels, rows: 40)
        #expect(abs(e1.loss - e2.loss) <= 1e-5 * max(1, abs(e2.loss)))
    }

    // MARK: Convergence and divergence

    @Test func ntkLossDecreasesUnderSmallStepGradientDescent() throws {
        let data = TrainingFixtures.twoClass(m: 12, d: 5, seed: 1)
        let config = TrainingConfiguration(model: .ntk, hiddenWidths: [400], length: .iterations(300), learningRate: 0.02,
                                           kappa: 1, seed: 4, checkpoints: try CheckpointSchedule(parsing: "every:50"),
                                           measuresGramEigenvalue: true)
        var steps: [StepRecord] = []
        var checkpoints: [Checkpoint] = []
        try Trainer(configuration: config, trainingSet: data).run(onStep: { steps.append($0) }, onCheckpoint: { checkpoints.append($0) })
        #expect(checkpoints.map(\.step) == [0, 50, 100, 150, 200, 250, 300])
        let losses = checkpoints.map(\.measurements.trainLoss)
        for k in 1..<losses.count { #expect(losses[k] < losses[k - 1]) }
        #expect(losses.last! < 0.5 * losses[0])
        #expect(steps.count == 300)
        for s in steps.dropFirst() { #expect(s.contraction! < 1) }
        for c in checkpoints.dropFirst() {
            let m = c.measurements
            #expect(m.contractionMax! < 1 && m.contractionGeometricMean! <= m.contractionMax!)
            #expect(m.gramMinEigenvalue! > 0)
            #expect(m.maxWeightMovement > 0)
            #expect(abs(m.trainResidualNorm2! - 2 * m.trainLoss) <= 1e-12 * m.trainLoss)
        }
        // step losses of the full-batch run are the training losses at the checkpoints
        #expect(steps[50].loss == checkpoints[1].measurements.trainLoss)
        #expect(checkpoints[0].measurements.maxWeightMovement == 0)
    }

    @Test func divergenceIsDetectedAndNamed() throws {
        let data = TrainingFixtures.twoClass(m: 10, d: 4, seed: 2)
        let config = TrainingConfiguration(model: .ntk, hiddenWidths: [50], length: .iterations(200), learningRate: 1e4, seed: 1)
        let error = #expect(throws: TrainingError.self) { _ = try Trainer(configuration: config, trainingSet: data).train() }
        #expect(error?.description.contains("diverged") == true)
        #expect(error?.description.contains("learning rate") == true)
        let mlpConfig = TrainingConfiguration(model: .mlp, hiddenWidths: [8], length: .iterations(200), learningRate: 50,
                                              loss: Loss(kind: .squared, reduction: .mean), seed: 1, divergenceFactor: 10)
        let mlpError = #expect(throws: TrainingError.self) { _ = try Trainer(configuration: mlpConfig, trainingSet: data).train() }
        #expect(mlpError?.description.contains("diverged") == true)
    }

    @Test func invalidConfigurationsAreRejected() throws {
        let two = TrainingFixtures.twoClass(m: 10, d: 4, seed: 2)
        let ten = TrainingFixtures.multiClass(m: 10, d: 4, classes: 10, seed: 2)
        let ntkOnTen = TrainingConfiguration(model: .ntk, hiddenWidths: [8], length: .iterations(1), learningRate: 0.1)
        let e1 = #expect(throws: TrainingError.self) { _ = try Trainer(configuration: ntkOnTen, trainingSet: ten).train() }
        #expect(e1?.description.contains("choose two classes") == true)
        var badBatch = TrainingConfiguration(model: .mlp, hiddenWidths: [8], length: .iterations(1), learningRate: 0.1)
        badBatch.batchSize = 11
        let e2 = #expect(throws: TrainingError.self) { _ = try Trainer(configuration: badBatch, trainingSet: two).train() }
        #expect(e2?.description.contains("batch size") == true)
    }

    // MARK: Parsing

    @Test func trainingLengthParsing() throws {
        #expect(try TrainingLength(parsing: "500it") == .iterations(500))
        #expect(try TrainingLength(parsing: "500") == .iterations(500))
        #expect(try TrainingLength(parsing: "3ep") == .epochs(3))
        #expect(TrainingLength.epochs(3).iterations(perEpoch: 40) == 120)
        for bad in ["", "ep", "-3ep", "3.5it", "3 epochs", "abc"] {
            let error = #expect(throws: TrainingError.self) { _ = try TrainingLength(parsing: bad) }
            #expect(error?.description.contains("allowed") == true)
        }
    }

    @Test func checkpointScheduleParsing() throws {
        #expect(try CheckpointSchedule(parsing: "0,100,500").steps(total: 1000) == [0, 100, 500, 1000])
        #expect(try CheckpointSchedule(parsing: "every:250").steps(total: 1000) == [0, 250, 500, 750, 1000])
        #expect(try CheckpointSchedule(parsing: "100,200,...").steps(total: 450) == [0, 100, 200, 300, 400, 450])
        #expect(try CheckpointSchedule(parsing: "geom:1,2,...").steps(total: 20) == [0, 1, 2, 4, 8, 16, 20])
        #expect(try CheckpointSchedule(parsing: "geometric:4").steps(total: 1000) == [0, 1, 10, 100, 1000])
        #expect(try CheckpointSchedule(parsing: "geom:3").steps(total: 100) == [0, 1, 10, 100])
        #expect(try CheckpointSchedule(parsing: "1ep,2ep").steps(total: 30, perEpoch: 10) == [0, 10, 20, 30])
        #expect(try CheckpointSchedule(parsing: "5000").steps(total: 100) == [0, 100])
        for bad in ["", "every:0", "every:x", "geom:1", "geom:4,2,...", "geom:1,2", "1,,2", "10,5,...", "1,2,3,...", "a,b"] {
            let error = #expect(throws: TrainingError.self) { _ = try CheckpointSchedule(parsing: bad) }
            #expect(error?.description.contains("checkpoint schedule") == true)
        }
        // the textual form parses back to the same schedule
        for text in ["0,100,500", "every:7", "100,200,...", "geom:1,2,...", "geometric:16"] {
            let schedule = try CheckpointSchedule(parsing: text)
            #expect(try CheckpointSchedule(parsing: schedule.description) == schedule)
        }
    }

    @Test func scheduleStepsAreSortedBoundedAndIncludeEnds() async {
        await propertyCheck(count: 100, input: Gen.int(in: 0...5000), Gen.int(in: 1...300), Gen.int(in: 2...40)) { total, every, count in
            for schedule in [CheckpointSchedule.every(every), .logSpaced(count: count), .geometricSequence(first: 1, ratio: 2)] {
                let steps = schedule.steps(total: total)
                #expect(steps.first == 0 && steps.last == total)
                #expect(zip(steps, steps.dropFirst()).allSatisfy { $0 < $1 })
                #expect(steps.count <= total + 1)
            }
        }
    }

    // MARK: Determinism

    @Test func sameSeedGivesBitIdenticalWeightsOnOneAndTwoThreads() throws {
        let original = BLASRuntime.threadCount
        defer { BLASRuntime.setThreadCount(original) }
        let binary = TrainingFixtures.twoClass(m: 256, d: 64, seed: 9)
        let classes = TrainingFixtures.multiClass(m: 200, d: 64, classes: 4, seed: 9)
        let wideBatch = TrainingFixtures.twoClass(m: 600, d: 16, seed: 9)
        let wideInput = TrainingFixtures.multiClass(m: 128, d: 784, classes: 10, seed: 9)
        let runs: [(TrainingConfiguration, Dataset)] = [
            (TrainingConfiguration(model: .ntk, hiddenWidths: [256], length: .iterations(4), learningRate: 0.05, seed: 7), binary),
            (TrainingConfiguration(model: .ntk, hiddenWidths: [256], length: .epochs(1), learningRate: 0.05, batchSize: 100,
                                   momentum: 0.9, weightDecay: 1e-3, seed: 7), binary),
            (TrainingConfiguration(model: .mlp, hiddenWidths: [192], length: .epochs(2), learningRate: 0.05, batchSize: 128,
                                   momentum: 0.9, weightDecay: 1e-4, loss: Loss(kind: .crossEntropy, reduction: .mean), seed: 7), classes),
            // Inner dimensions above OpenBLAS's sgemm block depth (448 on these kernels), where its
            // one- and two-thread drivers split k differently (`ThreadInvariantGEMM`): the NTK
            // full-batch update (k = m = 600) and the MLP forward product (k = d = 784).
            (TrainingConfiguration(model: .ntk, hiddenWidths: [128], length: .iterations(3), learningRate: 0.05, seed: 7), wideBatch),
            (TrainingConfiguration(model: .mlp, hiddenWidths: [64], length: .iterations(3), learningRate: 0.05, batchSize: 64,
                                   loss: Loss(kind: .crossEntropy, reduction: .mean), seed: 7), wideInput),
        ]
        for (config, data) in runs {
            BLASRuntime.setThreadCount(1)
            let one = try Trainer(configuration: config, trainingSet: data).train().last!
            let again = try Trainer(configuration: config, trainingSet: data).train().last!
            BLASRuntime.setThreadCount(2)
            let two = try Trainer(configuration: config, trainingSet: data).train().last!
            #expect(TrainingFixtures.bits(one.network) == TrainingFixtures.bits(again.network))
            #expect(TrainingFixtures.bits(one.network) == TrainingFixtures.bits(two.network), "\(config.model) 1 vs 2 threads")
            #expect(one.measurements == two.measurements)
            #expect(TrainingFixtures.bits(one.network) != TrainingFixtures.bits(Trainer(configuration: config, trainingSet: data).initialNetwork()))
        }
    }

    // MARK: Models and features

    @Test func initializationFollowsTheStatedDistributions() {
        let ntk = TwoLayerNTK(width: 2000, dimension: 10, kappa: 0.5, seed: 1)
        let w = ntk.weights.storage.map(Double.init)
        let variance = w.reduce(0) { $0 + $1 * $1 } / Double(w.count)
        #expect(abs(variance - 0.25) < 0.01)
        #expect(Set(ntk.outputSigns) == [-1, 1])
        #expect(abs(ntk.outputSigns.reduce(0, +)) < 200)
        let mlp = MLP(inputs: 100, hiddenWidths: [50], outputs: 3, seed: 1)
        #expect(mlp.layers[0].weights.storage.allSatisfy { abs($0) <= 0.1 })
        #expect(mlp.layers[1].bias.allSatisfy { abs($0) <= 1 / Float(50).squareRoot() })
        #expect(mlp.layers[0].weights.storage.max()! > 0.09)
    }

    @Test func neuronFeaturesAverageToTheNetworkOutput() throws {
        let data = TrainingFixtures.twoClass(m: 7, d: 5, seed: 4)
        let ntk = Network.ntk(TwoLayerNTK(width: 30, dimension: 5, kappa: 1, seed: 3))
        let mlp = Network.mlp(MLP(inputs: 5, hiddenWidths: [30], outputs: 2, seed: 3))
        for network in [ntk, mlp] {
            let f = try network.neuronFeatures(on: data.x)
            let u = network.outputs(data.x)
            for i in 0..<7 {
                for c in 0..<f.outputCount {
                    var mean = 0.0
                    for r in 0..<f.neuronCount {
                        mean += Double(f.featureScale) * Double(f.activations[i, r]) * Double(f.outputWeights[r, c])
                    }
                    mean = mean / Double(f.neuronCount) + Double(f.outputBias[c])
                    #expect(abs(mean - Double(u[i, c])) < 1e-4)
                }
            }
        }
        #expect(try ntk.neuronFeatures(on: data.x).featureScale == Float(30).squareRoot())
        #expect(try mlp.neuronFeatures(on: data.x).featureScale == 30)
        #expect(throws: NeuronFeaturesError.self) {
            _ = try Network.mlp(MLP(inputs: 5, hiddenWidths: [4, 4], outputs: 1, seed: 0)).neuronFeatures(on: data.x)
        }
    }

    @Test func rhoBoundsTheDiameterAndMatchesDirectComputation() throws {
        let data = TrainingFixtures.twoClass(m: 9, d: 4, seed: 6)
        let network = Network.mlp(MLP(inputs: 4, hiddenWidths: [12], outputs: 2, seed: 8))
        let f = try network.neuronFeatures(on: data.x)
        func phi(_ r: Int) -> [Double] {
            (0..<9).flatMap { i in (0..<2).map { c in Double(f.featureScale) * Double(f.activations[i, r]) * Double(f.outputWeights[r, c]) } }
        }
        let all = (0..<12).map(phi)
        let mean = (0..<18).map { k in all.reduce(0) { $0 + $1[k] } / 12 }
        func dist(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot() }
        let rho = all.map { dist($0, mean) }.max()!
        let diameter = all.flatMap { a in all.map { dist(a, $0) } }.max()!
        #expect(abs(NeuronSpread.rho(f) - rho) < 1e-9 * max(1, rho))
        #expect(abs(NeuronSpread.rho(network: network, x: data.x, chunkRows: 4)! - rho) < 1e-9 * max(1, rho))
        #expect(diameter <= 2 * rho + 1e-9)
    }

    @Test func finiteWidthGramMatchesItsDefinition() throws {
        let data = TrainingFixtures.twoClass(m: 6, d: 3, seed: 8)
        let ntk = TwoLayerNTK(width: 40, dimension: 3, kappa: 1, seed: 5)
        let h = FiniteWidthGram.matrix(weights: ntk.weights, x: data.x)
        for i in 0..<6 {
            for j in 0..<6 {
                var dot = 0.0
                for k in 0..<3 { dot += Double(data.x[i, k]) * Double(data.x[j, k]) }
                var count = 0
                for r in 0..<40 {
                    var zi: Float = 0, zj: Float = 0
                    for k in 0..<3 { zi += ntk.weights[r, k] * data.x[i, k]; zj += ntk.weights[r, k] * data.x[j, k] }
                    if zi >= 0 && zj >= 0 { count += 1 }
                }
                #expect(abs(h[i * 6 + j] - dot * Double(count) / 40) < 1e-6)
            }
        }
        var copy = h
        let lambda = try FiniteWidthGram.smallestEigenvalue(symmetric: &copy, order: 6)
        // Rayleigh quotients of random vectors are >= lambda_min.
        var g = SeededGenerator(seed: 1)
        for _ in 0..<20 {
            let v = (0..<6).map { _ in g.nextGaussian() }
            var num = 0.0
            for i in 0..<6 { for j in 0..<6 { num += v[i] * h[i * 6 + j] * v[j] } }
            #expect(num / v.reduce(0) { $0 + $1 * $1 } >= lambda - 1e-9)
        }
    }
}
