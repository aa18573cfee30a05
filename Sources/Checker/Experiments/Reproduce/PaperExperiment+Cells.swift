import Engine
import Foundation

/// The paper's experiment as a sweep of cells: one cell per (m, seed), m-major as `run`
/// computes them (cell i is m = sizes[i / seeds.count], seed = seeds[i % seeds.count]).
extension PaperExperiment: CellSweep {
    public var cells: [SweepCell] {
        SweepCell.grid(sizes: configuration.sizes, seeds: configuration.seeds) { m, seed in
            String(PaperExperimentCell.fileName(samples: m, seed: seed).dropLast(5))
        }
    }

    public var cellsFolder: URL { outputFolder.appendingPathComponent(PaperExperiment.cellFolderName) }

    /// Validates the configuration, loads the data (so a missing data set or a size beyond it
    /// fails before anything is submitted), records the configuration in the output folder and
    /// creates the cells folder (where the array tasks take their per-cell locks).
    public func prepare() throws {
        try configuration.validate()
        _ = try configuration.checkpointSteps
        _ = try loadData()
        try prepareFolder()
        try AtomicFile.createFolder(cellsFolder)
    }

    public func runCell(_ index: Int, progress: (String) -> Void) throws -> Bool {
        precondition(cells.indices.contains(index), "cell index \(index) outside 0..<\(cells.count)")
        let config = configuration
        try config.validate()
        try prepareFolder()
        let seeds = config.seeds
        let (split, test, classCount) = try loadData()
        let data = (train: split.train, test: test, classCount: classCount), checkpoints = try config.checkpointSteps.count
        return try withoutActuallyEscaping(progress) { progress in
            try cell(samples: config.sizes[index / seeds.count], seed: seeds[index % seeds.count], data: data,
                     checkpoints: checkpoints, progress: progress).computed
        }
    }

    /// The result built from the finished cells only (nothing is computed). Throws
    /// `SweepError.cellsMissing` naming the missing cells.
    public func collect(progress: ((String) -> Void)? = nil) throws -> PaperExperimentResult {
        try configuration.validate()
        try prepareFolder()
        let missing = missingCells()
        guard missing.isEmpty else { throw SweepError.cellsMissing(folder: cellsFolder.path, names: missing.map(\.name)) }
        return try run(progress: progress)
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
