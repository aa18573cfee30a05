import Engine
import Foundation

extension RewindingConfiguration {
    /// Loads the data and builds the grid's sweep (without an output folder), checking
    /// everything that needs the data, without training or writing anything: the classes have
    /// labels, the batch is at most the number of training samples, T is at most
    /// `TrainingLength.maximumIterations`, every rewind point lies in 0...T. The checkpoints are
    /// the schedule's steps together with 0, T and the rewind points (sorted, distinct); the
    /// rewind points are sorted and made distinct. IMP keeps `densityPerLevel`^l of the weights at
    /// level l (magnitude pruning in `scope`); early-bird masks use the output-weighted-norm
    /// score with a window of 3 distances below 0.1.
    ///
    /// `checkingMemory` is called with the estimate of the data source before it is read, and
    /// with the estimate of the whole grid (training, IMP, instability, early bird, greedy)
    /// before anything is allocated; it throws to refuse (`memoryKeys` names the options).
    /// Call `validate()` first: the options' own domains are not checked again.
    /// - Throws: `RewindingConfigurationError` naming the key; `DataError` for data that cannot
    ///   be read; `TrainingError` for a training configuration the data refuse.
    public func sweep(checkingMemory: (MemoryEstimate) throws -> Void) throws -> RewindingSweep {
        func fail(_ key: Key, _ value: String, _ allowed: String) -> RewindingConfigurationError {
            .invalidValue(key: key, value: value, allowed: allowed)
        }
        let (base, split) = try training(checkingMemory: checkingMemory)
        let trainer = SparseTrainer(configuration: base, trainingSet: split.train)
        let total = trainer.totalIterations
        let rewinds = Array(Set(rewind)).sorted()
        for t in rewinds where t > total {
            throw fail(.rewind, "\(t)", "an iteration in 0...\(total) (the rewind iteration lies past the end of training)")
        }
        let seedList = seeds.map(UInt64.init)
        var config = base
        config.seed = seedList[0]
        let checkpointCount = MemoryEstimate.sum([checkpoints.countUpperBound(total: total, perEpoch: trainer.iterationsPerEpoch), rewinds.count, 2])
        let parameters = MemoryEstimate.parameterCount(model: .mlp, widths: width, dimension: split.train.dimension, outputs: config.outputCount(for: split.train))
        var estimate = MemoryEstimate.training(model: .mlp, widths: width, dimension: split.train.dimension, outputs: config.outputCount(for: split.train),
                                               samples: split.train.sampleCount, testSamples: split.test?.sampleCount ?? 0, batch: batch,
                                               checkpoints: checkpointCount, keptSnapshots: 0)
        estimate.add(MemoryEstimate.rewindingGrid(parameters: parameters, hiddenWidths: width, samples: split.train.sampleCount,
                                                  outputs: config.outputCount(for: split.train), seeds: seedList.count, rewindPoints: rewinds.count,
                                                  levels: levels, controls: controls, copies: copies, points: points,
                                                  checkpoints: checkpointCount, greedyK: k))
        try checkingMemory(estimate)
        let steps = Array(Set(checkpoints.steps(total: total, perEpoch: trainer.iterationsPerEpoch) + rewinds + [0, total])).sorted()
        let imp = IMPConfiguration(training: config, levels: levels, densityPerLevel: densityPerLevel,
                                   pruning: MagnitudePruning(scope: scope), rewindIterations: rewinds, controls: controls)
        let analysis = InstabilityAnalysis(training: config, trainingSet: split.train, testSet: split.test,
                                           copies: copies, points: points, threshold: stableBelow)
        let detector = EarlyBirdDetector(densities: [earlyBirdDensity], window: 3, threshold: 0.1, score: .outputWeightedNorm)
        do {
            try imp.validate(for: split.train)
            try analysis.validate()
            try detector.validate()
        } catch let error as PruningError {
            throw Self.named(error) ?? error
        }
        return RewindingSweep(base: base, split: split, seeds: seedList, rewinds: rewinds, steps: steps, levels: levels,
                              criterion: MatchingCriterion(standardDeviations: matchingSD), stableBelow: stableBelow,
                              earlyBirdDensity: earlyBirdDensity, greedyK: k, greedyEps: epsilon,
                              imp: imp, analysis: analysis, detector: detector, outputFolder: nil)
    }

