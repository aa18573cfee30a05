import Foundation
import Testing

/// `lth check --slurm --dry-run`, `--cell`, `--collect` and `lth status` without a Slurm cluster:
/// the scripts written, one cell at a time into the shared folder, collection only when every
/// cell exists (then byte-identical to a local run), and bad Slurm flags (exit 2, nothing written).
@Suite struct SlurmCommandTests {
    /// Tests/Slurm/tiny-check.yaml: four cells of a fraction of a second each.
    static let config = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Slurm/tiny-check.yaml").path
    /// Every run on one OpenBLAS thread, so reports compare bit for bit.
    static let environment = ["OPENBLAS_NUM_THREADS": "1"]

    @Test func dryRunWritesTheScriptsAndSubmitsNothing() throws {
        let folder = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("run")
        let result = try LTHProcess.run(["check", Self.config, "--out", out.path, "--slurm", "--dry-run", "--time=1:00:00",
                                         "--slurm-option", "partition=cpu", "--array-limit", "2", "--seeds", "0,1"], environment: Self.environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("dry run, nothing submitted"))
        #expect(result.stdout.contains("sbatch --parsable \(out.path)/slurm/array.sh"))
        let script = try String(contentsOf: out.appendingPathComponent("slurm/array.sh"), encoding: .utf8)
        #expect(script.contains("#SBATCH --array=0-3%2\n"))
        #expect(script.contains("#SBATCH --time=1:00:00\n#SBATCH --partition=cpu\n"))
        #expect(script.contains("#SBATCH --output=\(out.path)/slurm/logs/%A_%a.out\n"))
        // The tasks run the same command without the submission flags, plus the cell index.
        #expect(script.contains(" check \(Self.config) --out \(out.path) --seeds 0,1 --cell \"$SLURM_ARRAY_TASK_ID\"\n"))
        let collect = try String(contentsOf: out.appendingPathComponent("slurm/collect.sh"), encoding: .utf8)
        #expect(collect.contains(" check \(Self.config) --out \(out.path) --seeds 0,1 --collect\n"))
        #expect(try String(contentsOf: out.appendingPathComponent("slurm/cells.tsv"), encoding: .utf8)
            == "0\tm60-seed0\n1\tm60-seed1\n2\tm120-seed0\n3\tm120-seed1\n")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("slurm/submissions.json").path))
        let status = try LTHProcess.run(["status", out.path])
        #expect(status.status == 0)
        #expect(status.stdout.hasPrefix("lth status: \(out.path): 4 cells: 0 done, 0 running, 0 pending, 0 failed, 4 not submitted\n"))
    }

    @Test func cellsOneAtATimeThenCollectEqualsALocalRun() throws {
        let folder = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shared = folder.appendingPathComponent("shared"), local = folder.appendingPathComponent("local")
        let one = try LTHProcess.run(["check", Self.config, "--out", shared.path, "--cell", "2"], environment: Self.environment)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: shared.appendingPathComponent("units").path) == ["m120-seed0.json"])
        let early = try LTHProcess.run(["check", Self.config, "--out", shared.path, "--collect"], environment: Self.environment)
        #expect(early.status == 1)
        #expect(early.stdout.isEmpty)
        #expect(early.stderr.contains("3 cells are not finished"))
        #expect(!FileManager.default.fileExists(atPath: shared.appendingPathComponent("report").path))
        for i in [0, 1, 3, 2] {
            let run = try LTHProcess.run(["check", Self.config, "--out", shared.path, "--cell", "\(i)"], environment: Self.environment)
            #expect(run.status == 0, "\(run.stderr)")
            if i == 2 { #expect(run.stdout.contains("kept from an earlier run")) }
        }
        #expect(try LTHProcess.run(["check", Self.config, "--out", shared.path, "--collect"], environment: Self.environment).status == 0)
        #expect(try LTHProcess.run(["check", Self.config, "--out", local.path], environment: Self.environment).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: local.appendingPathComponent("report").path).sorted()
        #expect(names.count > 10)
        #expect(try FileManager.default.contentsOfDirectory(atPath: shared.appendingPathComponent("report").path).sorted() == names)
        for name in names {
            let a = try Data(contentsOf: local.appendingPathComponent("report/\(name)"))
            let b = try Data(contentsOf: shared.appendingPathComponent("report/\(name)"))
            #expect(a == b, "report/\(name) differs between the cell-by-cell and the local run")
        }
        // No lock is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: shared.appendingPathComponent("units").path).allSatisfy { $0.hasSuffix(".json") })
    }

    /// A tiny rewinding grid: three IMP seeds, so three cells (seed 0's also holds instability,
    /// early-bird and t_hat).
    static let rewinding = ["rewinding", "--data", "synthetic:sphere?m=300&d=8&seed=1", "--samples", "200", "--width", "32",
                            "--steps", "40", "--batch", "50", "--rewind", "20,0", "--levels", "1", "--no-controls", "--checkpoints", "every:20",
                            "--k", "10", "--seeds", "0,1,2"]

    @Test func rewindingCellsOneAtATimeThenCollectEqualsALocalRun() throws {
        let folder = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shared = folder.appendingPathComponent("shared"), local = folder.appendingPathComponent("local")
        let dry = try LTHProcess.run(Self.rewinding + ["--out", shared.path, "--slurm", "--dry-run"], environment: Self.environment)
        #expect(dry.status == 0, "\(dry.stderr)")
        let cells = try String(contentsOf: shared.appendingPathComponent("slurm/cells.tsv"), encoding: .utf8).split(separator: "\n")
        #expect(cells == ["0\tseed0", "1\tseed1", "2\tseed2"], "\(cells)")
        let script = try String(contentsOf: shared.appendingPathComponent("slurm/array.sh"), encoding: .utf8)
        #expect(script.contains("#SBATCH --job-name=lth-rewinding\n#SBATCH --array=0-2\n"))
        #expect(script.contains(" rewinding --data ") && script.contains(" --seeds 0,1,2 --out \(shared.path) --cell \"$SLURM_ARRAY_TASK_ID\"\n"))
        for i in [2, 1] {
            #expect(try LTHProcess.run(Self.rewinding + ["--out", shared.path, "--cell", "\(i)"], environment: Self.environment).status == 0)
        }
        let early = try LTHProcess.run(Self.rewinding + ["--out", shared.path, "--collect"], environment: Self.environment)
        #expect(early.status == 1)
        #expect(early.stderr.contains("1 cell is not finished") && early.stderr.contains("seed0"), "\(early.stderr)")
        #expect(!FileManager.default.fileExists(atPath: shared.appendingPathComponent("rewinding_grid.md").path))
        #expect(try LTHProcess.run(Self.rewinding + ["--out", shared.path, "--cell", "0"], environment: Self.environment).status == 0)
        let collect = try LTHProcess.run(Self.rewinding + ["--out", shared.path, "--collect"], environment: Self.environment)
        #expect(collect.status == 0, "\(collect.stderr)")
        #expect(collect.stderr.components(separatedBy: "kept from an earlier run").count == 4, "progress on standard error")
        #expect(collect.stdout.hasPrefix("Verdict summary"), "\(collect.stdout.prefix(200))")
        #expect(try LTHProcess.run(Self.rewinding + ["--out", local.path], environment: Self.environment).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: local.path).filter { $0 != "units" }.sorted()
        #expect(names.contains("rewinding_grid.md") && names.count > 15, "\(names)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: shared.path).filter { !["units", "slurm"].contains($0) }.sorted() == names)
        for name in names {
            let a = try Data(contentsOf: local.appendingPathComponent(name)), b = try Data(contentsOf: shared.appendingPathComponent(name))
            #expect(a == b, "\(name) differs between the cell-by-cell and the local rewinding run")
        }
        // Cells of other options (here two IMP levels instead of one) are never reused.
        var other = Self.rewinding
        other[other.firstIndex(of: "--levels")! + 1] = "2"
        let mismatch = try LTHProcess.run(other + ["--out", shared.path, "--collect"], environment: Self.environment)
        #expect(mismatch.status == 2)
        #expect(mismatch.stderr.contains("holds the results of 'lth rewinding'") && mismatch.stderr.contains("to start fresh"), "\(mismatch.stderr)")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"),
                   "needs Debian's dataset-fashion-mnist (make deps)"))
    func reproduceCellsThenCollectEqualsALocalRun() throws {
        let folder = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shared = folder.appendingPathComponent("shared"), local = folder.appendingPathComponent("local")
        for i in [1, 0] {
            let run = try LTHProcess.run(["reproduce", "--quick", "--out", shared.path, "--cell", "\(i)"], environment: Self.environment)
            #expect(run.status == 0, "\(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: shared.appendingPathComponent("tables.md").path))
        let collect = try LTHProcess.run(["reproduce", "--quick", "--out", shared.path, "--collect"], environment: Self.environment)
        #expect(collect.status == 0, "\(collect.stderr)")
        #expect(collect.stdout.contains("2 cells (2 reused)"), "\(collect.stdout)")
        #expect(try LTHProcess.run(["reproduce", "--quick", "--out", local.path], environment: Self.environment).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: local.path).filter { $0 != "units" }.sorted()
        #expect(names.contains("tables.md") && names.count >= 10, "\(names)")
        for name in names {
            let a = try Data(contentsOf: local.appendingPathComponent(name)), b = try Data(contentsOf: shared.appendingPathComponent(name))
            #expect(a == b, "\(name) differs between the cell-by-cell and the local reproduction")
        }
    }

    @Test func rewindingSlurmNeedsAnOutputFolder() throws {
        let result = try LTHProcess.run(Self.rewinding + ["--slurm", "--dry-run"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "lth: error: --slurm, --cell and --collect need --out (the folder the cells are shared in)\n", "\(result.stderr)")
    }

    @Test(arguments: [
        (["--dry-run"], "--dry-run needs --slurm"),
        (["--time", "10"], "--time needs --slurm"),
        (["--slurm", "--cell", "0"], "--slurm and --cell exclude each other"),
        (["--cell", "1", "--collect"], "--cell and --collect exclude each other"),
        (["--slurm", "--time", "1h"], "invalid value '1h' for --time: expected minutes"),
        (["--slurm", "--slurm-option", "partition"], "invalid value 'partition' for --slurm-option: expected an sbatch long option"),
        (["--slurm", "--slurm-option", "array=0-3"], "--slurm-option: 'array' is set by lth itself"),
        (["--slurm", "--array-limit", "0"], "invalid value 0 for --array-limit: expected an integer >= 1"),
        (["--cell", "4"], "cell 4 does not exist: this configuration has 4 cells"),
        (["--cell=-1"], "invalid value -1 for --cell: expected a cell index >= 0"),
    ])
    func badSlurmFlagsWriteNothing(flags: [String], message: String) throws {
        let folder = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("run")
        let result = try LTHProcess.run(["check", Self.config, "--out", out.path] + flags)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("lth: error: " + message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// --array-limit has one default in every command: the limit of the folder's previous
    /// submission (none for the first). Fake sbatch (logging its arguments, answering job ids),
    /// squeue and sacct (an empty queue: every submitted cell without its unit is failed).
    @Test func arrayLimitDefaultsToThePreviousSubmissions() throws {
        let folder = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bin = folder.appendingPathComponent("bin"), log = folder.appendingPathComponent("sbatch.log")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let tools = ["sbatch": "#!/bin/sh\necho \"$@\" >> '\(log.path)'\necho $((100 + $(wc -l < '\(log.path)')))\n",
                     "squeue": "#!/bin/sh\nexit 0\n", "sacct": "#!/bin/sh\nexit 0\n"]
        for (name, text) in tools {
            let url = bin.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }
        let environment = Self.environment.merging(["PATH": bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]) { $1 }
        let out = folder.appendingPathComponent("run")
        func arrayLines() throws -> [String] {
            try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map(String.init).filter { !$0.contains("collect.sh") }
        }
        let first = try LTHProcess.run(["check", Self.config, "--out", out.path, "--slurm"], environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("(tasks 0-3)"), "\(first.stdout)")
        let resubmit = ["status", out.path, "--resubmit-failed"]
        #expect(try LTHProcess.run(resubmit + ["--array-limit", "3"], environment: environment).status == 0)
        let inherited = try LTHProcess.run(resubmit, environment: environment)
        #expect(inherited.status == 0, "\(inherited.stderr)")
        let again = try LTHProcess.run(["check", Self.config, "--out", out.path, "--slurm"], environment: environment)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("(tasks 0-3%3)"), "\(again.stdout)")
        #expect(try String(contentsOf: out.appendingPathComponent("slurm/array.sh"), encoding: .utf8).contains("#SBATCH --array=0-3%3\n"))
        #expect(try arrayLines() == ["--parsable \(out.path)/slurm/array.sh", "--parsable --array=0-3%3 \(out.path)/slurm/array.sh",
                                     "--parsable --array=0-3%3 \(out.path)/slurm/array.sh", "--parsable \(out.path)/slurm/array.sh"])
        let limits = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("slurm/submissions.json"))) as? [[String: Any]]
        #expect(limits?.map { $0["arrayLimit"] as? Int } == [nil, 3, 3, 3])
    }

    @Test func statusOfAFolderWithoutSlurmRecordsIsBadInput() throws {
        let folder = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try LTHProcess.run(["status", folder.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("is not the output folder of a Slurm run"))
        let missing = try LTHProcess.run(["status", folder.appendingPathComponent("nope").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such folder"))
    }
}
