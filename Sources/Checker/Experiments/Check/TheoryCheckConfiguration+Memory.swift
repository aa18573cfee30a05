import Engine
import Foundation

extension TheoryCheckConfiguration {
    /// The memory of the largest cell (m = max `samples`) on data of dimension d
    /// (`MemoryEstimate`): the full-batch training of the NTK network of width N (the
    /// checkpoint schedule of `steps`, one snapshot at a time, and the training states the
    /// exact crossings keep: the state before each first passage on the grid, at most K, the
    /// previous checkpoint's, and one bisection path's, at most ceil(log2 T)), the Gram matrices of the
    /// certificate of lambda0 and of the largest singular value (`MemoryEstimate.gram`), and
    /// greedy selection to the largest k, and the result rows the run keeps: for each of the
    /// S x R cells (sizes x seeds) and K checkpoints, one row per subnetwork size and one for
    /// the dense network, 512 bytes each (the row and its JSON text in the cell file and the
    /// report). The data source is estimated apart (`MemoryEstimate.dataSource`); cells run one
    /// after the other, so this is also the peak of a run.
    public func cellMemoryEstimate(dimension d: Int) -> MemoryEstimate {
        let m = samples.max() ?? 0
        let schedule = try? CheckpointSchedule(parsing: checkpoints)
        let k = schedule?.countUpperBound(total: steps) ?? 2
        var e = MemoryEstimate.training(model: .ntk, widths: [width], dimension: d, outputs: 1, samples: m,
                                        checkpoints: k, keptSnapshots: 2 + k + Int(log2(Double(max(steps, 1))).rounded(.up)))
        e.add("result rows (\(samples.count * seeds.count) cells x \(k) checkpoints x \(subnetSizes.count + 1) rows)", .checkpoints,
              bytes: MemoryEstimate.product(samples.count, seeds.count, k, subnetSizes.count + 1, 512))
        e.add(MemoryEstimate.gram(samples: m, dimension: d))
        e.add(MemoryEstimate.greedySelection(samples: m, width: width, outputs: 1, size: subnetSizes.max() ?? 0))
        return e
    }
}