    /// Loads the data (the seeded subset of `samples`, the `classes`, rows at unit norm with
    /// `unitNorm`) and builds the MLP's training configuration (seed 0; callers set the seed):
    /// the data and its training of the grid, and of `lth imp`, `lth stability` and
    /// `lth earlybird`, which share these options. Checks that the data have class labels
    /// (pruning measures classification accuracy), that the batch is at most the number of
    /// training samples and that T is at most `TrainingLength.maximumIterations`.
    /// `checkingMemory` is called with the estimate of the data source before it is read.
    /// Call `validate()` first.
    /// - Throws: `RewindingConfigurationError` naming the key; `DataError`; `TrainingError`.
    public func training(checkingMemory: (MemoryEstimate) throws -> Void) throws -> (TrainingConfiguration, DataSplit) {
        func fail(_ key: Key, _ value: String, _ allowed: String) -> RewindingConfigurationError {
            .invalidValue(key: key, value: value, allowed: allowed)
        }
        try checkingMemory(MemoryEstimate.dataSource(data))
        let split: DataSplit
        do { split = try DataRecipe(source: data, classes: classes, samples: samples, seed: dataSeed, unitNorm: unitNorm).load() } catch let DataError.subsetTooLarge(requested, available) {
            throw fail(.samples, "\(requested)", "at most the \(available) training points of the data")
        }
        guard split.train.classCount != nil, split.train.classLabels != nil else {
            throw fail(.data, "'\(data)'", "data with class labels (pruning measures classification accuracy)")
        }
        guard batch <= split.train.sampleCount else { throw fail(.batch, "\(batch)", "1 to the \(split.train.sampleCount) training samples") }
        let base = TrainingConfiguration(model: .mlp, hiddenWidths: width, length: steps, learningRate: lr, batchSize: batch,
                                         momentum: momentum, weightDecay: weightDecay, loss: Loss(kind: loss, reduction: TrainingRecipe.twoLayer.reduction), seed: 0)
        let trainer = SparseTrainer(configuration: base, trainingSet: split.train)
        let total = trainer.totalIterations
        guard total <= TrainingLength.maximumIterations else {
            throw fail(.steps, "'\(text(of: .steps))'", "at most 2^40 = \(TrainingLength.maximumIterations) iterations (\(total == Int.max ? "more than 9.2e18" : String(total)) at \(trainer.iterationsPerEpoch) per epoch)")
        }
        try base.validate(for: split.train)
        return (base, split)
    }

    /// The engine's error about a parameter that is an option of the grid, named by its key
    /// (nil for a parameter the grid fixes, e.g. the early-bird window).
    static func named(_ error: PruningError) -> RewindingConfigurationError? {
        switch error {
        case let .invalidOption(parameter, value, allowed):
            let keys: [EngineParameter: Key] = [
                .levels: .levels, .rewindIteration: .rewind, .interpolationPoints: .points, .copies: .copies,
                .stabilityThreshold: .stableBelow, .density: .densityPerLevel, .densities: .earlyBirdDensity, .seeds: .seeds,
                .matchingStandardDeviations: .matchingSD, .checkpoints: .checkpoints, .data: .data,
            ]
            return keys[parameter].map { .invalidValue(key: $0, value: value, allowed: allowed) }
        case let .rewindPastEnd(iteration, total):
            return .invalidValue(key: .rewind, value: "\(iteration)", allowed: "an iteration in 0...\(total) (the rewind iteration lies past the end of training)")
        default:
            return nil
        }
    }
}
