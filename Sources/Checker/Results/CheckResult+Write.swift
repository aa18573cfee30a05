import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CheckResult {
    /// Every export of the result, as (file name, contents), in this order:
    /// `tables.txt` (terminal), `tables.md`, `table.tex` (standalone LaTeX), one CSV per table
    /// (`theorem_a.csv`, `theorem_b.csv`, `theorem_b_summary.csv`, `theorem_c.csv`,
    /// `theorem_c_summary.csv`, `law_fits.csv`), `result.json`, and for each figure of
    /// `figures` its `<name>.svg` and standalone pgfplots `<name>.tex`.
    public var exports: [(name: String, contents: String)] {
        var files: [(name: String, contents: String)] = [
            ("tables.txt", TerminalTable.render(self)),
            ("tables.md", MarkdownTable.render(self)),
            ("table.tex", LaTeXTable.render(self, standalone: true)),
        ]
        files += CSVTable.files(self)
        files.append(("result.json", JSONReport.render(self)))
        for figure in figures {
            files.append((figure.name + ".svg", SVGFigure.render(figure)))
            files.append((figure.name + ".tex", PGFPlotsFigure.render(figure, standalone: true)))
        }
        return files
    }

    /// Writes `exports` into `directory` (created if missing). Each file is first written under a
    /// temporary name in the same folder; only when all are written are they renamed into place
    /// (rename(2), atomic per file, replacing older versions), so a failure leaves no partial file.
    /// - Returns: the URLs written, in the order of `exports`.
    /// - Throws: `CheckerError.unwritable` naming the folder or file.
    @discardableResult
    public func write(to directory: URL) throws -> [URL] {
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
