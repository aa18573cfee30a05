import Foundation
import Testing

/// `lth train --model ntk` then `lth predict --json`, checked against an independent numpy
/// computation of H(0) and Hinf from the exported initial weights (W0.npy, a.npy) and the data.
@Suite(.serialized) struct PredictCommandTests {
    /// Whether `python3 -c 'import numpy'` works (`make test` installs numpy).
    static let hasNumpy: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import numpy"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// m = `count` points of d = 16 with entries +-1/4 (exactly unit norm, no two parallel), and
    /// regression targets in eighths: every value is exact in float32 and in the CSV text.
    static func writeData(to url: URL, count: Int = 12) throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        var seen = Set<UInt32>()
        var lines: [String] = []
        while lines.count < count {
            let bits = UInt32(next() & 0xFFFF)
            guard !seen.contains(bits), !seen.contains(~bits & 0xFFFF) else { continue }
            seen.insert(bits)
            let x = (0..<16).map { (bits >> $0) & 1 == 1 ? "0.25" : "-0.25" }
            let label = Double(Int(next() % 15) - 7) / 8 + 0.0625
            lines.append((x + [String(label)]).joined(separator: ","))
        }
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
    }

    /// The independent computation: reads the CSV, config.json and the .npy arrays, builds
    /// Hinf = (x_i.x_j)(pi - arccos(x_i.x_j / |x_i||x_j|))/(2 pi) and
    /// H(0) = (x_i.x_j) #{r : w_r.x_i >= 0, w_r.x_j >= 0} / N in float64, and prints for every
    /// checkpoint the measured and predicted ||e||^2 and delta for both kernels.
    static let script = #"""
    import json, sys, os
    import numpy as np
    run, csv = sys.argv[1], sys.argv[2]
    data = np.loadtxt(csv, delimiter=",", dtype=np.float64)
    X, y = data[:, :-1].astype(np.float32).astype(np.float64), data[:, -1].astype(np.float32).astype(np.float64)
    config = json.load(open(os.path.join(run, "config.json")))
    training = config["training"]
    m = X.shape[0]
    eta = training["learningRate"] / (m if training["loss"]["reduction"] == "mean" else 1)
    steps = sorted(int(s[5:]) for s in os.listdir(os.path.join(run, "checkpoints")))
    def load(step, name):
        return np.load(os.path.join(run, "checkpoints", "step-%06d" % step, name)).astype(np.float64)
    W0, a = load(0, "W0.npy"), load(0, "a.npy")
    N = W0.shape[0]
    def residual(W):
        return (np.maximum(X @ W.T, 0) @ a) / np.sqrt(N) - y
    G = X @ X.T
    norms = np.sqrt(np.diag(G))
    cos = np.clip(G / np.outer(norms, norms), -1, 1)
    Hinf = G * (np.pi - np.arccos(cos)) / (2 * np.pi)
    S = (X @ W0.T >= 0).astype(np.float64)
    H0 = G * (S @ S.T) / N
    e0 = residual(W0)
    out = {}
    for name, H in (("infinite", Hinf), ("initial", H0)):
        lam, V = np.linalg.eigh(H)
        c = V.T @ e0
        rows = []
        for t in steps:
            et = residual(load(t, "W.npy"))
            eK = V @ ((1 - eta * lam) ** t * c)
            rows.append({"step": t, "residual_norm2": float(et @ et), "predicted_residual_norm2": float(eK @ eK),
                         "relative_deviation": float(np.linalg.norm(et - eK) / np.linalg.norm(e0))})
        out[name] = rows
    print(json.dumps(out))
    """#

    /// Runs python3 with `arguments`.
    static func python(_ arguments: [String]) throws -> LTHProcess.Result {
        try LTHProcess.run(executable: URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func relativeError(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }

    /// Trains an NTK run on `count` points with `trainArguments`, computes the numpy reference
    /// and runs `lth predict --json` for both kernels: every residual norm and delta(t) agree to
    /// 1e-6 relative, on the route the report names (`route`); returns the two reports.
    static func predictAgainstNumpy(count: Int, trainArguments: [String]) throws -> [String: [String: Any]] {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = directory.appendingPathComponent("points.csv")
        try Self.writeData(to: csv, count: count)
        let run = directory.appendingPathComponent("run")
        let trained = try LTHProcess.run(["train", "--data", csv.path, "--no-unit-norm", "--model", "ntk", "--kappa", "1"]
                                         + trainArguments + ["--out", run.path])
        try #require(trained.status == 0, "\(trained.stderr)")
        let scriptURL = directory.appendingPathComponent("reference.py")
        try Self.script.write(to: scriptURL, atomically: true, encoding: .utf8)
        let reference = try Self.python([scriptURL.path, run.path, csv.path])
        try #require(reference.status == 0, "\(reference.stderr)")
        let expected = try Self.json(reference.stdout)
        var reports: [String: [String: Any]] = [:]
        for kernel in ["infinite", "initial"] {
            let predicted = try LTHProcess.run(["predict", run.path, "--kernel", kernel, "--json"])
            try #require(predicted.status == 0, "\(predicted.stderr)")
            let report = try Self.json(predicted.stdout)
            #expect(report["diverges"] as? Bool == false)
            let rows = try #require(report["checkpoints"] as? [[String: Any]])
            let reference = try #require(expected[kernel] as? [[String: Any]])
            try #require(rows.count == reference.count)
            for (row, ref) in zip(rows, reference) {
                for key in ["residual_norm2", "predicted_residual_norm2"] {
                    let value = try #require(row[key] as? Double), want = try #require(ref[key] as? Double)
                    #expect(Self.relativeError(value, want) <= 1e-6, "\(kernel) step \(row["step"]!) \(key): \(value) vs numpy \(want)")
                }
                let delta = try #require(row["relative_deviation"] as? Double), want = try #require(ref["relative_deviation"] as? Double)
                #expect(abs(delta - want) <= 1e-6 * max(want, 1e-3), "\(kernel) step \(row["step"]!) delta: \(delta) vs numpy \(want)")
            }
            reports[kernel] = report
        }
        return reports
    }

    @Test(.enabled(if: PredictCommandTests.hasNumpy, "needs python3 with numpy (make test installs it)"),
          arguments: ["sum", "mean"])
    func predictAgreesWithNumpy(reduction: String) throws {
        // eta = 0.15 on the sum loss either way (lr / m with m = 12 for the mean loss).
        let lr = reduction == "sum" ? "0.15" : "1.8"
        let reports = try Self.predictAgainstNumpy(count: 12, trainArguments: [
            "--width", "48", "--steps", "60it", "--lr", lr, "--loss", reduction, "--seed", "3", "--checkpoints", "0,5,20,60"])
        for (kernel, report) in reports {
            #expect(report["route"] as? String == "eigendecomposition", "\(kernel)")
            let rows = try #require(report["checkpoints"] as? [[String: Any]])
            #expect(rows.map { $0["step"] as? Int } == [0, 5, 20, 60])
            // At step 0 the prediction is e(0) itself.
            let first = try #require(rows.first)
            #expect(Self.relativeError(first["predicted_residual_norm2"] as! Double, first["residual_norm2"] as! Double) <= 1e-12)
        }
    }

    /// m = 1024 >= `KernelTrajectory.chebyshevMinimumOrder`: `lth predict` takes the Chebyshev
    /// route (no eigendecomposition) and still agrees with numpy's `eigh` to 1e-6 relative.
    @Test(.enabled(if: PredictCommandTests.hasNumpy, "needs python3 with numpy (make test installs it)"))
    func chebyshevRouteAgreesWithNumpy() throws {
        let reports = try Self.predictAgainstNumpy(count: 1024, trainArguments: [
            "--width", "32", "--steps", "40it", "--lr", "0.01", "--loss", "sum", "--seed", "5", "--checkpoints", "0,3,40"])
        #expect(reports.count == 2)
        for (kernel, report) in reports {
            #expect(report["route"] as? String == "chebyshev", "\(kernel): route \(String(describing: report["route"]))")
            #expect(report["eigenvalue_min"] is NSNull)
            let bound = try #require(report["truncation_bound"] as? Double)
            #expect(bound <= 1e-12)
        }
    }

    @Test func predictTableNamesTheKernel() throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = directory.appendingPathComponent("run")
        let trained = try LTHProcess.run(["train", "--data", "synthetic:sphere?m=30&d=5&seed=1", "--width", "64", "--steps", "20it",
                                          "--lr", "0.1", "--checkpoints", "0,10,20", "--out", run.path])
        try #require(trained.status == 0, "\(trained.stderr)")
        let result = try LTHProcess.run(["predict", run.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("H(0)") && result.stdout.contains("delta(t)"))
    }

    @Test(arguments: [
        (["--kernel", "finite"], "--kernel"),
    ])
    func badKernelIsRejected(extra: [String], flag: String) throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try LTHProcess.run(["predict", directory.path] + extra)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(flag))
    }

    @Test func minibatchRunIsRefused() throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = directory.appendingPathComponent("run")
        let trained = try LTHProcess.run(["train", "--data", "synthetic:sphere?m=30&d=5&seed=1", "--width", "16", "--steps", "4it",
                                          "--lr", "0.1", "--batch", "10", "--checkpoints", "0,4", "--out", run.path])
        try #require(trained.status == 0, "\(trained.stderr)")
        let result = try LTHProcess.run(["predict", run.path])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("minibatch"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
