import Foundation

/// How an exported file (a notebook, a report) names the run it was made from: the run folder's
/// path relative to the exported file's folder (`../runs/demo`), so that the file and the run can
/// be moved together (a fresh clone, another machine) and no path of the exporting machine is
/// recorded. Both folders are standardized and symbolic links resolved first; "." when they are
/// the same folder.
enum RelativePath {
    static func of(_ target: URL, from base: URL) -> String {
        let to = target.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        let from = base.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        var common = 0
        while common < to.count, common < from.count, to[common] == from[common] { common += 1 }
        let parts = Array(repeating: "..", count: from.count - common) + to[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
