import Foundation
import LinearAlgebra

/// `lth-bench [lambda0] [training] [greedy] [kernel]`: the performance targets, measured and printed
/// (never asserted by tests). Each benchmark measures the machine's own limits (sgemm
/// throughput, memory bandwidth, or the reference LAPACK routine) in the same run and prints
/// its numbers as fractions of them. With no argument, all of them run. `lth-bench peers ...`
/// is the toolkit's side of `make bench-peers` (see `PeersBenchmark`).
BLASRuntime.ensureVectorKernels()
print("lth-bench: OpenBLAS core \(BLASRuntime.coreName), \(BLASRuntime.threadCount) threads")

if CommandLine.arguments.dropFirst().first == "peers" {
    PeersBenchmark.run(Array(CommandLine.arguments.dropFirst(2)))
    exit(0)
}

let all = ["lambda0", "training", "greedy", "kernel"]
let requested = CommandLine.arguments.dropFirst().isEmpty ? all : Array(CommandLine.arguments.dropFirst())
for name in requested where !all.contains(name) {
    print("lth-bench: unknown benchmark '\(name)': expected one of \(all.joined(separator: ", "))")
    exit(2)
}
for name in requested {
    switch name {
    case "lambda0": Lambda0Benchmark.run(sizes: [2000, 8000])
    case "training": TrainingBenchmark.run()
    case "kernel": KernelPredictionBenchmark.run()
    default: GreedyBenchmark.run()
    }
}
