import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The lock of one sweep cell while a process computes it: the file `units/<name>.lock`,
/// created by exclusive creation, so at most one process computes a cell even when a task is
/// resubmitted while an old one still runs. The holder's record (host, pid, Slurm task) is written
/// to a private temporary file first and then hard-linked to the lock's name: link(2) fails when
/// the name exists, atomically, also on NFS (where O_EXCL was unreliable before NFSv3), and a
/// reader never sees a half-written record. The lock is removed when the cell is finished, when
/// the process fails, and on SIGTERM/SIGINT (Slurm's scancel and time limit send SIGTERM first);
/// a lock whose holder was killed outright is recognised as stale (`CellLiveness`) and taken over.
public struct CellLock: Sendable {
    /// Who holds a lock.
    public struct Holder: Sendable, Codable, Equatable {
        /// The host name of the holder's node.
        public var host: String
        public var pid: Int32
        /// The Slurm array task "JOBID_INDEX" (nil outside Slurm).
        public var task: String?
        /// When the lock was taken (ISO 8601, UTC).
        public var started: String

        public init(host: String, pid: Int32, task: String?, started: String) {
            self.host = host
            self.pid = pid
            self.task = task
            self.started = started
        }

        /// This process, with the Slurm task of its environment (SLURM_ARRAY_JOB_ID and
        /// SLURM_ARRAY_TASK_ID) when it runs as an array task.
        public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> Holder {
            var task: String? = nil
            if let job = environment["SLURM_ARRAY_JOB_ID"], let index = environment["SLURM_ARRAY_TASK_ID"] { task = "\(job)_\(index)" }
            return Holder(host: CellLock.hostName, pid: getpid(), task: task,
                          started: ISO8601DateFormatter().string(from: Date()))
        }

        /// "task 12_3 (pid 4711 on node1)" or "pid 4711 on node1".
        public var description: String {
            (task.map { "task \($0) (" } ?? "") + "pid \(pid) on \(host)" + (task == nil ? "" : ")")
        }
    }

    /// The lock file.
    public let url: URL
    public let holder: Holder

    /// This machine's host name (short, as Slurm names nodes).
    public static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(name.split(separator: ".").first ?? Substring(name))
    }

    /// The record of the lock at `url`, or nil when there is none (or it is unreadable).
    public static func holder(at url: URL) -> Holder? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return try? JSONDecoder().decode(Holder.self, from: data)
    }

    /// Takes the lock at `url` for `holder`. When the lock exists and `isStale` says its holder is
    /// gone, the stale lock is removed and taking it is tried once more.
    /// - Throws: `SweepError.cellBusy` when a live holder has it, `SweepError.unwritable` when the
    ///   folder cannot be written.
    public static func acquire(at url: URL, holder: Holder = .current(), isStale: (Holder?) -> Bool) throws -> CellLock {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let record = (try? encoder.encode(holder)) ?? Data()
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(holder.host).\(holder.pid).\(UUID().uuidString.prefix(8))")
        do { try record.write(to: temporary) } catch {
            throw SweepError.unwritable(path: url.path, reason: error.localizedDescription)
        }
        defer { unlink(temporary.path) }
        for attempt in 0..<2 {
            if link(temporary.path, url.path) == 0 { return CellLock(url: url, holder: holder) }
            guard errno == EEXIST else {
                throw SweepError.unwritable(path: url.path, reason: String(cString: strerror(errno)))
            }
            let current = Self.holder(at: url)
            guard attempt == 0, isStale(current) else {
                throw SweepError.cellBusy(lock: url.path, holder: current?.description ?? "an unknown process")
            }
            unlink(url.path)
        }
        throw SweepError.cellBusy(lock: url.path, holder: Self.holder(at: url)?.description ?? "an unknown process")
    }

    /// Removes the lock (when this process still holds it).
    public func release() {
        if Self.holder(at: url) == holder { unlink(url.path) }
        Self.clearTerminationCleanup()
    }

    /// Removes the lock file when the process receives SIGTERM or SIGINT, then exits with status
    /// 128 + the signal (Slurm's scancel and time limit send SIGTERM before SIGKILL).
    public func releaseOnTermination() {
        let path = strdup(url.path)
        terminationLockPath.withLock { $0 = path.map { Int(bitPattern: $0) } ?? 0 }
        for sig in [SIGTERM, SIGINT] {
            signal(sig) { received in
                let address = terminationLockAddress
                if address != 0, let p = UnsafePointer<CChar>(bitPattern: address) { unlink(p) }
                _exit(128 + received)
            }
        }
    }

    static func clearTerminationCleanup() {
        terminationLockPath.withLock { $0 = 0 }
    }
}

/// The lock path unlinked by the signal handler (a strdup'ed C string's address, 0 for none).
private let terminationLockPath = TerminationAddress()

/// Read by the signal handler without locking (a word-sized load).
private var terminationLockAddress: Int { terminationLockPath.unsafeValue }

private final class TerminationAddress: @unchecked Sendable {
    private var value = 0
    private let mutex = NSLock()
    func withLock(_ body: (inout Int) -> Void) {
        mutex.lock()
        body(&value)
        mutex.unlock()
    }
    var unsafeValue: Int { value }
}
