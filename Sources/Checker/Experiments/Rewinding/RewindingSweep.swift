import Engine
import Foundation

/// The rewinding grid (`lth rewinding`, or the `rewinding` section of `lth check`) as a sweep of
/// cells, one per IMP seed (cell i is `seeds[i]`): (1) IMP with rewinding to every t over the
/// seed; for the first seed also (2) dense and sparse (last IMP level) instability at every t and
/// (3) early-bird mask distances and (4) the greedy threshold t_hat on its dense checkpoints.
/// `grid(cells:)` pools the cells into the grid and its tables. An `Experiment` whose cells
/// (`CellSweep`) are kept as units `seed<S>` in `<out>/units/` under `hash` and reused by any
/// later run with the same options; without an output folder they are computed in memory only.
public struct RewindingSweep: Sendable {
    public var base: TrainingConfiguration
    public var split: DataSplit
    /// The IMP seeds (at least two, distinct); the first seeds the other measurements.
    public var seeds: [UInt64]
    /// Rewind points t, sorted and distinct.
    public var rewinds: [Int]
    /// Checkpoints of the early-bird and t_hat measurements.
    public var steps: [Int]
    public var levels: Int
    public var criterion: MatchingCriterion
    public var stableBelow: Double
    public var earlyBirdDensity: Double
    public var greedyK: Int
    public var greedyEps: Double
    public var imp: IMPConfiguration
    public var analysis: InstabilityAnalysis
    public var detector: EarlyBirdDetector
    /// Where cells are kept (nil: in memory only).
    public var outputFolder: URL?

    public init(base: TrainingConfiguration, split: DataSplit, seeds: [UInt64], rewinds: [Int], steps: [Int], levels: Int,
                criterion: MatchingCriterion, stableBelow: Double, earlyBirdDensity: Double, greedyK: Int, greedyEps: Double,
                imp: IMPConfiguration, analysis: InstabilityAnalysis, detector: EarlyBirdDetector, outputFolder: URL?) {
        self.base = base
        self.split = split
        self.seeds = seeds
        self.rewinds = rewinds
        self.steps = steps
        self.levels = levels
        self.criterion = criterion
        self.stableBelow = stableBelow
        self.earlyBirdDensity = earlyBirdDensity
        self.greedyK = greedyK
        self.greedyEps = greedyEps
        self.imp = imp
        self.analysis = analysis
        self.detector = detector
        self.outputFolder = outputFolder
    }

    /// Everything that determines the cells (the options and the data's checksums), hashed into
    /// `configurationHash` as canonical JSON (sorted keys).
    public struct Identity: Codable, Sendable {
        var base: TrainingConfiguration
        var trainChecksum: String
        var testChecksum: String?
        var seeds: [UInt64]
        var steps: [Int]
        var imp: IMPConfiguration
        var criterion: MatchingCriterion
        var copies: Int
        var points: Int
        var stableBelow: Double
        var detector: EarlyBirdDetector
        var earlyBirdDensity: Double
        var greedyK: Int
        var greedyEps: Double
    }

    /// What the configuration hash is computed from: the options and the data's checksums.
    public var configuration: Identity {
        Identity(base: base, trainChecksum: split.train.checksum, testChecksum: split.test?.checksum, seeds: seeds,
                 steps: steps, imp: imp, criterion: criterion, copies: analysis.copies, points: analysis.points,
                 stableBelow: stableBelow, detector: detector, earlyBirdDensity: earlyBirdDensity, greedyK: greedyK,
                 greedyEps: greedyEps)
    }

    /// The cell of seed `seeds[index]`: kept from its unit when there is one of this
    /// configuration, otherwise computed (and kept when `units` has a folder).
    /// - Returns: the cell and whether it was computed now.
    func cell(_ index: Int, units: ExperimentUnits, progress: (String) -> Void) throws -> (cell: RewindingCell, computed: Bool) {
        let seed = seeds[index]
        var computed = false
        let cell = try units.unit(cells[index].name, problem: { cell in
            cell.seed == seed && cell.runs.map(\.rewindIteration) == rewinds ? nil : "not the cell of seed \(seed) with rewind points \(rewinds)"
        }) {
            computed = true
            return try measure(seed: seed, first: index == 0, progress: progress)
        }
        if !computed { progress("seed \(seed): kept from an earlier run") }
        return (cell, computed)
    }

