/// Everything that determines an iterative-magnitude-pruning run besides the data and the seed.
///
/// Level k = 1...levels keeps density d_k of the prunable weights (d_0 = 1 is the dense
/// network); by default d_k = densityPerLevel^k with densityPerLevel = 0.8, i.e. 20% of the
/// remaining weights are removed per level as in open_lth. `rewindIterations` are the
/// iterations t the kept weights are rewound to (t = 0: the original lottery ticket).
public struct IMPConfiguration: Sendable, Codable, Equatable {
    /// The dense training (`model` must be `.mlp`; `length` gives T; `seed` is replaced per seed).
    public var training: TrainingConfiguration
    /// d_1 > d_2 > ... > d_L, each in (0, 1].
    public var densities: [Double]
    public var pruning: MagnitudePruning
    /// Rewind iterations t, each in 0...T.
    public var rewindIterations: [Int]
    /// Also train the random-pruning and random-reinitialization controls at every level.
    public var controls: Bool

    public init(training: TrainingConfiguration, densities: [Double], pruning: MagnitudePruning = MagnitudePruning(),
                rewindIterations: [Int] = [0], controls: Bool = true) {
        self.training = training
        self.densities = densities
        self.pruning = pruning
        self.rewindIterations = rewindIterations
        self.controls = controls
    }

    /// Levels 1...levels with d_k = densityPerLevel^k.
    public init(training: TrainingConfiguration, levels: Int = 4, densityPerLevel: Double = 0.8,
                pruning: MagnitudePruning = MagnitudePruning(), rewindIterations: [Int] = [0], controls: Bool = true) {
        self.init(training: training, densities: IMPConfiguration.geometricDensities(levels: levels, densityPerLevel: densityPerLevel),
                  pruning: pruning, rewindIterations: rewindIterations, controls: controls)
    }

    /// [r, r^2, ..., r^levels].
    public static func geometricDensities(levels: Int, densityPerLevel r: Double) -> [Double] {
        guard levels > 0 else { return [] }
        var d: [Double] = []
        var current = 1.0
        for _ in 0..<levels { current *= r; d.append(current) }
        return d
    }

    /// Checks the densities (each in (0, 1], strictly decreasing, at least one level) and the
    /// rewind points (each in 0...T for this training set), and the training configuration.
    public func validate(for data: Dataset) throws {
        try training.validate(for: data)
        guard training.model == .mlp else {
            throw PruningError.invalidOption(.model, value: training.model.rawValue, allowed: "mlp (pruning trains the standard MLP)")
        }
        guard !densities.isEmpty else { throw PruningError.invalidOption(.levels, value: "0", allowed: "at least one level") }
        for d in densities { try PruningError.checkDensity(d, parameter: .density) }
        for k in 1..<max(1, densities.count) where densities[k] >= densities[k - 1] {
            throw PruningError.invalidOption(.density, value: "\(densities[k])", allowed: "densities that decrease from level to level")
        }
        guard !rewindIterations.isEmpty else { throw PruningError.invalidOption(.rewindIteration, value: "(none)", allowed: "at least one rewind iteration") }
        let total = SparseTrainer(configuration: training, trainingSet: data).totalIterations
        for t in rewindIterations {
            guard t >= 0 else { throw PruningError.invalidOption(.rewindIteration, value: "\(t)", allowed: "an iteration in 0...\(total)") }
            guard t <= total else { throw PruningError.rewindPastEnd(iteration: t, total: total) }
        }
    }
}
