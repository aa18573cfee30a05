/// The rows that each minibatch SGD iteration visits: without replacement within an epoch,
/// epochs in a seeded order.
///
/// The order starts as 0, 1, ..., m-1; each epoch begins by shuffling the previous epoch's
/// order once more (`SeededGenerator.shuffle`, Fisher–Yates) with one generator seeded by
/// `seed`, then hands out consecutive slices of `batchSize` rows; an epoch's last batch is
/// short when B does not divide m (ceil(m / B) iterations per epoch). Resuming at iteration t
/// replays the shuffles of the epochs before t, so a run resumed at t visits the same rows in
/// the same order as the uninterrupted run. The one batch order of `Trainer`, `SparseTrainer`
/// and fine-tuning (and of the PyTorch peers in `lth-bench`).
public struct BatchOrder: Sendable {
    public let sampleCount: Int
    public let batchSize: Int
    /// The current epoch's permutation of 0..<m (`next()` returns slices of it).
    public private(set) var order: [Int]
    private var generator: SeededGenerator
    /// Position in `order`; m forces a reshuffle before the next batch.
    private var cursor: Int

    /// The order of a run whose data-order generator is seeded by `seed`, positioned before
    /// iteration `iteration` (0 for a fresh run).
    /// - Precondition: 1 <= batchSize <= sampleCount, iteration >= 0.
    public init(sampleCount: Int, batchSize: Int, seed: UInt64, startingAt iteration: Int = 0) {
        precondition(batchSize >= 1 && batchSize <= sampleCount && iteration >= 0, "a batch order needs 1 <= B <= m")
        self.sampleCount = sampleCount
        self.batchSize = batchSize
        order = Array(0..<sampleCount)
        generator = SeededGenerator(seed: seed)
        cursor = sampleCount
        let perEpoch = (sampleCount + batchSize - 1) / batchSize
        let epoch = iteration / perEpoch, within = iteration % perEpoch
        for _ in 0..<epoch { generator.shuffle(&order) }
        if within > 0 {
            generator.shuffle(&order)
            cursor = within * batchSize
        }
    }

    /// The next batch as the slice order[start..<start + count] (count = B, or the epoch's
    /// remainder), shuffling first when the epoch is exhausted.
    public mutating func next() -> (start: Int, count: Int) {
        if cursor >= sampleCount {
            generator.shuffle(&order)
            cursor = 0
        }
        let start = cursor
        let count = min(batchSize, sampleCount - cursor)
        cursor += count
        return (start, count)
    }
}
