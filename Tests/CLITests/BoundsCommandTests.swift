import Foundation
import Testing

@Suite struct BoundsCommandTests {
    static let example = ["bounds", "--samples", "100", "--width", "1000000", "--dim", "10", "--lambda0", "0.05",
                          "--k", "50", "--epsilon", "1"]

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func versionNamesTheBLASCore() throws {
        let result = try LTHProcess.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("OpenBLAS core:"))
        #expect(!result.stdout.contains("Prescott"), "OpenBLAS must run vector kernels on this CPU")
    }

    @Test func versionReexecutesWithTheRightKernels() throws {
        // Started without OPENBLAS_CORETYPE, the binary still ends up on the CPU's kernel set.
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "OPENBLAS_CORETYPE")
        let process = Process()
        process.executableURL = LTHProcess.executable
        process.arguments = ["--version"]
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let flags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        if flags.contains(" avx512f ") && flags.contains(" avx512bw ") {
            #expect(text.contains("OpenBLAS core: SkylakeX"))
        } else if flags.contains(" avx2 ") {
            #expect(!text.contains("Prescott"))
        }
    }

    @Test func tableHasEveryQuantity() throws {
        let result = try LTHProcess.run(Self.example)
        #expect(result.status == 0)
        for quantity in ["p ", "R ", "B ", "N_req (Hoeffding)", "N_req (movement)", "eta_max", "rate", "H_k",
                         "D^2 H_k/(2k)", "k_min", "t_star", "D (a priori)"] {
            #expect(result.stdout.contains(quantity), "missing \(quantity)")
        }
        #expect(result.stdout.contains("note: no threshold"))
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let result = try LTHProcess.run(Self.example + ["--json"])
        #expect(result.status == 0)
        let object = try Self.json(result.stdout)
        for key in ["inputs", "lambda0", "lambda0_certified_lower", "theorem_a", "theorem_c", "notes"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let a = try #require(object["theorem_a"] as? [String: Any])
        for key in ["p", "radius_R", "init_loss_bound_B", "width_required", "width_required_hoeffding",
                    "width_required_movement", "eta_max", "rate", "width_ok", "eta_ok"] {
            #expect(a[key] != nil, "missing theorem_a.\(key)")
        }
        let c = try #require(object["theorem_c"] as? [String: Any])
        for key in ["harmonic_k", "greedy_term", "t_star", "k_min", "a_priori_D"] {
            #expect(c[key] != nil, "missing theorem_c.\(key)")
        }
        // N = 1e6 is far below N_req: no t_star, and JSON says null.
        #expect(c["t_star"] is NSNull)
        #expect(object["lambda0_certified_lower"] is NSNull)
        #expect((a["width_ok"] as? Bool) == false)
        let lambda0 = 0.05, m = 100.0
        #expect(abs((a["eta_max"] as! Double) - lambda0 / (2 * m * m)) <= 1e-18)
    }

    @Test func thresholdExistsWhenHypothesesHold() throws {
        // One point, lambda0 = 1/2: N_req is about 2e9, so the theorem applies at N = 1e10;
        // a measured diameter makes the greedy term small.
        let result = try LTHProcess.run(["bounds", "--samples", "1", "--width", "10000000000", "--dim", "3", "--lambda0", "0.5",
                                         "--k", "10", "--epsilon", "0.5", "--diameter", "0.5", "--json"])
        #expect(result.status == 0)
        let c = try #require(try Self.json(result.stdout)["theorem_c"] as? [String: Any])
        #expect((c["t_star"] as? Double).map { $0 > 0 } == true)
    }

    @Test func dataComputesCertifiedLambda0() throws {
        let result = try LTHProcess.run(["bounds", "--data", "synthetic:sphere?m=300&d=8&seed=4", "--width", "4096",
                                         "--k", "20", "--epsilon", "0.1", "--reduction", "mean", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try Self.json(result.stdout)
        let estimate = try #require(object["lambda0"] as? Double)
        let certified = try #require(object["lambda0_certified_lower"] as? Double)
        #expect(certified > 0 && certified <= estimate)
        let inputs = try #require(object["inputs"] as? [String: Any])
        #expect(inputs["samples"] as? Int == 300)
        #expect(inputs["dim"] as? Int == 8)
        #expect(inputs["y_norm2"] as? Double == 300)
        #expect((inputs["data"] as? String)?.contains("unit norm") == true)
    }

    @Test func csvDataWithLabelColumn() throws {
        let directory = try LTHProcess.temporaryDirectory()
        let file = directory.appendingPathComponent("points.csv")
        try "label,x1,x2,x3\n1,1,0,0\n-1,0,1,0\n1,0,0,1\n-1,1,1,0\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try LTHProcess.run(["bounds", "--data", file.path, "--label-column", "0", "--width", "100", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let inputs = try #require(try Self.json(result.stdout)["inputs"] as? [String: Any])
        #expect(inputs["samples"] as? Int == 4)
        #expect(inputs["dim"] as? Int == 3)
        #expect(inputs["y_norm2"] as? Double == 4)
    }

    /// Every bad input: exit status 2, nothing on standard output, one line on standard error
    /// naming the flag or file.
    @Test(arguments: [
        (["--samples", "0"], "--samples"),
        (["--width", "0"], "--width"),
        (["--dim", "0"], "--dim"),
        (["--delta", "1"], "--delta"),
        (["--delta", "0"], "--delta"),
        (["--kappa", "0"], "--kappa"),
        (["--lambda0", "0"], "--lambda0"),
        (["--lambda0", "-1"], "--lambda0"),
        (["--lr", "0"], "--lr"),
        (["--epsilon", "0"], "--epsilon"),
        (["--k", "0"], "--k"),
        (["--reduction", "median"], "--reduction"),
        (["--width", "many"], "--width"),
        (["--frobnicate", "1"], "--frobnicate"),
    ])
    func badParameter(change: [String], flag: String) throws {
        var arguments = ["bounds", "--samples", "10", "--width", "100", "--dim", "3", "--lambda0", "0.1"]
        var i = 0
        while i < change.count {
            if let index = arguments.firstIndex(of: change[i]) { arguments[index + 1] = change[i + 1] }
            else { arguments += [change[i], change[i + 1]] }
            i += 2
        }
        let result = try LTHProcess.run(arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(flag), "\(result.stderr)")
    }

    @Test func parallelPointsAreNamed() throws {
        let directory = try LTHProcess.temporaryDirectory()
        let file = directory.appendingPathComponent("parallel.csv")
        // Rows 0 and 2 are parallel (the same direction after unit-norm scaling).
        try "1,0,0,1\n0,1,0,1\n2,0,0,1\n0,0,1,1\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try LTHProcess.run(["bounds", "--data", file.path, "--width", "100"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("lambda0 = 0"), "\(result.stderr)")
        #expect(result.stderr.contains("0") && result.stderr.contains("2"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func zeroVectorIsNamed() throws {
        let directory = try LTHProcess.temporaryDirectory()
        let file = directory.appendingPathComponent("zero.csv")
        try "1,0,1\n0,0,1\n0,1,-1\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try LTHProcess.run(["bounds", "--data", file.path, "--width", "100"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("row 1") || result.stderr.contains("point 1"), "\(result.stderr)")
    }

    @Test(arguments: [
        ("missing", "/nonexistent/points.csv"),
        ("malformed", "MALFORMED"),
        ("directory", "/nonexistent-directory"),
        ("scheme", "synthetic:cube?m=3"),
    ])
    func badDataSource(kind: String, source: String) throws {
        var source = source
        if kind == "malformed" {
            let file = try LTHProcess.temporaryDirectory().appendingPathComponent("bad.csv")
            try "1,2,3\n4,five,6\n".write(to: file, atomically: true, encoding: .utf8)
            source = file.path
        }
        let result = try LTHProcess.run(["bounds", "--data", source, "--width", "100"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("lth: error:"))
    }

    @Test func conflictingFlags() throws {
        for extra in [["--lambda0", "0.1"], ["--dim", "4"], ["--y-norm2", "3"]] {
            let result = try LTHProcess.run(["bounds", "--data", "synthetic:sphere?m=20&d=4", "--width", "10"] + extra)
            #expect(result.status == 2)
            #expect(result.stderr.contains(extra[0]))
        }
    }

    /// Issue 14: k_min above 2^53 hung in the bisection; now it returns at once with the real
    /// value and a note that it exceeds integer precision.
    @Test func smallestSizeBeyondIntegerPrecisionReturns() throws {
        let result = try LTHProcess.run(["bounds", "--samples", "1000", "--width", "746", "--dim", "10", "--lambda0", "0.08",
                                         "--k", "100", "--epsilon", "1"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("k_min"))
        #expect(result.stdout.contains("exceeds 2^53"))
    }

    /// Issue 14: `bounds strong --constant 1e18` trapped converting the hidden width to Int.
    @Test func strongWithAHugeConstantDoesNotTrap() throws {
        let result = try LTHProcess.run(["bounds", "strong", "--widths", "784,300,100,10", "--epsilon", "0.01", "--constant", "1e18", "--json"])
        #expect(result.status == 0)
        let object = try Self.json(result.stdout)
        let pairs = try #require(object["pairs"] as? [[String: Any]])
        #expect(pairs.count == 3)
        #expect((pairs[0]["pensia_hidden_width_estimate"] as? Double).map { $0 > 1e21 } == true)
    }
}
