/// The dense stage of an IMP run for one seed: W(T) and the weights W(t) at every rewind
/// iteration, with the accuracies of W(T).
public struct IMPDenseStage: Sendable, Codable, Equatable {
    public var network: MLP
    /// W(t) for every rewind iteration t, in the configuration's order.
    public var rewound: [Int: MLP]
    public var trainAccuracy: Double
    public var testAccuracy: Double?

    public init(network: MLP, rewound: [Int: MLP], trainAccuracy: Double, testAccuracy: Double?) {
        self.network = network
        self.rewound = rewound
        self.trainAccuracy = trainAccuracy
        self.testAccuracy = testAccuracy
    }

    /// The stage of a finished dense run: W(T), its snapshots as the rewound weights, its accuracies.
    public init(_ run: SparseTrainingRun) {
        self.init(network: run.network, rewound: run.snapshots, trainAccuracy: run.trainAccuracy, testAccuracy: run.testAccuracy)
    }
}

/// Level k of an IMP run for one seed and rewind iteration t: its record, its mask m_k and the
/// trained subnetwork W_k(T) (which level k + 1 prunes).
public struct IMPLevelStage: Sendable, Codable, Equatable {
    public var level: IMPLevel
    public var mask: PruningMask
    public var network: MLP

    public init(level: IMPLevel, mask: PruningMask, network: MLP) {
        self.level = level
        self.mask = mask
        self.network = network
    }
}

/// Where the stages of IMP runs come from: computed (`compute`, `DenseRun.run`), or kept from an
/// earlier run that was stopped (an experiment's unit store, which may also continue a dense run
/// from the progress it kept). A stage depends only on the configuration, the data, the seed and
/// the stages before it, so a kept stage is the stage a run would compute.
public protocol IMPStageStore {
    /// The dense stage of `run.seed`: `IMPDenseStage(run.run())`, or kept.
    func dense(_ run: DenseRun) throws -> IMPDenseStage
    /// Level `level` (1...L) rewound to `rewind`, for `seed`.
    func level(seed: UInt64, rewind: Int, level: Int, compute: () throws -> IMPLevelStage) throws -> IMPLevelStage
}

/// Computes every stage (nothing kept).
public struct ComputedIMPStages: IMPStageStore {
    public init() {}
    public func dense(_ run: DenseRun) throws -> IMPDenseStage { IMPDenseStage(try run.run()) }
    public func level(seed: UInt64, rewind: Int, level: Int, compute: () throws -> IMPLevelStage) throws -> IMPLevelStage { try compute() }
}
