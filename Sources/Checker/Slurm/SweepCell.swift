/// One independent unit of a sweep (one dense run of `lth check` or `lth reproduce`, one IMP
/// seed of the rewinding grid): the `index`-th cell of its configuration, in the order the
/// local run computes them, kept as the unit `units/<name>.json` once finished (`CellSweep`).
/// A Slurm array task computes exactly the cell whose index is its `SLURM_ARRAY_TASK_ID`.
public struct SweepCell: Sendable, Equatable, Codable {
    /// Position in the sweep's cell list (0-based; the Slurm array index).
    public var index: Int
    /// The unit's name, e.g. "m200-seed0": the unit is `<name>.json`, the lock `<name>.lock`.
    public var name: String

    public init(index: Int, name: String) {
        self.index = index
        self.name = name
    }

    /// The finished cell's file name in the units folder.
    public var fileName: String { name + ".json" }
    /// The per-cell lock's file name in the units folder (present while a task computes it).
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
