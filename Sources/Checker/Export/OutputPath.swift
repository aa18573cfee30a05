import Foundation

/// The check of an export's output file path, made before any work is done (the file itself
/// is then written by `AtomicFile`).
enum OutputPath {
    /// Checks an output path: it ends in `.<pathExtension>`, is not a folder, and its folder
    /// exists and is a writable folder (it is not created).
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
}
