import Foundation
import Testing

/// The README sends readers to files of the repository (THEORY.md, Proofs/, Experiments/,
/// notebooks-export/): every relative link and image in it must resolve inside the repository.
@Suite struct ReadmeLinkTests {
    @Test func everyRelativeLinkOfTheReadmeResolvesInTheRepository() throws {
        let root = ExportTests.repositoryRoot
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let targets = readme.matches(of: /\]\(([^)#\s]+)(#[^)]*)?\)/).map { String($0.1) }.filter { !$0.contains("://") }
        #expect(targets.contains("THEORY.md") && targets.contains("notebooks-export/figures/paper-example-page1.png"))
        for target in targets {
            let url = root.appendingPathComponent(target).standardizedFileURL
            #expect(url.path.hasPrefix(root.standardizedFileURL.path + "/"), "\(target) leaves the repository")
            #expect(FileManager.default.fileExists(atPath: url.path), "README links to \(target), which is not in the repository")
        }
    }
}
