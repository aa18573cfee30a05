import PropertyBased
import Testing
@testable import Bounds

@Suite struct TheoremBTests {
    @Test func greedyTermMatchesPlainHarmonicSum() async {
        await propertyCheck(count: 300, input: Gen.int(in: 1...5000), Gen.double(in: 0...1e4)) { k, diameter in
            let term = try? TheoremB.greedyTerm(diameter: diameter, subnetworkSize: k)
            let expected = diameter * diameter * Independent.harmonic(k) / (2 * Double(k))
            #expect(term.map { Independent.close($0, expected, relative: 1e-13) || ($0 == 0 && expected == 0) } == true)
        }
    }

    @Test func greedyTermDecreasesInK() throws {
        var previous = Double.infinity
        for k in 1...2000 {
            let term = try TheoremB.greedyTerm(diameter: 3, subnetworkSize: k)
            #expect(term < previous)
            previous = term
        }
        #expect(try TheoremB.greedyTerm(diameter: 2, subnetworkSize: 1) == 2)
    }

    @Test func invalidInputs() {
        #expect(throws: BoundsError.self) { try TheoremB.greedyTerm(diameter: 1, subnetworkSize: 0) }
        #expect(throws: BoundsError.self) { try TheoremB.greedyTerm(diameter: -1, subnetworkSize: 1) }
    }
}
