import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way lth writes an output file: whole or not at all.
///
/// The contents go first into an unnamed file in the destination's folder (Linux
/// `O_TMPFILE`: invisible, and freed by the kernel if the process dies), which is then given
/// the hidden name `.<name>.partial-<token>` and renamed over the destination with rename(2)
/// (atomic on one file system, replacing an older version). Where unnamed files are not
/// supported the contents are written under the hidden name directly. A failure removes the
/// hidden file; a kill between the link and the rename (microseconds) can leave one, which
/// `removeStalePartials(in:)` deletes on the next run that owns the folder.
public enum AtomicFile {
    /// The infix of the hidden temporary names.
    public static let partialInfix = ".partial-"

    /// Writes `data` to `url`, creating the folder (and its parents) when missing.
    /// - Throws: `OutputError.unwritable` naming the file or folder.
    public static func write(_ data: Data, to url: URL) throws {
        try createFolder(url.deletingLastPathComponent())
        try Staged(data, beside: url).commit()
    }

    /// Streams a file to `url` (its folder created when missing) without holding it in memory,
    /// e.g. gigabytes of numpy data: `body` appends the bytes in order through the function it
    /// is given; the file is written under a hidden name beside `url` (`temporaryURL`) and
    /// renamed into place when `body` returns, or removed when `body` or a write fails.
    /// - Throws: `OutputError.unwritable` naming the file, or what `body` throws.
    public static func write(to url: URL, streaming body: (_ append: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        try createFolder(url.deletingLastPathComponent())
        let temporary = temporaryURL(for: url)
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw OutputError.unwritable(path: url.path, reason: String(cString: strerror(errno))) }
        do {
            try body { buffer in try Staged.writeAll(buffer, to: fd, path: url.path) }
        } catch {
            close(fd)
            unlink(temporary.path)
            throw error
        }
        guard close(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw OutputError.unwritable(path: url.path, reason: reason)
        }
        try move(temporary, to: url)
    }

    /// Writes a set of files into `directory` (created when missing) as one unit: every file is
    /// written before the first is renamed into place, so a failure while writing (disk full)
    /// leaves none of them; the renames then follow in the order given.
    /// - Returns: the URLs written, in the order of `files`.
    /// - Throws: `OutputError.unwritable` naming the folder or file.
    @discardableResult
    public static func write(_ files: [(name: String, contents: Data)], in directory: URL) throws -> [URL] {
        try createFolder(directory)
        var staged: [Staged] = []
        do {
            for (name, contents) in files {
                staged.append(try Staged(contents, beside: directory.appendingPathComponent(name)))
            }
            for file in staged { try file.commit() }
        } catch {
            for file in staged { file.discard() }
            throw error
        }
        return staged.map(\.destination)
    }

    /// `write(_:in:)` for text files (UTF-8).
    @discardableResult
    public static func write(_ files: [(name: String, contents: String)], in directory: URL) throws -> [URL] {
        try write(files.map { (name: $0.name, contents: Data($0.contents.utf8)) }, in: directory)
    }

