import Foundation
import Testing

/// The engine names a parameter; the command line names the flag the user typed, in one format:
/// "invalid value X for --flag: expected Y", exit status 2, nothing on stdout.
@Suite struct ParameterFlagTests {
    @Test(arguments: [
        (["subsetsum", "measure", "--trials", "0"], "invalid value 0 for --trials: expected an integer >= 1"),
        (["subsetsum", "measure", "--resamples", "0"], "invalid value 0 for --resamples: expected an integer >= 1"),
        (["imp", "--data", "synthetic:sphere?m=60&d=4&test=20", "--samples", "60", "--steps", "2", "--batch", "20", "--densities", "0.5,0.8"],
         "invalid value 0.8 for --densities: expected densities that decrease from level to level"),
    ])
    func engineErrorsNameTheFlagTyped(arguments: [String], message: String) throws {
        let result = try LTHProcess.run(arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "lth: error: \(message)\n", "\(result.stderr)")
    }
}

/// `lth export` adds the flag and the command to run to the library's one-line description.
@Suite struct ExportMessageTests {
    @Test func aFolderThatIsNotARunSaysHowToMakeOne() throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try LTHProcess.run(["export", "notebook", directory.path])
        #expect(result.status == 2 && result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("lth: error: \(directory.path) is not the results folder of a check ("), "\(result.stderr)")
        #expect(result.stderr.hasSuffix("; make one with 'lth check --out \(directory.path)'\n"), "\(result.stderr)")
    }
}
