import PropertyBased
import Testing
@testable import Engine

/// The engine's one batch order and its one shuffle: epochs are permutations, a resumed order
/// continues exactly where the uninterrupted one is, and the shuffles match their definitions.
@Suite struct BatchOrderTests {
    /// The rows of `count` successive batches.
    private func batches(_ order: inout BatchOrder, count: Int) -> [[Int]] {
        (0..<count).map { _ in
            let slice = order.next()
            return Array(order.order[slice.start..<(slice.start + slice.count)])
        }
    }

    @Test func everyEpochVisitsEveryRowOnceInCeilMOverBBatches() async {
        await propertyCheck(count: 60, input: Gen.int(in: 1...50), Gen.int(in: 1...50), Gen.int(in: 0...10_000)) { m, b, seed in
            let batch = min(b, m)
            let perEpoch = (m + batch - 1) / batch
            var order = BatchOrder(sampleCount: m, batchSize: batch, seed: UInt64(seed))
            for _ in 0..<3 {
                let epoch = batches(&order, count: perEpoch)
                #expect(epoch.flatMap { $0 }.sorted() == Array(0..<m))
                #expect(epoch.dropLast().allSatisfy { $0.count == batch })
                #expect(epoch.last!.count == m - (perEpoch - 1) * batch)
            }
        }
    }

    @Test func aResumedOrderContinuesTheUninterruptedOne() async {
        await propertyCheck(count: 60, input: Gen.int(in: 1...40), Gen.int(in: 1...40), Gen.int(in: 0...120), Gen.int(in: 0...10_000)) { m, b, t, seed in
            let batch = min(b, m)
            var fresh = BatchOrder(sampleCount: m, batchSize: batch, seed: UInt64(seed))
            _ = batches(&fresh, count: t)
            var resumed = BatchOrder(sampleCount: m, batchSize: batch, seed: UInt64(seed), startingAt: t)
            #expect(batches(&resumed, count: 2 * m) == batches(&fresh, count: 2 * m))
        }
    }

    @Test func theFirstEpochIsOneFisherYatesShuffleOfTheIdentity() {
        // Written out by hand from the definition: i = m-1 down to 1, swap i with nextIndex(below: i+1).
        let m = 7, seed: UInt64 = 42
        var generator = SeededGenerator(seed: seed)
        var expected = Array(0..<m)
        for i in stride(from: m - 1, to: 0, by: -1) {
            let j = generator.nextIndex(below: i + 1)
            let held = expected[i]
            expected[i] = expected[j]
            expected[j] = held
        }
        var order = BatchOrder(sampleCount: m, batchSize: m, seed: seed)
        #expect(batches(&order, count: 1) == [expected])
    }

    @Test func theShuffleIsUniformOnThreeElements() {
        // 60000 shuffles of [0, 1, 2]: each of the 6 permutations about 10000 times
        // (binomial sd about 91; 5 sd is 456).
        var generator = SeededGenerator(seed: 7)
        var counts: [[Int]: Int] = [:]
        for _ in 0..<60_000 {
            var a = [0, 1, 2]
            generator.shuffle(&a)
            counts[a, default: 0] += 1
        }
        #expect(counts.count == 6)
        #expect(counts.values.allSatisfy { abs($0 - 10_000) < 456 })
    }

    @Test func aPrefixShuffleIsASampleWithoutReplacement() async {
        await propertyCheck(count: 60, input: Gen.int(in: 1...60), Gen.int(in: 0...60), Gen.int(in: 0...10_000)) { n, c, seed in
            let count = min(c, n)
            var generator = SeededGenerator(seed: UInt64(seed))
            var a = Array(0..<n)
            generator.shufflePrefix(&a, count: count)
            #expect(a.sorted() == Array(0..<n))
            #expect(Set(a.prefix(count)).count == count)
        }
    }
}
