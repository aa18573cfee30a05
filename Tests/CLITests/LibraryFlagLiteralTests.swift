import Foundation
import Testing

/// Libraries never know their callers: no string literal in the analytic or engine sources
/// names a command-line flag (`"--k"`, `"... --out ..."`). Errors name parameters
/// (`BoundsParameter`, `EngineParameter`) and the command line maps them to the flag typed.
@Suite struct LibraryFlagLiteralTests {
    /// The repository's `Sources/<module>` folder (this file is Tests/CLITests/...).
    private func sources(_ module: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/\(module)")
    }

    /// Lines outside comments whose string literals contain `--` followed by a letter.
    private func flagLiterals(in module: String) throws -> [String] {
        let root = sources(module)
        let files = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(!files.isEmpty, "no Swift sources under \(root.path)")
        let literal = try Regex(#""[^"\n]*--[a-z][^"\n]*""#)
        var found: [String] = []
        for file in files {
            for (n, line) in try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                if code.hasPrefix("//") { continue }
                if line.contains(literal) { found.append("\(file.lastPathComponent):\(n + 1): \(code)") }
            }
        }
        return found
    }

    @Test(arguments: ["Bounds", "Engine"])
    func noFlagLiteralInTheLibrary(_ module: String) throws {
        let found = try flagLiterals(in: module)
        #expect(found.isEmpty, "flag literals in \(module): \(found.joined(separator: "; "))")
    }

    /// The Checker's only `--` literals are the options of the external tools it runs (sbatch,
    /// git) and the comments it writes into the sbatch scripts about sbatch's own options.
    @Test func checkerHasOnlyExternalToolOptions() throws {
        let allowed = ["--parsable", "--array=", "--dependency=", "#SBATCH --array=", "\"--always\", \"--dirty\"",
                       "overrides --array on the sbatch command line", "submitted with --dependency"]
        let found = try flagLiterals(in: "Checker").filter { line in !allowed.contains { line.contains($0) } }
        #expect(found.isEmpty, "flag literals in Checker: \(found.joined(separator: "; "))")
    }

    @Test func theScanFindsAFlagLiteral() throws {
        // The command line does name flags: the scan must see them there.
        #expect(try !flagLiterals(in: "CLI").isEmpty)
    }
}
