import Bounds
import Engine
import Foundation
import LinearAlgebra

/// One dense run of the width sweep at width N and seed, measured at its last step T.
/// Losses are sums l(v) = 1/2 ||v - y||^2 (the tables divide by m and say so).
public struct WidthSweepRun: Sendable, Codable {
    public let width: Int
    public let seed: UInt64
    /// The kernel-regime comparison at T: ||e(T)||^2 measured and predicted, delta(T).
    public let kernelRow: KernelRegimeRow
    public let predictionDiverges: Bool
    /// 1/2 ||y||^2: what predicting 0 achieves (the trivial value of a loss bound).
    public let trivialLoss: Double
    /// l(u(T)) of the dense network (float64 from the neuron features).
    public let denseLoss: Double
    /// l(v_k) of greedy forward selection with replacement (Theorem B's algorithm), k = subnet_size.
    public let greedyLoss: Double
    /// l(u) + sigma^2 H_k / (2k) (`GreedyVarianceBound`).
    public let varianceBound: Double
    /// l(u) + (2 rho)^2 H_k / (2k): Theorem B a posteriori with l(u) >= l_star and D <= 2 rho.
    public let diameterBound: Double
    /// l(u) + sigma^2 / (2k) (`RandomSubnetworkExpectation`).
    public let randomExpectation: Double
    /// Mean and 95% Student-t half-width of the Monte-Carlo random subnetworks.
    public let randomMean: Double
    public let randomHalfWidth: Double
    /// l_star bracket and the exact diameter (nil above `exact_limit`).
    public let hull: ConvexHullLoss?
    public let exactDiameter: Double?
    /// The tail exponent of greedy's l_j - l_star (`GreedyRateFit`; nil above `exact_limit` or
    /// with fewer than 3 usable points).
    public let rateFit: GreedyRateFit?
    /// Whether the target lies in the hull, l_star <= 1e-6 * 1/2 ||y||^2 (upper end of the
    /// bracket): the necessary part of Ye et al.'s interior condition (nil above `exact_limit`).
    public let targetInHull: Bool?
    public let ledger: HypothesisLedger
    /// The checkpoint steps of the run and t_hat: the first of them with l(u(t))/m <= epsilon
    /// (nil: never on the grid).
    public let checkpointSteps: [Int]
    public let measuredThreshold: Int?
    public let seconds: Double
}

/// The width sweep: every (N, seed) run of a `WidthSweepConfiguration`.
public struct WidthSweep: Sendable {
    public let configuration: WidthSweepConfiguration
    public let samples: Int
    public let dataDescription: String
    public let eta: Double
    /// t_K(epsilon): the first t with 1/2 ||e_K(t)||^2 <= epsilon m for H = Hinf and e(0) = -y
    /// (a priori: the same for every run of the sweep).
    public let kernelThreshold: KernelPrediction.ReachTime
    public let runs: [WidthSweepRun]

    /// Loads the data once and runs every (N, seed) in order of N then seed; `progress` gets one
    /// line per finished run.
    /// - Throws: `CheckerError` (configuration or data with more than one target column),
    ///   `DataError`, `TrainingError` (divergence), `KernelPredictionError`, `BoundsError`.
    public static func run(_ configuration: WidthSweepConfiguration, progress: @escaping (String) -> Void = { _ in }) throws -> WidthSweep {
        try run(configuration, units: nil, progress: ExperimentProgress(unit: progress))
    }

