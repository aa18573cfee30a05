import Foundation

/// A theory check as a sweep of cells: one cell per (m, seed), m-major as `run` computes them
/// (cell i is m = samples[i / seeds.count], seed = seeds[i % seeds.count]).
extension TheoryExperiment: CellSweep {
    public var cells: [SweepCell] {
        SweepCell.grid(sizes: configuration.samples, seeds: configuration.seeds) { m, seed in
            String(TheoryCell.fileName(samples: m, seed: seed).dropLast(5))
        }
    }

    public var cellsFolder: URL { cellsURL }

    /// Claims the output folder (`configuration.json`) and loads the training set of the largest
    /// m (first seed), so a data source that cannot be read or has no scalar labels fails here,
    /// before any cell is submitted.
    public func prepare() throws {
        if let m = configuration.samples.max(), let seed = configuration.seeds.first {
            _ = try trainingSet(samples: m, seed: seed)
        }
        try claimOutputFolder()
    }

    public func runCell(_ index: Int, progress: (String) -> Void) throws -> Bool {
        precondition(cells.indices.contains(index), "cell index \(index) outside 0..<\(cells.count)")
        let seeds = configuration.seeds
        let m = configuration.samples[index / seeds.count], seed = seeds[index % seeds.count]
        try claimOutputFolder()
        return try cell(samples: m, seed: seed, progress: progress).computed
    }

    /// The result built from the finished cells only (nothing is computed): the report a local
    /// run gives once every cell exists. Throws `SweepError.cellsMissing` naming the missing cells.
    public func collect() throws -> CheckResult {
        try claimOutputFolder()
        let missing = missingCells()
        guard missing.isEmpty else { throw SweepError.cellsMissing(folder: cellsURL.path, names: missing.map(\.name)) }
        return try run()
    }

    /// Peak resident memory of one cell, bounded above by (bytes, the largest m and width N):
    /// 256 MiB for the process (Swift runtime, OpenBLAS buffers, the data source) +
    /// 4 * 8 m^2 (the m x m Gram matrix of lambda0, its copy for the eigen-solver, the Cholesky
    /// factor and the workspace) + 4 * 4 m N (float32 neuron activations and features, greedy's
    /// scores and sums) + 2 * 8 m d (the points as float64) + 4 N d (K + 2 + ceil(log2 T)) (the
    /// training states the exact crossings keep: at most one per checkpoint, the previous
    /// checkpoint's, and one bisection path's).
    public var cellMemoryEstimate: Int {
        let m = configuration.samples.max() ?? 0, n = configuration.width
        let d = 1024  // an upper guess of the input dimension before the data is loaded
        let states = ((try? configuration.checkpointSteps().count) ?? 2) + 2 + Int(log2(Double(max(configuration.steps, 1))).rounded(.up))
        return 256 << 20 + 32 * m * m + 16 * m * n + 16 * m * d + 4 * n * d * states
    }
}
