import Engine
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A PDF beside every written SVG figure, for `\includegraphics` and for readers without
/// pgfplots: `rsvg-convert -f pdf` (Debian's librsvg2-bin) writes it under a hidden temporary
/// name in the same folder, renamed into place only when the conversion succeeded.
public enum FigurePDF {
    /// The Debian package that provides the converter, for the message when it is missing.
    public static let package = "librsvg2-bin"

    /// The path of rsvg-convert on PATH, or nil.
    public static var converterPath: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { String($0) + "/rsvg-convert" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Writes `files` into `directory` as one unit (`AtomicFile.write(_:in:)`), then a PDF beside
    /// each SVG among them: the one way every command writes its tables and figures.
    /// - Returns: the files written, in the order of `files`, then the PDFs.
    public static func write(_ files: [(name: String, contents: String)], to directory: URL) throws -> [URL] {
        let written = try AtomicFile.write(files, in: directory)
        return written + (try convert(written.filter { $0.pathExtension == "svg" }))
    }

    /// Converts each SVG to `<name>.pdf` beside it.
    /// - Returns: the PDFs written, in the order of `svgs`; empty when rsvg-convert is not on PATH
    ///   (`converterPath == nil`; the callers say so).
    /// - Throws: `CheckerError.unwritable` naming the PDF when the conversion fails.
    public static func convert(_ svgs: [URL]) throws -> [URL] {
        guard let converter = converterPath else { return [] }
        var written: [URL] = []
        for svg in svgs {
            let pdf = svg.deletingPathExtension().appendingPathExtension("pdf")
            // A hidden temporary name that AtomicFile recognizes as a stale partial (`isPartial`).
            let temporary = pdf.deletingLastPathComponent().appendingPathComponent(".\(pdf.lastPathComponent)\(AtomicFile.partialInfix)\(UUID().uuidString.prefix(8))")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: converter)
            process.arguments = ["-f", "pdf", "-o", temporary.path, svg.path]
            // The PDF's creation date from SOURCE_DATE_EPOCH (the user's, else 0), not the clock,
            // so the same figure gives the same bytes on every run.
            var environment = ProcessInfo.processInfo.environment
            if environment["SOURCE_DATE_EPOCH"] == nil { environment["SOURCE_DATE_EPOCH"] = "0" }
            process.environment = environment
            let errors = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors
            process.standardInput = FileHandle.nullDevice
            do { try process.run() } catch {
                throw CheckerError.unwritable(path: pdf.path, reason: "rsvg-convert did not start (\(error.localizedDescription))")
            }
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            guard process.terminationStatus == 0, rename(temporary.path, pdf.path) == 0 else {
                try? FileManager.default.removeItem(at: temporary)
                let line = message.split(separator: "\n").first.map(String.init) ?? "status \(process.terminationStatus)"
                throw CheckerError.unwritable(path: pdf.path, reason: "rsvg-convert failed: \(line)")
            }
            written.append(pdf)
        }
        return written
    }
}