    /// IMP over the rewind grid for one seed; for the first seed also instability, early-bird and t_hat.
    func measure(seed: UInt64, first: Bool, progress: (String) -> Void) throws -> RewindingCell {
        let runner = IterativeMagnitudePruning(configuration: imp, trainingSet: split.train, testSet: split.test)
        let runs = try withoutActuallyEscaping(progress) { progress in try runner.run(seed: seed, progress: progress) }
        var cell = RewindingCell(seed: seed, runs: runs.map { .init(rewindIteration: $0.rewindIteration, levels: $0.levels) })
        guard first else { return cell }
        var dense: [InstabilityMeasurement] = [], sparse: [InstabilityMeasurement] = []
        for run in runs {
            let t = run.rewindIteration
            dense.append(try analysis.measure(start: run.rewoundWeights, at: t, seed: seed))
            let mask = run.masks[levels]
            sparse.append(try analysis.measure(start: mask.applied(to: run.rewoundWeights), at: t, mask: mask, seed: seed))
            progress("t = \(t): dense barrier \(NumberFormat.short(dense.last!.barrier)), sparse (density \(NumberFormat.short(sparse.last!.density))) barrier \(NumberFormat.short(sparse.last!.barrier))")
        }
        let parent = try runner.denseRun(seed: seed, snapshots: Set(steps))
        let networks = steps.map { parent.snapshots[$0]! }
        let earlyBird = try detector.detect(steps: steps, networks: networks)
        let greedy = try GreedyThreshold.measure(steps: steps, networks: networks, data: split.train, trainingLoss: base.loss.kind,
                                                 subnetworkSize: greedyK, epsilon: greedyEps)
        progress("t_hat: \(greedy.value.map(String.init) ?? greedy.reason ?? "")")
        cell.denseInstability = dense
        cell.sparseInstability = sparse
        cell.earlyBird = earlyBird
        cell.greedyThreshold = greedy
        return cell
    }

    /// The grid of the cells (in seed order; the first seed's cell holds the instability,
    /// early-bird and t_hat measurements) and its IMP summary rows.
    public func grid(cells: [RewindingCell], theoreticalThresholdReason: String) throws -> (grid: RewindingGrid, impRows: [IMPSummaryRow]) {
        let impRows = try IMPSummaryRow.rows(cells.flatMap { $0.runs.map { ($0.rewindIteration, $0.levels) } }, criterion: criterion)
        let first = cells[0]
        let grid = RewindingGrid(impRows: impRows, denseInstability: first.denseInstability ?? [], sparseInstability: first.sparseInstability ?? [],
                                 earlyBird: first.earlyBird, earlyBirdDensity: earlyBirdDensity, greedyThreshold: first.greedyThreshold,
                                 theoreticalThreshold: nil, theoreticalThresholdReason: theoreticalThresholdReason)
        return (grid, impRows)
    }
}

extension RewindingSweep: CellSweep {
    public static let command = "lth rewinding"

    public var dataChecksum: String { split.train.checksum }

    public var cells: [SweepCell] {
        seeds.enumerated().map { SweepCell(index: $0.offset, name: "seed\($0.element)") }
    }

    public var sweepFolder: URL {
        outputFolder ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }

    /// The options and data are checked when the sweep is built.
    public func preflightCells() throws {}

    /// Every seed's cell, kept or computed; `progress.note` gets the measurements' lines,
    /// `progress.unit` one line per cell.
    public func run(units: ExperimentUnits, progress: ExperimentProgress) throws -> [RewindingCell] {
        try cells.map { cell in
            let (value, computed) = try withoutActuallyEscaping(progress.note) { try self.cell(cell.index, units: units, progress: $0) }
            if computed { progress.unit("seed \(seeds[cell.index]): done") }
            return value
        }
    }

    public func cell(at index: Int, units: ExperimentUnits, progress: (String) -> Void) throws -> Bool {
        try cell(index, units: units, progress: progress).computed
    }

    /// Peak resident memory of one cell, bounded above by (bytes; P the MLP's parameter count, d
    /// the input dimension, n the training samples, w the widest layer, R rewind points, L levels,
    /// S checkpoints, c copies): 256 MiB for the process + 4 d (n + test samples) (the float32
    /// data) + 4 P (S + 3 R (L + 1) + 2 c) (the snapshots of the dense run, the rewound weights,
    /// masks and final networks of every level and control, the instability copies) +
    /// 16 n w (activations and gradients of a full-data pass).
    public var cellMemoryEstimate: Int {
        let d = split.train.dimension, n = split.train.sampleCount, test = split.test?.sampleCount ?? 0
        let widths = [d] + base.hiddenWidths + [max(1, split.train.outputCount)]
        let parameters = zip(widths, widths.dropFirst()).map { ($0 + 1) * $1 }.reduce(0, +)
        let networks = steps.count + 3 * rewinds.count * (levels + 1) + 2 * analysis.copies
        return 256 << 20 + 4 * d * (n + test) + 4 * parameters * networks + 16 * n * (widths.max() ?? 1)
    }
}
