import Foundation

/// The list of files a command wrote, one per line, each path relative to the working
/// directory when it lies under it (as the user would type it), else as written.
func writtenFilesList(_ urls: [URL]) -> String {
    let base = FileManager.default.currentDirectoryPath
    let prefix = base.hasSuffix("/") ? base : base + "/"
    return urls.map { url -> String in
        let path = url.standardizedFileURL.path
        return "  " + (path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path)
    }.joined(separator: "\n")
}
