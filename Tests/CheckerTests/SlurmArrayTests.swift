import Foundation
import Testing
@testable import Checker

/// The Slurm side of a sweep without Slurm: the sbatch scripts (golden files), the array index
/// lists, the per-cell lock, and the status of every cell from fake cell folders and fake
/// squeue/sacct answers.
@Suite struct SlurmArrayTests {
    static let cells = (0..<4).map { SweepCell(index: $0, name: ["m200-seed0", "m200-seed1", "m400-seed0", "m400-seed1"][$0]) }

    static func resources(extra: [(key: String, value: String)] = []) -> SlurmArray.Resources {
        SlurmArray.Resources(jobName: "lth-check", cpusPerTask: 1, memoryMiB: 300, time: "2:00:00", arrayLimit: 2, extra: extra)
    }

    @Test func arrayScriptMatchesGolden() throws {
        let array = SlurmArray(outputFolder: URL(fileURLWithPath: "/shared/runs/demo"))
        let script = array.arrayScript(cellCount: 8, resources: Self.resources(extra: [("partition", "cpu"), ("account", "lab"), ("mem", "2G")]),
                                       workingDirectory: "/home/me/lth project", command: ["/opt/lth/bin/lth", "check", "Experiments/theory-demo.yaml", "--out", "/shared/runs/demo", "--epsilon", "0.1,0.2"],
                                       cellArguments: ["--cell"])
        try Golden.check(script.text, against: "slurm_array.sh")
        let collect = array.collectScript(resources: Self.resources(), workingDirectory: "/home/me/lth project",
                                          command: ["/opt/lth/bin/lth", "check", "Experiments/theory-demo.yaml", "--out", "/shared/runs/demo"],
                                          collectArguments: ["--collect"])
        try Golden.check(collect.text, against: "slurm_collect.sh")
    }

    @Test func scriptRunsInBashWithTheTaskIndex() throws {
        // The script's command line, as bash expands it for task 5.
        let bash = try #require(Tool.path("bash"))
        let folder = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = SlurmScript(directives: [("job-name", "x")], comments: ["test"], workingDirectory: folder.path,
                                 command: ["/bin/echo", "it's", "a b", "$HOME"], trailingShellWords: ["\"$SLURM_ARRAY_TASK_ID\""],
                                 environment: [("OPENBLAS_NUM_THREADS", "\"${SLURM_CPUS_PER_TASK:-1}\"")])
        let url = folder.appendingPathComponent("s.sh")
        try script.text.write(to: url, atomically: true, encoding: .utf8)
        let result = try Tool.run("/usr/bin/env", ["SLURM_ARRAY_TASK_ID=5", bash, url.path], in: folder)
        #expect(result.status == 0)
        #expect(result.output == "it's a b $HOME 5\n")
    }

    @Test func arraySpecsCompressRuns() {
        #expect(SlurmScript.arraySpec([0, 1, 2, 3], limit: nil) == "0-3")
        #expect(SlurmScript.arraySpec([7, 0, 2, 1, 9, 10, 10], limit: 3) == "0-2,7,9-10%3")
        #expect(SlurmScript.arraySpec([4], limit: nil) == "4")
        #expect(SlurmScript.arraySpec([], limit: nil) == "")
    }

    @Test func quotingLeavesSafeWordsAlone() {
        #expect(SlurmScript.quote("--out=runs/a_b-1.2") == "--out=runs/a_b-1.2")
        #expect(SlurmScript.quote("a b") == "'a b'")
        #expect(SlurmScript.quote("it's") == "'it'\\''s'")
        #expect(SlurmScript.quote("") == "''")
    }

    @Test func cellListRoundTripsAndRejectsGaps() throws {
        let folder = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let array = SlurmArray(outputFolder: folder)
        let script = SlurmScript(directives: [], comments: [], workingDirectory: "/", command: ["true"])
        try array.write(cells: Self.cells, array: script, collect: script)
        #expect(try array.cellList() == Self.cells)
        try "0\ta\n2\tb\n".write(to: array.cellListURL, atomically: true, encoding: .utf8)
        #expect(throws: SweepError.self) { try array.cellList() }
        #expect(throws: SweepError.self) { try SlurmArray(outputFolder: folder.appendingPathComponent("none")).cellList() }
    }

