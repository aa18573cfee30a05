import Foundation
import Testing
@testable import Bounds

@Suite struct SubsetSumWidthTests {
    @Test func widthFactorsMatchFormula() throws {
        let factors = try SubsetSumWidth.pensiaWidthFactors(widths: [784, 300, 100, 10], epsilon: 0.01, delta: 0.05, constant: 2.5)
        let l = 3.0
        let expected = [2.5 * log(784 * 300 * l / 0.01), 2.5 * log(300 * 100 * l / 0.01), 2.5 * log(100 * 10 * l / 0.01)]
        #expect(factors.count == 3)
        for (f, e) in zip(factors, expected) { #expect(Independent.close(f, e, relative: 1e-15)) }
        // min(eps, delta) picks delta when it is smaller.
        let byDelta = try SubsetSumWidth.pensiaWidthFactors(widths: [2, 3], epsilon: 0.2, delta: 0.01, constant: 1)
        #expect(Independent.close(byDelta[0], log(6 / 0.01), relative: 1e-15))
        #expect(try SubsetSumWidth.luekerSampleCount(epsilon: 0.01, constant: 1.5) == Int((1.5 * log(200)).rounded(.up)))
    }

    @Test func malformedInputs() {
        #expect(throws: BoundsError.self) { try SubsetSumWidth.pensiaWidthFactors(widths: [10], epsilon: 0.1, delta: 0.1, constant: 1) }
        #expect(throws: BoundsError.self) { try SubsetSumWidth.pensiaWidthFactors(widths: [10, 0], epsilon: 0.1, delta: 0.1, constant: 1) }
        #expect(throws: BoundsError.self) { try SubsetSumWidth.pensiaWidthFactors(widths: [10, 5], epsilon: 1, delta: 0.1, constant: 1) }
        #expect(throws: BoundsError.self) { try SubsetSumWidth.pensiaWidthFactors(widths: [10, 5], epsilon: 0.1, delta: 0, constant: 1) }
        #expect(throws: BoundsError.self) { try SubsetSumWidth.luekerSampleCount(epsilon: 0.1, constant: 0) }
    }
}
