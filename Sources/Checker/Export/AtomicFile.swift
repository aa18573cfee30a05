import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Output files that appear whole or not at all: the contents are written under a hidden
/// temporary name in the destination's own folder (`.<name>.partial-<token>`), then renamed
/// into place with rename(2), which is atomic on one file system and replaces an older file.
/// On any failure the temporary file is removed, so no half-written file is left behind.
enum AtomicFile {
    /// Checks an output path before any work is done: it ends in `.<pathExtension>`, is not a
    /// folder, and its folder exists and is a folder (it is not created).
    static func checkOutput(_ url: URL, pathExtension: String) throws {
        let manager = FileManager.default
        guard url.pathExtension.lowercased() == pathExtension, url.lastPathComponent.count > pathExtension.count + 1 else {
            throw ExportError.badOutput(path: url.path, allowed: "a file name ending in .\(pathExtension)")
        }
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ExportError.badOutput(path: url.path, allowed: "a file path, not a folder")
        }
        let folder = url.deletingLastPathComponent()
        guard manager.fileExists(atPath: folder.path, isDirectory: &isDirectory) else {
            throw ExportError.unwritable(path: url.path, reason: "the folder \(folder.path) does not exist")
        }
        guard isDirectory.boolValue else {
            throw ExportError.unwritable(path: url.path, reason: "\(folder.path) is not a folder")
        }
        guard manager.isWritableFile(atPath: folder.path) else {
            throw ExportError.unwritable(path: url.path, reason: "the folder \(folder.path) is not writable")
        }
    }

    /// A hidden temporary path beside `url`, in the same folder.
    static func temporaryURL(for url: URL, suffix: String = "") -> URL {
        url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).partial-\(UUID().uuidString.prefix(8))\(suffix)")
    }

    /// Writes `data` to `url` through a temporary file and a rename.
    static func write(_ data: Data, to url: URL) throws {
        let temporary = temporaryURL(for: url)
        do {
            try data.write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ExportError.unwritable(path: url.path, reason: error.localizedDescription)
        }
        try move(temporary, to: url)
    }

    /// Renames `source` to `url` (same file system), removing `source` if the rename fails.
    static func move(_ source: URL, to url: URL) throws {
        guard rename(source.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: source)
            throw ExportError.unwritable(path: url.path, reason: reason)
        }
    }
}
