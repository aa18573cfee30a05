import Engine
import Foundation
import LinearAlgebra

/// `lth-bench peers <workload> --work DIR [--reps R] [--steps T] [--k K] [--m M]`: the toolkit's
/// side of `make bench-peers` (Benchmarks/peers/driver.py runs the PyTorch/scipy side and
/// alternates the two).
///
/// Each workload writes its inputs (data, initial weights, batch order, activations) as `.npy`
/// files into `DIR/<workload>/` so that the Python side computes on exactly the same numbers,
/// then runs `R` timed repetitions (warm-up excluded) and prints one JSON object per line
/// (`{"workload": ..., "side": "toolkit", ...}`); everything else it prints is plain text.
/// Workloads:
/// - `limits`: sgemm throughput (2048^3, best of 5) and memory bandwidth (streaming sum and one
///   sgemv over a 1 GiB float32 matrix, best of 3);
/// - `mlp`, `ntk`, `ntk-small`: `T` training iterations end to end (default 1000), per-step
///   times from the intervals between step callbacks, and the time of the same shapes' sgemm
///   calls alone (see `PeersBenchmark.Training`);
/// - `greedy`: exact greedy forward selection to k = K (default 200), N = 10000, m = 60000;
/// - `lambda0`: certified lambda_0 of Hinf for M points (default 8000) on S^15.
/// Bad arguments: one line on standard error naming the argument and the allowed values, exit 2.
enum PeersBenchmark {
    static let workloads = ["limits", "mlp", "ntk", "ntk-small", "greedy", "lambda0"]

    struct Options {
        var workload: String
        var work: URL
        var reps = 1
        var steps = 1000
        var k = 200
        var m = 8000
    }

    static func run(_ arguments: [String]) {
        let options = parse(arguments)
        do {
            try FileManager.default.createDirectory(at: options.work, withIntermediateDirectories: true)
            switch options.workload {
            case "limits": Limits.run()
            case "mlp", "ntk", "ntk-small": try Training.run(Training.shape(options.workload), options: options)
            case "greedy": try Greedy.run(options: options)
            default: try Lambda0.run(options: options)
            }
        } catch {
            fail("peers \(options.workload): \(error)", status: 1)
        }
    }

    static func parse(_ arguments: [String]) -> Options {
        guard let workload = arguments.first, workloads.contains(workload) else {
            fail("lth-bench peers: expected a workload, one of \(workloads.joined(separator: ", ")) (got '\(arguments.first ?? "")')")
        }
        var options = Options(workload: workload, work: URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("lth-peers"))
        var index = 1
        func value(_ flag: String) -> String {
            guard index + 1 < arguments.count else { fail("lth-bench peers: \(flag) needs a value") }
            index += 1
            return arguments[index]
        }
        func positive(_ flag: String) -> Int {
            let text = value(flag)
            guard let n = Int(text), n >= 1 else { fail("lth-bench peers: invalid value '\(text)' for \(flag): expected an integer >= 1") }
            return n
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--work": options.work = URL(fileURLWithPath: value("--work"))
            case "--reps": options.reps = positive("--reps")
            case "--steps": options.steps = positive("--steps")
            case "--k": options.k = positive("--k")
            case "--m": options.m = positive("--m")
            default: fail("lth-bench peers: unknown argument '\(arguments[index])' (allowed: --work DIR, --reps R, --steps T, --k K, --m M)")
            }
            index += 1
        }
        return options
    }

    static func fail(_ message: String, status: Int32 = 2) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(status)
    }

    /// Prints one JSON object on one line (keys sorted); non-finite numbers become null.
    static func emit(_ fields: [String: Any]) {
        func clean(_ value: Any) -> Any {
            switch value {
            case let x as Double: return x.isFinite ? x : NSNull()
            case let x as Float: return x.isFinite ? Double(x) : NSNull()
            case let x as [Double]: return x.map { clean($0) }
            case let x as [Any]: return x.map(clean)
            case let x as [String: Any]: return x.mapValues(clean)
            default: return value
            }
        }
        var object = fields.mapValues(clean)
        object["side"] = "toolkit"
        do {
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } catch {
            fail("peers: cannot encode the result as JSON: \(error)", status: 1)
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        duration.inSeconds
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// The folder of one workload's files, created when missing.
    static func folder(_ options: Options) throws -> URL {
        let url = options.work.appendingPathComponent(options.workload)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes a JSON object to `url` (keys sorted, pretty-printed).
    static func writeJSON(_ object: [String: Any], to url: URL) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
        try AtomicFile.write(data, to: url)
    }
}