    /// The same, taking every (N, seed) run from `units` when an earlier run kept it there
    /// (`WidthSweepExperiment`: the sweep resumes after an interruption); `progress.unit` gets
    /// one line per run, kept or computed.
    static func run(_ configuration: WidthSweepConfiguration, units: ExperimentUnits?, progress: ExperimentProgress) throws -> WidthSweep {
        try configuration.validate()
        let training = try trainingSet(configuration)
        let m = training.sampleCount
        let eta = configuration.loss == .mean ? configuration.learningRate / Double(m) : configuration.learningRate
        let y = training.targets.storage
        let trivial = 0.5 * y.reduce(0.0) { $0 + Double($1) * Double($1) }
        let hinf = InfiniteWidthGram.matrix(points: Matrix(rows: m, columns: training.x.columns, storage: training.x.storage.map(Double.init)))
        let kernelThreshold = try KernelPrediction(kernel: hinf.storage, order: m, initialResidual: y.map { -Double($0) }, eta: eta)
            .reachTime(loss: configuration.epsilon * Double(m))
        var runs: [WidthSweepRun] = []
        for width in configuration.sortedWidths {
            for seed in configuration.seeds {
              var kept = false
              let measure = { () throws -> WidthSweepRun in
                let clock = ContinuousClock(), start = clock.now
                let trainer = Trainer(configuration: TrainingConfiguration(
                    model: .ntk, hiddenWidths: [width], length: .iterations(configuration.steps),
                    learningRate: configuration.learningRate, loss: Loss(kind: .squared, reduction: configuration.loss),
                    kappa: configuration.kappa, seed: seed, checkpoints: .logSpaced(count: configuration.checkpoints)),
                    trainingSet: training)
                let checkpoints = try trainer.train()
                let networks: [TwoLayerNTK] = checkpoints.map {
                    guard case .ntk(let n) = $0.network else { preconditionFailure("the sweep trains the ntk model") }
                    return n
                }
                let initial = networks[0], final = networks[networks.count - 1]
                let steps = checkpoints.map(\.step)
                let threshold = zip(steps, networks).first { _, network in
                    let e = network.float64Residual(on: training.x, targets: y)
                    return 0.5 * e.reduce(0) { $0 + $1 * $1 } <= configuration.epsilon * Double(m)
                }?.0
                let regime = try KernelRegime(kernel: configuration.kernel, inputs: training.x, targets: y,
                                              initialNetwork: initial, eta: eta, steps: [configuration.steps])
                let kernelRow = try regime.row(step: configuration.steps, network: final)
                let ledger = try HypothesisLedger(inputs: training.x, targets: y, initial: initial,
                                                  checkpoints: Array(networks.dropFirst()), eta: eta, delta: configuration.delta)
                let features = final.neuronFeatures(on: training.x)
                let k = configuration.subnetSize
                let dense = features.denseSumLoss(targets: training.targets)
                let variance = features.featureVariance()
                let greedy = try GreedyForwardSelection(variant: .analyzed, size: k).run(features: features, targets: training.targets)
                let rho = features.featureRadius()
                let draws = features.randomSubnetworkSumLosses(size: k, draws: configuration.randomDraws,
                                                               seed: SeededGenerator.derivedSeed(seed, stream: 7),
                                                               targets: training.targets)
                let summary = SampleSummary(draws)!
                let t = try StudentT.twoSidedQuantile(level: 0.95, degreesOfFreedom: Double(draws.count - 1))
                let exact = width <= configuration.exactLimit
                let hull = exact ? features.convexHullLoss(targets: training.targets, gapTolerance: 1e-6 * max(trivial, 1e-300),
                                                           maxIterations: 5000) : nil
                return WidthSweepRun(
                    width: width, seed: seed, kernelRow: kernelRow, predictionDiverges: regime.prediction.diverges,
                    trivialLoss: trivial, denseLoss: dense, greedyLoss: greedy.finalSumLoss,
                    varianceBound: try GreedyVarianceBound.bound(denseLoss: dense, variance: variance, subnetworkSize: k),
                    diameterBound: try TheoremB.bound(hullLoss: dense, diameter: 2 * rho, subnetworkSize: k),
                    randomExpectation: try RandomSubnetworkExpectation.expectedLoss(denseLoss: dense, variance: variance, subnetworkSize: k),
                    randomMean: summary.mean, randomHalfWidth: t * (summary.standardDeviation ?? 0) / Double(draws.count).squareRoot(),
                    hull: hull, exactDiameter: exact ? features.exactFeatureDiameter() : nil,
                    rateFit: hull.flatMap { GreedyRateFit.fit(sumLosses: greedy.sumLosses, hullLoss: $0.lowerBound) },
                    targetInHull: hull.map { $0.upperBound <= 1e-6 * trivial }, ledger: ledger,
                    checkpointSteps: steps, measuredThreshold: threshold,
                    seconds: Self.seconds(clock.now - start))
              }
              let name = "N\(width)-seed\(seed)"
              let last = try units.map { try $0.unit(name, report: { kept = $0 }, compute: measure) } ?? measure()
              runs.append(last)
              progress.unit("N = \(width), seed \(seed): delta(T) = \(last.kernelRow.relativeDeviation.map(NumberFormat.short) ?? "--"), greedy l_k/m = \(NumberFormat.short(last.greedyLoss / Double(m))), \(NumberFormat.short(last.seconds)) s"
                            + (kept ? " (kept from an earlier run)" : ""))
            }
        }
        return WidthSweep(configuration: configuration, samples: m, dataDescription: training.description, eta: eta,
                          kernelThreshold: kernelThreshold, runs: runs)
    }

    /// The sweep's training set: the configuration's data (a seeded subset of `samples` points
    /// when given), rows scaled to unit norm, one target column.
    static func trainingSet(_ configuration: WidthSweepConfiguration) throws -> Dataset {
        let recipe = DataRecipe(source: configuration.data, classes: nil, samples: configuration.samples, seed: 0, unitNorm: true)
        let training = try recipe.load().train
        guard training.outputCount == 1 else {
            throw CheckerError.invalidValue(field: "data", value: configuration.data,
                                            allowed: "data with one target column (the NTK network has one output)")
        }
        return training
    }

    static func seconds(_ duration: Duration) -> Double {
        duration.inSeconds
    }

    /// The runs of one width, in seed order.
    public func runs(width: Int) -> [WidthSweepRun] { runs.filter { $0.width == width } }
}
