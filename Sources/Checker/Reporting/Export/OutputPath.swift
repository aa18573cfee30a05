import Engine
import Foundation

/// The check of an export's output file path, made before any work is done (the file itself
/// is then written by `AtomicFile`).
enum OutputPath {
    /// Checks an output path: it ends in `.<pathExtension>`, is not a folder, is new or an
    /// earlier export of lth (`checkReplaceable`; for a report also the PDF beside it), and its
    /// folder exists and is a writable folder (it is not created).
    /// - Throws: `ExportError.badOutput`, `.unwritable`.
    static func check(_ url: URL, pathExtension: String) throws {
        let manager = FileManager.default
        guard url.pathExtension.lowercased() == pathExtension, url.lastPathComponent.count > pathExtension.count + 1 else {
            throw ExportError.badOutput(path: url.path, allowed: "a file name ending in .\(pathExtension)")
        }
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ExportError.badOutput(path: url.path, allowed: "a file path, not a folder")
        }
        try checkReplaceable(url, pathExtension: pathExtension)
        if pathExtension == "tex" {
            // the PDF compiled beside it is replaced too
            try checkReplaceable(url.deletingPathExtension().appendingPathExtension("pdf"), pathExtension: "pdf", companion: url)
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

    /// What every file lth exports contains near its start: notebooks say "Exported by `lth
    /// export", reports name lth as their author.
    static let signatures = ["ipynb": "Exported by `lth export", "tex": "\\author{lth "]

    /// Refuses an existing file at `url` that lth did not write: it is replaced only when it
    /// carries lth's signature (`signatures`), or, for the PDF of a report (`companion` the
    /// .tex), when the .tex beside it is lth's. A user's file is never overwritten.
    /// - Throws: `ExportError.badOutput`.
    static func checkReplaceable(_ url: URL, pathExtension: String, companion: URL? = nil) throws {
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        let owner = companion ?? url
        let ext = companion?.pathExtension.lowercased() ?? pathExtension
        if let signature = signatures[ext], let handle = FileHandle(forReadingAtPath: owner.path) {
            defer { try? handle.close() }
            let head = String(decoding: (try? handle.read(upToCount: 1 << 16)) ?? Data(), as: UTF8.self)
            if head.contains(signature) { return }
        }
        throw ExportError.badOutput(path: url.path, allowed: "a new file or an earlier export of lth (this file exists and was not written by lth; it is left as it is)")
    }
}
