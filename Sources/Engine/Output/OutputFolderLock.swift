import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An advisory lock on an output folder: flock(2) on the file `FOLDER/.lth.lock`, held until
/// `release()` or the end of the process (a killed process releases it too, so a lock is never
/// stale). `exclusive` is taken by a process that owns the whole folder (every command
/// writing an output folder); `shared` by cooperating workers that each write their own part
/// (for instance one cell of an experiment each, with one more exclusive lock per part on its
/// own lock file, `init(lockFile:mode:)`). An exclusive holder records `pid P on host H since
/// T` in the lock file, which a refused process reports. Acquisition never waits: a held lock
/// throws `OutputError.locked` at once.
public final class OutputFolderLock: @unchecked Sendable {
    public enum Mode: Sendable, Equatable {
        case exclusive
        case shared
    }

    /// The lock file inside an output folder.
    public static let fileName = ".lth.lock"

    /// The lock file.
    public let url: URL
    public let mode: Mode
    private var descriptor: Int32

    /// Takes the lock of `folder` (created, with its parents, when missing).
    /// - Throws: `OutputError.locked` (held by another process), `.notAFolder`, `.unwritable`.
    public static func acquire(_ folder: URL, mode: Mode = .exclusive) throws -> OutputFolderLock {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw OutputError.notAFolder(path: folder.path) }
        } else {
            try AtomicFile.createFolder(folder)
        }
        return try OutputFolderLock(lockFile: folder.appendingPathComponent(fileName), mode: mode, folder: folder.path)
    }

    /// Takes a lock on any lock file (created when missing), e.g. one per cell of an experiment.
    public convenience init(lockFile: URL, mode: Mode) throws {
        try self.init(lockFile: lockFile, mode: mode, folder: lockFile.path)
    }

    private init(lockFile: URL, mode: Mode, folder: String) throws {
        url = lockFile
        self.mode = mode
        let fd = open(lockFile.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw OutputError.unwritable(path: lockFile.path, reason: String(cString: strerror(errno)))
        }
        guard flock(fd, (mode == .exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0 else {
            let code = errno
            let holder = OutputFolderLock.holder(fd)
            close(fd)
            guard code == EWOULDBLOCK else {
                throw OutputError.unwritable(path: lockFile.path, reason: String(cString: strerror(code)))
            }
            throw OutputError.locked(folder: folder, holder: holder)
        }
        descriptor = fd
        if mode == .exclusive {
            let line = "pid \(getpid()) on host \(ProcessInfo.processInfo.hostName) since \(ISO8601DateFormatter().string(from: Date()))\n"
            _ = ftruncate(fd, 0)
            _ = line.withCString { pwrite(fd, $0, strlen($0), 0) }
        }
    }

    /// Releases the lock (the exclusive holder first clears its record).
    public func release() {
        guard descriptor >= 0 else { return }
        if mode == .exclusive { _ = ftruncate(descriptor, 0) }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }

    /// What the holder recorded, or a generic description when it recorded nothing (shared holders).
    private static func holder(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = pread(fd, &buffer, buffer.count, 0)
        let text = count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : ""
        guard !text.isEmpty, !text.contains("\n") else { return "held by processes sharing it; no owner recorded" }
        return text
    }
}
