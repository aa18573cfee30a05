import Foundation
import PropertyBased
import Testing
@testable import Bounds

@Suite struct SubsetSumMalachTests {
    @Test func malachFactorIsDToTheFourthTimesLSquared() throws {
        #expect(try SubsetSumWidth.malachWidthFactor(widths: [784, 300, 100, 10]) == pow(784, 4) * 9)
        #expect(try SubsetSumWidth.malachWidthFactor(widths: [2, 3]) == 81)
        // d is the largest width wherever it stands.
        #expect(try SubsetSumWidth.malachWidthFactor(widths: [10, 50, 20]) == pow(50, 4) * 4)
    }

    @Test func malachFactorScalesAsAPolynomial() async throws {
        await propertyCheck(count: 50, input: Gen.int(in: 1...200), Gen.int(in: 1...6)) { d, l in
            let widths = [Int](repeating: d, count: l + 1)
            let base = try SubsetSumWidth.malachWidthFactor(widths: widths)
            let doubledWidth = try SubsetSumWidth.malachWidthFactor(widths: widths.map { 2 * $0 })
            let doubledDepth = try SubsetSumWidth.malachWidthFactor(widths: [Int](repeating: d, count: 2 * l + 1))
            #expect(Independent.close(doubledWidth, 16 * base, relative: 1e-15))
            #expect(Independent.close(doubledDepth, 4 * base, relative: 1e-15))
            // Polynomial against logarithmic: with C = 1 the Malach order exceeds Pensia's factor.
            let pensia = try SubsetSumWidth.pensiaWidthFactors(widths: widths, epsilon: 0.01, delta: 0.01, constant: 1)
            if d >= 3 { #expect(pensia.allSatisfy { $0 < base }) }
        }
    }

    @Test func estimatesUseThePensiaFormula() throws {
        let a = try SubsetSumWidth.pensiaWidthFactorEstimates(widths: [784, 300, 10], epsilon: 0.02, delta: 0.1, measuredLuekerConstant: 4.2)
        let b = try SubsetSumWidth.pensiaWidthFactors(widths: [784, 300, 10], epsilon: 0.02, delta: 0.1, constant: 4.2)
        #expect(a == b)
        #expect(Independent.close(a[1], 4.2 * log(300 * 10 * 2 / 0.02), relative: 1e-15))
    }

    @Test func malformedArchitecturesAreRefused() {
        #expect(throws: BoundsError.self) { try SubsetSumWidth.malachWidthFactor(widths: [10]) }
        #expect(throws: BoundsError.self) { try SubsetSumWidth.malachWidthFactor(widths: [10, 0]) }
        #expect(throws: BoundsError.self) { try SubsetSumWidth.pensiaWidthFactorEstimates(widths: [10, 5], epsilon: 0, delta: 0.1, measuredLuekerConstant: 1) }
        do {
            _ = try SubsetSumWidth.malachWidthFactor(widths: [])
        } catch let error as BoundsError {
            #expect(error.description == "invalid value  for the widths: expected at least two positive integers d_0,...,d_l")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