    /// A hidden temporary path beside `url`, in the same folder.
    public static func temporaryURL(for url: URL, suffix: String = "") -> URL {
        url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent)\(partialInfix)\(UUID().uuidString.prefix(8))\(suffix)")
    }

    /// Renames `source` to `url` (same file system), removing `source` if the rename fails.
    /// - Throws: `OutputError.unwritable`.
    public static func move(_ source: URL, to url: URL) throws {
        guard rename(source.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: source)
            throw OutputError.unwritable(path: url.path, reason: reason)
        }
    }

    /// True for the hidden temporary names this type makes.
    public static func isPartial(_ name: String) -> Bool {
        name.hasPrefix(".") && name.contains(partialInfix)
    }

    /// Removes the temporary files (and build folders) that an interrupted write left in
    /// `folder` and in its sub-folders, to `depth` levels. Call it only while holding the
    /// folder's exclusive lock (`OutputFolderLock`), so no live write is touched.
    /// - Returns: the number of entries removed.
    @discardableResult
    public static func removeStalePartials(in folder: URL, depth: Int = 2) -> Int {
        let manager = FileManager.default
        guard let entries = try? manager.contentsOfDirectory(atPath: folder.path) else { return 0 }
        var removed = 0
        for name in entries {
            let url = folder.appendingPathComponent(name)
            if isPartial(name) {
                if (try? manager.removeItem(at: url)) != nil { removed += 1 }
                continue
            }
            var isDirectory: ObjCBool = false
            if depth > 0, !name.hasPrefix("."), manager.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
                removed += removeStalePartials(in: url, depth: depth - 1)
            }
        }
        return removed
    }

    /// Removes the hidden working folders in `parent` named `prefix...suffix` that a killed
    /// process left (the build folder of a `StagedFolder`, the compile folder of a report):
    /// those with a lock file (`OutputFolderLock.fileName`) that no process holds, and, with
    /// `requiringMarker`, lth's marker (`OutputFolder.markerFileName`). Others are kept.
    public static func removeAbandonedFolders(in parent: URL, prefix: String, suffix: String = "", requiringMarker: Bool) {
        let manager = FileManager.default
        for name in (try? manager.contentsOfDirectory(atPath: parent.path)) ?? [] where name.hasPrefix(prefix) && name.hasSuffix(suffix) {
            let folder = parent.appendingPathComponent(name)
            let lockFile = folder.appendingPathComponent(OutputFolderLock.fileName)
            guard !requiringMarker || ((try? OutputFolder.recordedOwner(folder)) ?? nil) != nil,
                  manager.fileExists(atPath: lockFile.path),
                  let lock = try? OutputFolderLock(lockFile: lockFile, mode: .exclusive) else { continue }
            try? manager.removeItem(at: folder)
            lock.release()
        }
    }

    /// Creates `folder` and its parents when missing (mkdir(2), so that a failure names the
    /// system's reason: "Permission denied", "No space left on device", ...).
    /// - Throws: `OutputError.unwritable` (also when `folder` or a parent is a file).
    public static func createFolder(_ folder: URL) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw OutputError.unwritable(path: folder.path, reason: "not a folder") }
            return
        }
        let parent = folder.deletingLastPathComponent()
        if parent.path != folder.path { try createFolder(parent) }
        guard mkdir(folder.path, 0o777) == 0 || errno == EEXIST else {
            throw OutputError.unwritable(path: folder.path, reason: "cannot create the folder (\(String(cString: strerror(errno))))")
        }
    }

    /// One file written but not yet in place: an unnamed file (`descriptor`) or a hidden named one.
    final class Staged {
        let destination: URL
        /// Kept for the fallback to a named file when the unnamed one cannot be linked (no /proc).
        private let data: Data
        private var descriptor: Int32 = -1
        private var named: URL?

        init(_ data: Data, beside destination: URL) throws {
            self.destination = destination
            self.data = data
            let folder = destination.deletingLastPathComponent().path
            #if os(Linux)
            // O_TMPFILE = __O_TMPFILE | O_DIRECTORY (x86-64 and arm64 value of __O_TMPFILE).
            let fd = open(folder, 0o20000000 | O_DIRECTORY | O_WRONLY | O_CLOEXEC, 0o666)
            if fd >= 0 {
                descriptor = fd
                do { try Staged.writeAll(data, to: fd, path: destination.path) } catch {
                    discard()
                    throw error
                }
                return
            }
            let code = errno
            guard code == EOPNOTSUPP || code == EISDIR || code == EINVAL || code == ENOENT else {
                throw OutputError.unwritable(path: destination.path, reason: String(cString: strerror(code)))
            }
            #endif
            try stageNamed(data)
        }

        private func stageNamed(_ data: Data) throws {
            let url = AtomicFile.temporaryURL(for: destination)
            let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            guard fd >= 0 else { throw OutputError.unwritable(path: destination.path, reason: String(cString: strerror(errno))) }
            named = url
            do {
                try Staged.writeAll(data, to: fd, path: destination.path)
            } catch {
                close(fd)
                discard()
                throw error
            }
            guard close(fd) == 0 else {
                let reason = String(cString: strerror(errno))
                discard()
                throw OutputError.unwritable(path: destination.path, reason: reason)
            }
        }

        /// Names the file and renames it over the destination.
        func commit() throws {
            if descriptor >= 0 {
                let url = AtomicFile.temporaryURL(for: destination)
                if linkat(AT_FDCWD, "/proc/self/fd/\(descriptor)", AT_FDCWD, url.path, AT_SYMLINK_FOLLOW) == 0 {
                    named = url
                } else {
                    let code = errno
                    discard()
                    guard code == ENOENT || code == EXDEV || code == EPERM else {
                        throw OutputError.unwritable(path: destination.path, reason: String(cString: strerror(code)))
                    }
                    try stageNamed(data)
                }
                let closed = descriptor >= 0 ? close(descriptor) : 0
                descriptor = -1
                guard closed == 0 else {
                    let reason = String(cString: strerror(errno))
                    discard()
                    throw OutputError.unwritable(path: destination.path, reason: reason)
                }
            }
            guard let named else { return }
            try AtomicFile.move(named, to: destination)
            self.named = nil
        }

        /// Forgets the file: closes the unnamed one, removes the named one.
        func discard() {
            if descriptor >= 0 { close(descriptor); descriptor = -1 }
            if let named { unlink(named.path); self.named = nil }
        }

        deinit { discard() }

        static func writeAll(_ data: Data, to fd: Int32, path: String) throws {
            try data.withUnsafeBytes { try writeAll($0, to: fd, path: path) }
        }

        static func writeAll(_ buffer: UnsafeRawBufferPointer, to fd: Int32, path: String) throws {
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw OutputError.unwritable(path: path, reason: String(cString: strerror(errno)))
                }
                offset += written
            }
        }
    }
}
