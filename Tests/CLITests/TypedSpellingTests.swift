import Foundation
import Testing

/// An invalid value given with the old spelling of a renamed flag is reported under that
/// spelling ("the flag the user typed"), in the one format "invalid value X for --flag: expected Y",
/// whether the command or a library found it; exit 2, nothing on stdout.
@Suite struct TypedSpellingTests {
    @Test(arguments: [
        // Found by the library (BoundsError naming .subnetworkSize, SubsetSumError naming .epsilons).
        (["bounds", "--samples", "10", "--width", "10", "--dim", "3", "--lambda0", "0.1", "--subnet-size", "0"],
         "invalid value 0 for --subnet-size: expected an integer k >= 1"),
        (["bounds", "--samples", "10", "--width", "10", "--dim", "3", "--lambda0", "0.1", "--k", "0"],
         "invalid value 0 for --k: expected an integer k >= 1"),
        (["subsetsum", "measure", "--eps", "0.1,2", "--trials", "10"], "invalid value 2.0 for --eps: expected numbers in (0, 1)"),
        (["subsetsum", "measure", "--epsilon", "0.1,2", "--trials", "10"], "invalid value 2.0 for --epsilon: expected numbers in (0, 1)"),
        // Found by the command's validate().
        (["bounds", "--data", "synthetic:sphere?m=20&d=4", "--width", "10", "--loss", "median"],
         "invalid value 'median' for --loss: expected sum or mean (see 'lth bounds theorems --help')"),
        (["prune", "greedy", "nowhere", "--checkpoint", "1", "--k", "2", "--variant", "sampled", "--batch-size", "0"],
         "invalid value 0 for --batch-size: expected an integer >= 1 (see 'lth prune greedy --help')"),
    ])
    func errorsNameTheSpellingTyped(arguments: [String], message: String) throws {
        let result = try LTHProcess.run(arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasSuffix("lth: error: \(message)\n"), "\(result.stderr)")
    }
}
