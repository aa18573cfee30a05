import Engine
import Foundation

/// A theory check as a sweep of cells: one cell per (m, seed), m-major as `run` computes them
/// (cell i is m = samples[i / seeds.count], seed = seeds[i % seeds.count]).
extension TheoryExperiment: CellSweep {
    public static let command = "lth check"

    /// The canonical hash of the configuration (`TheoryCheckConfiguration.hash`; the output
    /// folder is not part of it).
    public var configurationHash: String { configuration.hash }

    /// Every cell trains on its own subset (m, seed): each unit records and verifies that
    /// subset's checksum (`ExperimentUnits.data`), none is shared.
    public var dataChecksum: String { ExperimentUnits.checksumPerCell }

    public var cells: [SweepCell] {
        SweepCell.grid(sizes: configuration.samples, seeds: configuration.seeds) { m, seed in
            TheoryCell.unitName(samples: m, seed: seed)
        }
    }

    public var sweepFolder: URL { outputURL }

    /// Loads the training set of the largest m (first seed), so a data source that cannot be
    /// read or has no scalar labels fails before any cell.
    public func preflightCells() throws {
        if let m = configuration.samples.max(), let seed = configuration.seeds.first {
            _ = try trainingSet(samples: m, seed: seed)
        }
    }

    /// Records `configuration.json` (`{"hash": ..., "configuration": ...}`) in the claimed folder.
    public func claimed(_ folder: URL) throws {
        let body = "{\"hash\": \"\(configuration.hash)\", \"configuration\": \(configuration.canonicalJSON)}\n"
        let url = folder.appendingPathComponent(Self.configurationFileName)
        guard FileManager.default.contents(atPath: url.path) != Data(body.utf8) else { return }
        try AtomicFile.write(Data(body.utf8), to: url)
    }

    /// Every cell (m-major), kept or computed, then the result. `progress.unit` receives one line per cell.
    public func run(units: ExperimentUnits, progress: ExperimentProgress) throws -> CheckResult {
        var cells: [TheoryCell] = []
        for m in configuration.samples {
            for seed in configuration.seeds {
                cells.append(try cell(samples: m, seed: seed, units: units, progress: progress.unit).cell)
            }
        }
        return try result(cells: cells)
    }

    public func cell(at index: Int, units: ExperimentUnits, progress: (String) -> Void) throws -> Bool {
        let seeds = configuration.seeds
        return try cell(samples: configuration.samples[index / seeds.count], seed: seeds[index % seeds.count],
                        units: units, progress: progress).computed
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
