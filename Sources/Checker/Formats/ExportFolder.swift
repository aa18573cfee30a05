import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writing a set of text files as one unit.
public enum ExportFolder {
    /// Writes the named files into `directory` (created if missing). Each file is first written under a
    /// temporary name in the same folder; only when all are written are they renamed into place
    /// (rename(2), atomic per file, replacing older versions), so a failure leaves no partial file.
    /// - Returns: the URLs written, in the order of `exports`.
    /// - Throws: `CheckerError.unwritable` naming the folder or file.
    @discardableResult
    public static func write(_ exports: [(name: String, contents: String)], to directory: URL) throws -> [URL] {
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw CheckerError.unwritable(path: directory.path, reason: "cannot create the folder (\(error.localizedDescription))")
        }
        let token = UUID().uuidString.prefix(8)
        var staged: [(temporary: URL, final: URL)] = []
        do {
            for (name, contents) in exports {
                let final = directory.appendingPathComponent(name)
                let temporary = directory.appendingPathComponent(".\(name).partial-\(token)")
                staged.append((temporary, final))
                do {
                    try Data(contents.utf8).write(to: temporary)
                } catch {
                    throw CheckerError.unwritable(path: final.path, reason: error.localizedDescription)
                }
            }
            for (temporary, final) in staged where rename(temporary.path, final.path) != 0 {
                throw CheckerError.unwritable(path: final.path, reason: String(cString: strerror(errno)))
            }
        } catch {
            for (temporary, _) in staged { try? manager.removeItem(at: temporary) }
            throw error
        }
        return staged.map(\.final)
    }
}
