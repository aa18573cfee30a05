import Foundation
import Testing

/// Every statement in `Proofs/` names the Swift function that evaluates it (`\lthcode{path}{symbol}`)
/// and the test that checks it (`\lthtest{path}{name}`). This test keeps those names honest: each
/// named file must exist and contain the symbol's base name (the text before the first `(` after
/// the last `.`), each named test must be a `func` in its file.
@Suite struct ProofReferencesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Reference: CustomStringConvertible {
        let macro: String, path: String, symbol: String
        var description: String { "\\\(macro){\(path)}{\(symbol)}" }
    }

    static func references() throws -> [Reference] {
        let proofs = root.appendingPathComponent("Proofs")
        let files = try FileManager.default.contentsOfDirectory(atPath: proofs.path).filter { $0.hasSuffix(".tex") }
        var result: [Reference] = []
        let pattern = try NSRegularExpression(pattern: #"\\(lthcode|lthtest)\{([^}]*)\}\{([^}]*)\}"#)
        for file in files {
            let text = try String(contentsOf: proofs.appendingPathComponent(file), encoding: .utf8)
            let range = NSRange(text.startIndex..., in: text)
            for match in pattern.matches(in: text, range: range) {
                func group(_ i: Int) -> String { String(text[Range(match.range(at: i), in: text)!]) }
                // Skip the macro definitions themselves (#1, #2).
                if group(2).hasPrefix("#") { continue }
                result.append(Reference(macro: group(1), path: group(2).replacingOccurrences(of: "\\_", with: "_"),
                                        symbol: group(3).replacingOccurrences(of: "\\_", with: "_")))
            }
        }
        return result
    }

    @Test func everyNamedFunctionAndTestExists() throws {
        let references = try Self.references()
        #expect(references.count >= 20, "the proofs name their implementations and tests")
        for reference in references {
            let base = reference.macro == "lthcode" ? "Sources" : "Tests"
            let url = Self.root.appendingPathComponent(base).appendingPathComponent(reference.path)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                Issue.record("\(reference): no file \(base)/\(reference.path)")
                continue
            }
            let beforeParenthesis = reference.symbol.split(separator: "(", maxSplits: 1)[0]
            let name = String(beforeParenthesis.split(separator: ".").last ?? beforeParenthesis)
            if reference.macro == "lthtest" {
                #expect(text.contains("func \(name)("), "\(reference): no test function \(name)")
            } else {
                #expect(text.contains(name), "\(reference): \(name) not found in \(reference.path)")
            }
        }
    }
}
