import Foundation
import Testing
@testable import Engine

#if canImport(Glibc)
import Glibc
#endif

/// Sizes are checked before anything is allocated: `MemoryEstimate` never traps, schedules
/// and lengths never overflow or loop over a huge count, and training allocates nothing per
/// iteration up front.
@Suite struct ResourceLimitTests {
    @Test func estimatesSaturateInsteadOfTrapping() {
        #expect(MemoryEstimate.product(1 << 40, 1 << 40) == Int.max)
        #expect(MemoryEstimate.product(1 << 40, 0, Int.max) == 0)
        #expect(MemoryEstimate.product(3, 5, 7) == 105)
        #expect(MemoryEstimate.sum([Int.max, 1]) == Int.max)
        let huge = MemoryEstimate.training(model: .mlp, widths: [Int.max, Int.max], dimension: 784, outputs: 10, samples: 5000,
                                           checkpoints: Int.max, keptSnapshots: Int.max)
        #expect(huge.bytes == Int.max)
        #expect(MemoryEstimate.format(Int.max) == "more than 8 EiB")
        #expect(MemoryEstimate.format(1536) == "1.50 KiB")
        #expect(MemoryEstimate.format(18 << 30) == "18.0 GiB")
    }

    /// The training estimate by hand: NTK, N = 100, d = 10, m = 50, full batch, 3 checkpoints.
    @Test func theTrainingEstimateIsItsDocumentedFormula() {
        let e = MemoryEstimate.training(model: .ntk, widths: [100], dimension: 10, outputs: 1, samples: 50, checkpoints: 3)
        let p = 100 * 10 + 100
        #expect(MemoryEstimate.parameterCount(model: .ntk, widths: [100], dimension: 10, outputs: 1) == p)
        #expect(MemoryEstimate.parameterCount(model: .mlp, widths: [300, 100], dimension: 784, outputs: 10) == 266_610)
        let expected = 5 * p * 4 + 3 * 50 * (10 + 1 + 2) * 4 + 3 * 50 * 100 * 4 + 2 * 50 * 100 * 4 + 3 * 8
        #expect(e.bytes == expected)
        #expect(e.dominant?.parameters.contains(.width) == true)
        // the number of iterations does not appear: nothing is allocated per iteration
        #expect(!e.terms.contains { $0.parameters.contains(.steps) })
    }

    @Test func dataSourcesAreEstimatedBeforeTheyAreGenerated() {
        let e = MemoryEstimate.dataSource("synthetic:sphere?m=400000000&d=10")
        #expect(e.bytes > 16_000_000_000)
        #expect(e.dominant?.parameters == [.data])
        #expect(MemoryEstimate.dataSource("not a source").bytes == 0)
    }

    @Test func memoryLimitsParseBinaryUnits() {
        #expect(MemoryLimit.parse("8G") == 8 << 30)
        #expect(MemoryLimit.parse("512M") == 512 << 20)
        #expect(MemoryLimit.parse("1.5GiB") == 3 << 29)
        #expect(MemoryLimit.parse("4096") == 4096)
        #expect(MemoryLimit.parse("2kb") == 2048)
        for bad in ["", "0", "-1G", "8X", "G", "1e30", "99999999999P"] { #expect(MemoryLimit.parse(bad) == nil, "\(bad)") }
        #expect(MemoryLimit.machineDefault > 0)
    }

    @Test func trainingLengthsNeverOverflow() throws {
        #expect(try TrainingLength(parsing: "9223372036854775807ep").iterations(perEpoch: 2) == Int.max)
        #expect(try TrainingLength(parsing: "3ep").iterations(perEpoch: 7) == 21)
        let data = TrainingFixtures.twoClass(m: 8, d: 3, seed: 1)
        for length in ["9223372036854775807ep", "4611686018427387904ep", "1099511627777"] {
            let config = TrainingConfiguration(model: .ntk, hiddenWidths: [4], length: try TrainingLength(parsing: length), learningRate: 0.1, seed: 0)
            #expect(throws: TrainingError.self) { try config.validate(for: data) }
        }
    }

    @Test func hugeCheckpointCountsNeitherHangNorAllocate() throws {
        let schedule = try CheckpointSchedule(parsing: "geometric:1000000000000")
        #expect(schedule.countUpperBound(total: 40) == 41)
        #expect(schedule.steps(total: 40) == Array(0...40))
        // below the threshold of the shortcut the schedule is the same as before
        #expect(try CheckpointSchedule(parsing: "geometric:5").steps(total: 16) == [0, 1, 2, 4, 8, 16])
        #expect(try CheckpointSchedule(parsing: "every:1").countUpperBound(total: 1 << 40) == (1 << 40) + 1)
        #expect(try CheckpointSchedule(parsing: "every:4611686018427387904").steps(total: Int.max - 1) == [0, 4611686018427387904, Int.max - 1])
        for spec in ["0,10,20", "5,10,...", "every:3", "geom:1,2,...", "geometric:7"] {
            let s = try CheckpointSchedule(parsing: spec)
            for total in [0, 1, 17, 1000] { #expect(s.steps(total: total).count <= s.countUpperBound(total: total), "\(spec) \(total)") }
        }
    }

    /// The contraction at a checkpoint is the running product of the per-step ratios since the
    /// previous checkpoint (the last one from the checkpoint's own evaluation), as the step
    /// records give them: max and geometric mean, bit for bit.
    @Test func checkpointContractionsAreTheStepRatios() throws {
        let data = TrainingFixtures.twoClass(m: 12, d: 5, seed: 1)
        let config = TrainingConfiguration(model: .ntk, hiddenWidths: [200], length: .iterations(60), learningRate: 0.02,
                                           kappa: 1, seed: 4, checkpoints: try CheckpointSchedule(parsing: "0,1,7,30,60"))
        var steps: [StepRecord] = []
        var checkpoints: [Checkpoint] = []
        try Trainer(configuration: config, trainingSet: data).run(onStep: { steps.append($0) }, onCheckpoint: { checkpoints.append($0) })
        for (previous, current) in zip(checkpoints, checkpoints.dropFirst()) {
            let p = previous.step, t = current.step
            var ratios = steps[(p + 1)..<t].map { $0.contraction! }
            ratios.append(current.measurements.trainResidualNorm2! / (2 * steps[t - 1].loss))
            #expect(current.measurements.contractionMax == ratios.max())
            #expect(current.measurements.contractionGeometricMean == exp(ratios.reduce(0) { $0 + log($1) } / Double(t - p)))
        }
    }

    /// A full-batch run of 10^8 iterations stopped after three: before, the trainer allocated
    /// 8 bytes per iteration up front (800 MB here, 8 GB for 10^9).
    @Test func fullBatchTrainingAllocatesNothingPerIteration() throws {
        struct Stop: Error {}
        func peakKiB() -> Int {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return usage.ru_maxrss
        }
        let data = TrainingFixtures.twoClass(m: 16, d: 4, seed: 2)
        let config = TrainingConfiguration(model: .ntk, hiddenWidths: [32], length: .iterations(100_000_000), learningRate: 0.01,
                                           seed: 0, checkpoints: .list([.iterations(0), .iterations(3)]))
        let before = peakKiB()
        #expect(throws: Stop.self) {
            try Trainer(configuration: config, trainingSet: data).run(onCheckpoint: { if $0.step == 3 { throw Stop() } })
        }
        #expect(peakKiB() - before < 200_000)
    }
}
