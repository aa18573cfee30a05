/// One level of an IMP run: the subnetwork at density d_k and its controls.
public struct IMPLevel: Sendable, Codable, Equatable {
    /// k (0 = the dense network).
    public var level: Int
    /// Kept / all weights of the prunable layers (the realised d_k).
    public var density: Double
    /// Kept / all weights of every layer.
    public var layerDensities: [Double]
    /// Final (iteration T) test accuracy of the rewound subnetwork (nil without a test set).
    public var testAccuracy: Double?
    public var trainAccuracy: Double
    /// Control: a random mask with the same per-layer counts, same rewound weights.
    public var randomPruningTestAccuracy: Double?
    /// Control: the IMP mask on freshly initialized weights (another init seed).
    public var reinitializationTestAccuracy: Double?
}

/// The IMP run of one seed and one rewind iteration t.
public struct IMPRun: Sendable {
    public var seed: UInt64
    public var rewindIteration: Int
    /// Level 0 (dense) then levels 1...L.
    public var levels: [IMPLevel]
    /// The masks of levels 0...L (level 0 keeps everything).
    public var masks: [PruningMask]
    /// The dense network's weights W(t) at the rewind iteration (unmasked).
    public var rewoundWeights: MLP
    /// The trained networks at iteration T of levels 0...L.
    public var finalNetworks: [MLP]
}

/// Iterative magnitude pruning with rewinding (Frankle and Carbin 2019; Frankle, Dziugaite,
/// Roy and Carbin 2020), as in open_lth:
///
/// 1. Train the dense network W(0) = `MLP(seed:)` for T iterations with data order `seed`,
///    keeping W(t) for every rewind iteration t (`DenseRun`, which a stage store may pause and
///    continue).
/// 2. For each t, with m_0 = all ones and W_0(T) the dense final weights, for k = 1...L:
///    m_k = magnitude pruning of W_(k-1)(T) among the weights m_(k-1) keeps, at density d_k
///    (`MagnitudePruning`: global or layer-wise, stated tie rule); then W_k(T) = training of
///    m_k ⊙ W(t) from iteration t to T under m_k, same data order (`SparseTrainer`; pruned
///    weights stay exactly 0; biases are kept and rewound too).
/// 3. Controls (when `controls`), trained from t to T with the same data order:
///    random pruning = `PruningMask.random(matching: m_k, seed:)` ⊙ W(t);
///    random reinitialization = m_k ⊙ W'(0), W' = `MLP(seed: derivedSeed(seed, stream: reinitializationStream))`.
///
/// t = 0 is the original lottery-ticket procedure; every level's reported accuracy is the
/// accuracy after iteration T.
public struct IterativeMagnitudePruning: Sendable {
    public var configuration: IMPConfiguration
    public var trainingSet: Dataset
    public var testSet: Dataset?

    /// Stream number of the reinitialization control's init seed ("REIN").
    public static let reinitializationStream: UInt64 = 0x5245_494E

    public init(configuration: IMPConfiguration, trainingSet: Dataset, testSet: Dataset? = nil) {
        self.configuration = configuration
        self.trainingSet = trainingSet
        self.testSet = testSet
    }

    var trainer: SparseTrainer {
        var config = configuration.training
        config.checkpoints = .list([])
        return SparseTrainer(configuration: config, trainingSet: trainingSet, testSet: testSet)
    }

    /// The dense run of `seed` (mask nil, from `MLP(seed:)`, data order `seed`), keeping W(t)
    /// at every iteration of `snapshots`, ready to run or to continue (`DenseRun`).
    public func denseTraining(seed: UInt64, snapshots: Set<Int>) -> DenseRun {
        DenseRun(configuration: configuration.training, seed: seed, trainingSet: trainingSet, testSet: testSet, snapshots: snapshots)
    }

