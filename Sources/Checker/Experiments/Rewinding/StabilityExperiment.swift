import Engine
import Foundation

/// `lth stability` as an `Experiment`: linear-mode instability of the dense network and, with
/// IMP levels, of the level-L subnetwork, branched at every rewind point t. Units: the parent
/// run (`dense`: W(t) at every t; with levels, the IMP stages of `IMPExperiment` instead), then
/// every child run (`t<t>-dense-copy<j>`, `t<t>-sparse-copy<j>`: the copy's final weights); the
/// barriers are measured from the kept copies. While the parent run trains, its training state
/// and the W(t) it has taken are kept as the experiment's state (at branch points and about
/// every 5 s, at most 1/50 of the time; `ExperimentUnits.denseRun`), so a run stopped part-way
/// through it continues there.
public struct StabilityExperiment: Experiment {
    public static let command = "lth stability"

    /// The training; its `seed` seeds the initialization and the data order up to t.
    public var training: TrainingConfiguration
    public var split: DataSplit
    /// Branch iterations t, in order.
    public var rewinds: [Int]
    public var analysis: InstabilityAnalysis
    /// The IMP run whose level-L subnetwork is measured too (nil: dense only).
    public var imp: IMPConfiguration?

    public init(training: TrainingConfiguration, split: DataSplit, rewinds: [Int], analysis: InstabilityAnalysis, imp: IMPConfiguration?) {
        self.training = training
        self.split = split
        self.rewinds = rewinds
        self.analysis = analysis
        self.imp = imp
    }

    public struct Configuration: Encodable {
        var training: TrainingConfiguration
        var trainChecksum: String
        var testChecksum: String?
        var rewinds: [Int]
        var copies: Int
        var points: Int
        var threshold: Double
        var imp: IMPConfiguration?
    }

    public var configuration: Configuration {
        Configuration(training: training, trainChecksum: split.train.checksum, testChecksum: split.test?.checksum, rewinds: rewinds,
                      copies: analysis.copies, points: analysis.points, threshold: analysis.threshold, imp: imp)
    }

    public var dataChecksum: String { split.train.checksum }

    public var unitCount: Int {
        if let imp {
            return IterativeMagnitudePruning(configuration: imp, trainingSet: split.train).stageCount + 2 * imp.rewindIterations.count * analysis.copies
        }
        return 1 + rewinds.count * analysis.copies
    }

    /// The barriers at every t: dense, and sparse (empty without IMP levels).
    public struct Result: Sendable {
        public var dense: [InstabilityMeasurement]
        public var sparse: [InstabilityMeasurement]
    }

    public func run(units: ExperimentUnits, progress: ExperimentProgress) throws -> Result {
        let seed = training.seed
        var result = Result(dense: [], sparse: [])
        if let imp {
            let stages = KeptIMPStages(units: units)
            let runs = try IterativeMagnitudePruning(configuration: imp, trainingSet: split.train, testSet: split.test)
                .run(seed: seed, stages: stages, progress: { progress.unit(stages.describe($0)) })
            for run in runs {
                let t = run.rewindIteration, mask = run.masks[imp.densities.count]
                result.dense.append(try measure(units, "t\(t)-dense", start: run.rewoundWeights, at: t, mask: nil, progress: progress))
                result.sparse.append(try measure(units, "t\(t)-sparse", start: mask.applied(to: run.rewoundWeights), at: t, mask: mask, progress: progress))
            }
        } else {
            let run = DenseRun(configuration: training, seed: seed, trainingSet: split.train, snapshots: Set(rewinds))
            let parent = try units.denseRun("dense", run, report: { kept, continued in
                progress.unit("dense network trained to T" + (kept ? " (kept from an earlier run)" : ExperimentUnits.continuation(continued)))
            }, value: \.snapshots)
            for t in rewinds {
                guard let start = parent[t] else { preconditionFailure("the parent run keeps W(t) at every branch point") }
                result.dense.append(try measure(units, "t\(t)-dense", start: start, at: t, mask: nil, progress: progress))
            }
        }
        // A state left by a run stopped between writing the parent's unit and removing the state.
        try units.removeState()
        return result
    }

    /// The copies of one branch point (each a unit) and the barrier between them.
    private func measure(_ units: ExperimentUnits, _ name: String, start: MLP, at t: Int, mask: PruningMask?,
                         progress: ExperimentProgress) throws -> InstabilityMeasurement {
        let seed = training.seed
        let kind = mask == nil ? "dense" : "sparse"
        let finals = try (0..<analysis.copies).map { j in
            try units.unit("\(name)-copy\(j)", report: { kept in
                progress.unit("t = \(t): \(kind) copy \(j + 1)/\(analysis.copies) trained" + (kept ? " (kept from an earlier run)" : ""))
            }) {
                try analysis.copy(j, start: start, at: t, mask: mask, seed: seed)
            }
        }
        let measurement = try analysis.measure(copies: finals, branchIteration: t, density: mask?.density() ?? 1)
        progress.note("  t = \(t): \(kind)\(mask == nil ? "" : " (density \(NumberFormat.short(measurement.density)))") barrier \(NumberFormat.short(measurement.barrier))")
        return measurement
    }
}
