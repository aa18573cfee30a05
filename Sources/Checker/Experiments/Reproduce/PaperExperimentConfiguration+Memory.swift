import Engine

extension PaperExperimentConfiguration {
    /// The memory of the largest cell (m = max `sizes`) on data of dimension d with C classes
    /// and `testCount` test samples (`testSamples` when set) (`MemoryEstimate`): the minibatch
    /// training of the MLP of width N (the checkpoint schedule of `iterations`, one snapshot at
    /// a time), greedy selection to the largest k against C one-hot targets, and the neuron
    /// activations on the test set, 2 m_t N floats, and the result rows the run keeps: for each
    /// of the S x R cells (sizes x seeds) and K checkpoints, one row per subnetwork size and one
    /// for the dense network, 512 bytes each (the row and its JSON text). The data source is estimated apart
    /// (`MemoryEstimate.dataSource`); cells run one after the other, so this is also the peak of a run.
    public func cellMemoryEstimate(dimension d: Int, classCount c: Int, testCount: Int) -> MemoryEstimate {
        let m = sizes.max() ?? 0
        let mt = testSamples.map { min($0, testCount) } ?? testCount
        let k = (try? checkpointSchedule)?.countUpperBound(total: iterations) ?? 2
        var e = MemoryEstimate.training(model: .mlp, widths: [width], dimension: d, outputs: c, samples: m, testSamples: mt,
                                        batch: batchSize, checkpoints: k, keptSnapshots: 1)
        e.add(MemoryEstimate.greedySelection(samples: m, width: width, outputs: c, size: subnetworkSizes.max() ?? 0))
        e.add("result rows (\(sizes.count * seeds.count) cells x \(k) checkpoints x \(subnetworkSizes.count + 1) rows)", .checkpoints,
              bytes: MemoryEstimate.product(sizes.count, seeds.count, k, subnetworkSizes.count + 1, 512))
        e.add("test-set activations (\(mt) samples x \(width) neurons)", .testSamples, bytes: MemoryEstimate.product(2, mt, width, 4))
        return e
    }
}