    @Test func lockIsExclusiveAndStaleLocksAreTakenOver() throws {
        let folder = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("m200-seed0.lock")
        let first = try CellLock.acquire(at: url, isStale: { _ in false })
        #expect(CellLock.holder(at: url) == first.holder)
        // A live holder keeps it.
        #expect(throws: SweepError.self) { _ = try CellLock.acquire(at: url, isStale: { _ in false }) }
        // A holder known to be gone is replaced.
        let other = CellLock.Holder(host: "n2", pid: 7, task: "12_0", started: "2026-01-01T00:00:00Z")
        let second = try CellLock.acquire(at: url, holder: other, isStale: { $0 == first.holder })
        #expect(CellLock.holder(at: url) == other)
        first.release()  // not the holder any more: the lock stays
        #expect(FileManager.default.fileExists(atPath: url.path))
        second.release()
        #expect(!FileManager.default.fileExists(atPath: url.path))
        // No temporary record files are left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// A fake output folder: cell files for `done`, lock records for `locks`, and submissions.
    static func folder(done: [Int], locks: [Int: CellLock.Holder], submissions: [SlurmArray.Submission]) throws -> SlurmArray {
        let root = try Tool.temporaryDirectory()
        let array = SlurmArray(outputFolder: root)
        let script = SlurmScript(directives: [], comments: [], workingDirectory: "/", command: ["true"])
        try array.write(cells: cells, array: script, collect: script)
        try FileManager.default.createDirectory(at: array.unitsURL, withIntermediateDirectories: true)
        for i in done { try Data("{}".utf8).write(to: array.unitsURL.appendingPathComponent(cells[i].fileName)) }
        for (i, holder) in locks { _ = try CellLock.acquire(at: array.unitsURL.appendingPathComponent(cells[i].lockName), holder: holder, isStale: { _ in false }) }
        for s in submissions { try array.record(s) }
        return array
    }

    /// The default of --array-limit: the limit recorded with the latest submission (none before
    /// the first); a record without one (written before limits were recorded) counts with the
    /// array script's `%N`.
    @Test func previousArrayLimitIsTheLatestSubmissions() throws {
        let array = try Self.folder(done: [], locks: [:], submissions: [])
        defer { try? FileManager.default.removeItem(at: array.outputFolder) }
        let script = array.arrayScript(cellCount: 4, resources: Self.resources(), workingDirectory: "/", command: ["true"], cellArguments: ["--cell"])
        try array.write(cells: Self.cells, array: script, collect: script)
        #expect(array.arrayLimit() == 2)
        #expect(array.previousArrayLimit() == nil)
        try array.record(.init(arrayJob: "10", indices: [0, 1, 2, 3], collectJob: "11", submitted: "t"))
        #expect(array.previousArrayLimit() == 2)
        try array.record(.init(arrayJob: "12", indices: [1], collectJob: "13", submitted: "t", arrayLimit: 5))
        #expect(array.previousArrayLimit() == 5)
        #expect(array.submissions().map(\.arrayLimit) == [nil, 5])
    }

    @Test func statusFromCellFilesLocksAndQueue() throws {
        let here = CellLock.hostName
        let live = CellLock.Holder(host: here, pid: getpid(), task: "10_1", started: "t")
        let dead = CellLock.Holder(host: "elsewhere", pid: 99, task: "10_2", started: "t")
        let array = try Self.folder(done: [0], locks: [1: live, 2: dead],
                                    submissions: [.init(arrayJob: "10", indices: [0, 1, 2, 3], collectJob: "11", submitted: "t")])
        defer { try? FileManager.default.removeItem(at: array.outputFolder) }
        let view = SchedulerView(queue: ["10_1": "RUNNING", "10_3": "PENDING", "11": "PENDING"], accounting: nil,
                                 accountingProblem: "Slurm accounting is off")
        let statuses = try array.status(scheduler: view)
        #expect(statuses.map(\.state) == [.done, .running, .failed, .pending])
        #expect(statuses[2].detail.contains("no longer in Slurm's queue"))
        #expect(CellStatus.summary(statuses) == "1 done, 1 running, 1 pending, 1 failed")
    }

    @Test func tasksThatLeftTheQueueFailWithSacctsState() throws {
        let array = try Self.folder(done: [0, 1], locks: [:], submissions: [
            .init(arrayJob: "10", indices: [0, 1, 2, 3], collectJob: "11", submitted: "t"),
            .init(arrayJob: "20", indices: [3], collectJob: "21", submitted: "t"),
        ])
        defer { try? FileManager.default.removeItem(at: array.outputFolder) }
        #expect(array.latestTasks() == [0: "10_0", 1: "10_1", 2: "10_2", 3: "20_3"])
        let accounted = try array.status(scheduler: SchedulerView(queue: [:], accounting: ["10_2": "CANCELLED", "20_3": "TIMEOUT"]))
        #expect(accounted.map(\.state) == [.done, .done, .failed, .failed])
        #expect(accounted[2].detail == "task 10_2 CANCELLED (sacct) without its cell file")
        #expect(accounted[3].detail == "task 20_3 TIMEOUT (sacct) without its cell file")
        let unaccounted = try array.status(scheduler: SchedulerView(queue: [:], accounting: nil))
        #expect(unaccounted[2].detail == "task 10_2 left the queue without its cell file")
        // Without squeue nothing is claimed about the tasks.
        let blind = try array.status(scheduler: .unavailable)
        #expect(blind.map(\.state) == [.done, .done, .unknown, .unknown])
    }

    @Test func unsubmittedCellsAndDeadLocalHolders() throws {
        // A pid that has exited: a child that ran `true`.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        let gone = CellLock.Holder(host: CellLock.hostName, pid: process.processIdentifier, task: nil, started: "t")
        let array = try Self.folder(done: [], locks: [0: gone], submissions: [])
        defer { try? FileManager.default.removeItem(at: array.outputFolder) }
        let statuses = try array.status(scheduler: SchedulerView(queue: [:], accounting: [:]))
        #expect(statuses.map(\.state) == [.failed, .notSubmitted, .notSubmitted, .notSubmitted])
        #expect(statuses[0].detail.contains("has exited"))
        #expect(CellStatus.summary(statuses) == "0 done, 0 running, 0 pending, 1 failed, 3 not submitted")
    }

    @Test func squeueAndSacctLinesAreParsed() {
        #expect(SlurmCommands.parse("12_3|RUNNING\n12_4|PENDING\n13|CANCELLED by 0\nbad\n") == ["12_3": "RUNNING", "12_4": "PENDING", "13": "CANCELLED"])
    }
}
