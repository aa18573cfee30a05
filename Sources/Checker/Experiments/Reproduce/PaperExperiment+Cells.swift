import Engine
import Foundation

/// The paper's experiment as a sweep of cells: one cell per (m, seed), m-major as `run`
/// computes them (cell i is m = sizes[i / seeds.count], seed = seeds[i % seeds.count]).
extension PaperExperiment: CellSweep {
    public static let command = "lth reproduce"

    /// FNV-1a over the canonical JSON of the cell-defining part of the configuration (the comment
    /// and the analysis-only fields may differ in one folder: they only change the tables).
    public var configurationHash: String { FNV1a.hex(of: configuration.cellDefiningPart.json) }

    /// Every cell trains on its own subset (m, seed): each unit records and verifies that
    /// subset's checksum (`ExperimentUnits.data`).
    public var dataChecksum: String { ExperimentUnits.checksumPerCell }

    public var cells: [SweepCell] {
        SweepCell.grid(sizes: configuration.sizes, seeds: configuration.seeds) { m, seed in
            PaperExperimentCell.unitName(samples: m, seed: seed)
        }
    }

    public var sweepFolder: URL { outputFolder }

    /// Validates the configuration and loads the data, so a missing data set or a size beyond
    /// it fails before any cell.
    public func preflightCells() throws {
        try configuration.validate()
        _ = try configuration.checkpointSteps
        _ = try loadData()
    }

    /// Records the whole configuration in `configuration.json` (rewritten when only the fields
    /// that do not define cells changed).
    public func claimed(_ folder: URL) throws {
        let url = folder.appendingPathComponent(PaperExperiment.configurationFileName)
        let body = Data(configuration.json.utf8)
        guard FileManager.default.contents(atPath: url.path) != body else { return }
        try AtomicFile.write(body, to: url)
    }

    /// Every cell (m-major), kept or computed, then the result; `progress.unit` gets one line per cell.
    /// - Throws: `PaperExperimentError` (a configuration or data that does not fit), `DataError`,
    ///   `TrainingError`, `GreedySelectionError`, `ExperimentError`, `OutputError.unwritable`.
    public func run(units: ExperimentUnits, progress: ExperimentProgress) throws -> PaperExperimentResult {
        let config = configuration
        try config.validate()
        let steps = try config.checkpointSteps
        let (split, test, classCount) = try loadData()
        let data = (train: split.train, test: test, classCount: classCount)
        var cells: [PaperExperimentCell] = []
        var reused = 0
        for m in config.sizes {
            for seed in config.seeds {
                let (cell, computed) = try cell(samples: m, seed: seed, data: data, checkpoints: steps.count, units: units, progress: progress.unit)
                cells.append(cell)
                if !computed { reused += 1 }
            }
        }
        return PaperExperimentResult(configuration: config, checkpointSteps: steps, cells: cells, reusedCells: reused,
                                     trainDescription: data.train.description, testDescription: data.test.description)
    }

    public func cell(at index: Int, units: ExperimentUnits, progress: (String) -> Void) throws -> Bool {
        let config = configuration, seeds = config.seeds
        let (split, test, classCount) = try loadData()
        let data = (train: split.train, test: test, classCount: classCount), checkpoints = try config.checkpointSteps.count
        return try withoutActuallyEscaping(progress) { progress in
            try cell(samples: config.sizes[index / seeds.count], seed: seeds[index % seeds.count], data: data,
                     checkpoints: checkpoints, units: units, progress: progress).computed
        }
    }

    /// Peak resident memory of one cell, bounded above by (bytes; m the largest size, N the
    /// width, C = 10 classes, d = 784 and 70000 samples of Fashion-MNIST as the data's upper
    /// guess before it is loaded): 256 MiB for the process + 4 d (70000 + 2 m) (the float32
    /// splits as loaded and the cell's subset) + 4 * 8 N (m + 10000) (float32 activations and
    /// features of the training subset and the test set, greedy's scores) + 4 * 8 m C (targets,
    /// outputs, one-hot copies).
    public var cellMemoryEstimate: Int {
        let m = configuration.sizes.max() ?? 0, n = configuration.width
        let d = 784, c = 10
        return 256 << 20 + 4 * d * (70_000 + 2 * m) + 32 * n * (m + 10_000) + 32 * m * c
    }
}
