/// One independent unit of a sweep (one dense run of `lth check` or `lth reproduce`, one IMP
/// seed of the rewinding grid): the `index`-th cell of its configuration, in the order the
/// local run computes them, kept on disk as `cells/<name>.json` once finished. A Slurm array
/// task computes exactly the cell whose index is its `SLURM_ARRAY_TASK_ID`.
public struct SweepCell: Sendable, Equatable, Codable {
    /// Position in the sweep's cell list (0-based; the Slurm array index).
    public var index: Int
    /// The file stem, e.g. "m200-seed0": the result is `<name>.json`, the lock `<name>.lock`.
    public var name: String

    public init(index: Int, name: String) {
        self.index = index
        self.name = name
    }

    /// The finished cell's file name in the cells folder.
    public var fileName: String { name + ".json" }
    /// The per-cell lock's file name in the cells folder (present while a task computes it).
    public var lockName: String { name + ".lock" }

    /// The cells of a grid of training-set sizes m x seeds, m-major (cell i is
    /// m = sizes[i / seeds.count], seed = seeds[i % seeds.count]), named by `name(m, seed)`.
    public static func grid<Seed>(sizes: [Int], seeds: [Seed], name: (Int, Seed) -> String) -> [SweepCell] {
        var list: [SweepCell] = []
        for m in sizes {
            for seed in seeds { list.append(SweepCell(index: list.count, name: name(m, seed))) }
        }
        return list
    }
}

/// A sweep whose cells can be listed, computed one at a time and collected: `TheoryExperiment`,
/// `PaperExperiment` and `RewindingSweep` conform, each through its own runner (the local run
/// loops over the same `runCell` path, so a cell computed by a Slurm task is the cell a local run
/// would have computed and reuses).
public protocol CellSweep: Sendable {
    /// The cells of this configuration, `cells[i].index == i`.
    var cells: [SweepCell] { get }
    /// The folder of finished cells and their locks (`<out>/cells`).
    var cellsFolder: URL { get }
    /// Checks everything that can be checked before any cell is computed (configuration, data,
    /// output folder) and claims the output folder for this configuration (records it; refuses a
    /// folder of another configuration). Idempotent for the same configuration.
    func prepare() throws
    /// Computes cell `index` and writes its file, or keeps the file a finished run left.
    /// - Returns: true when the cell was computed, false when it was kept.
    func runCell(_ index: Int, progress: (String) -> Void) throws -> Bool
    /// An upper estimate of the peak resident memory of one cell's process, in bytes (the
    /// largest over the cells), for the scheduler's memory request.
    var cellMemoryEstimate: Int { get }
}

import Foundation

extension CellSweep {
    /// The cells whose file is missing from `cellsFolder`, in index order.
    public func missingCells() -> [SweepCell] {
        cells.filter { !FileManager.default.fileExists(atPath: cellsFolder.appendingPathComponent($0.fileName).path) }
    }
}