    /// The dense run of `seed`, trained to T (`denseTraining(seed:snapshots:)` run at once).
    public func denseRun(seed: UInt64, snapshots: Set<Int>) throws -> SparseTrainingRun {
        try denseTraining(seed: seed, snapshots: snapshots).run()
    }

    /// Runs IMP for `seed`: one `IMPRun` per rewind iteration, in the configuration's order.
    /// `progress` is called after every stage (the dense network, then every level) with a
    /// one-line description; `stages` computes the stages or returns those an earlier run kept.
    public func run(seed: UInt64, stages: some IMPStageStore = ComputedIMPStages(), progress: ((String) -> Void)? = nil) throws -> [IMPRun] {
        try configuration.validate(for: trainingSet)
        let trainer = self.trainer
        let dense: IMPDenseStage = try stages.dense(denseTraining(seed: seed, snapshots: Set(configuration.rewindIterations)))
        progress?("seed \(seed): dense network trained (test accuracy \(dense.testAccuracy.map { String($0) } ?? "--"))")
        let denseMask = PruningMask(denseFor: dense.network)
        let prunable = configuration.pruning.prunableLayers(layerCount: dense.network.layers.count)
        let reinitialized = trainer.initialNetwork(seed: SeededGenerator.derivedSeed(seed, stream: IterativeMagnitudePruning.reinitializationStream))
        let denseLevel = IMPLevel(level: 0, density: 1, layerDensities: denseMask.layerDensities, testAccuracy: dense.testAccuracy,
                                  trainAccuracy: dense.trainAccuracy, randomPruningTestAccuracy: nil, reinitializationTestAccuracy: nil)
        var runs: [IMPRun] = []
        for t in configuration.rewindIterations {
            guard let rewound = dense.rewound[t] else { preconditionFailure("the dense run keeps W(t)") }
            var levels = [denseLevel], masks = [denseMask], finals = [dense.network]
            var mask = denseMask, previous = dense.network
            for (k, density) in configuration.densities.enumerated() {
                let stage = try stages.level(seed: seed, rewind: t, level: k + 1) {
                    let pruned = try configuration.pruning.prune(previous, mask: mask, density: density)
                    let ticket = try trainer.train(from: pruned.applied(to: rewound), at: t, mask: pruned, dataOrderSeed: seed)
                    var level = IMPLevel(level: k + 1, density: pruned.density(layers: prunable), layerDensities: pruned.layerDensities,
                                         testAccuracy: ticket.testAccuracy, trainAccuracy: ticket.trainAccuracy,
                                         randomPruningTestAccuracy: nil, reinitializationTestAccuracy: nil)
                    if configuration.controls {
                        let randomMask = PruningMask.random(matching: pruned, seed: SeededGenerator.derivedSeed(seed, stream: UInt64(k + 1)))
                        level.randomPruningTestAccuracy = try trainer.train(from: randomMask.applied(to: rewound), at: t, mask: randomMask,
                                                                            dataOrderSeed: seed).testAccuracy
                        level.reinitializationTestAccuracy = try trainer.train(from: pruned.applied(to: reinitialized), at: t, mask: pruned,
                                                                               dataOrderSeed: seed).testAccuracy
                    }
                    return IMPLevelStage(level: level, mask: pruned, network: ticket.network)
                }
                progress?("seed \(seed), rewind t = \(t), level \(k + 1): density \(stage.level.density), test accuracy \(stage.level.testAccuracy.map { String($0) } ?? "--")")
                mask = stage.mask
                levels.append(stage.level)
                masks.append(mask)
                finals.append(stage.network)
                previous = stage.network
            }
            runs.append(IMPRun(seed: seed, rewindIteration: t, levels: levels, masks: masks, rewoundWeights: rewound, finalNetworks: finals))
        }
        return runs
    }

    /// The number of stages of one seed's run (the dense one, then every level at every rewind
    /// iteration): 1 + R L.
    public var stageCount: Int { 1 + configuration.rewindIterations.count * configuration.densities.count }
}
