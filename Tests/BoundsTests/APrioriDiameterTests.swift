import Foundation
import Testing
@testable import Bounds

@Suite struct APrioriDiameterTests {
    /// With delta = 0.1 and N = 1e8 the tail is delta_4 / N = 2.5e-10; for d = 16 its chi-square
    /// quantile is 79.01787299652759540032237 (mpmath, 40 digits). D recomputed by hand.
    @Test func matchesIndependentComputation() throws {
        let m = 50, n = 100_000_000
        let lambda0 = 0.02, kappa = 0.5
        let a = try TheoremA(NetworkParameters(samples: m, width: n, dimension: 16, lambda0: lambda0, delta: 0.1, kappa: kappa))
        let diameter = try APrioriDiameter(a)
        let q2 = 79.01787299652759540032237
        #expect(Independent.close(diameter.chiSquareQuantile, q2, relative: 1e-11))
        let b = (Double(m) + Double(m) * kappa * kappa / 2) / 0.025
        let movement = 4 * (Double(m) * b).squareRoot() / (Double(n).squareRoot() * lambda0)
        let expected = 2 * Double(n).squareRoot() * Double(m).squareRoot() * (kappa * q2.squareRoot() + movement)
        #expect(Independent.close(diameter.diameter, expected, relative: 1e-11))
        #expect(!diameter.singularValueFromData)
        let withData = try APrioriDiameter(a, largestSingularValue: 3)
        #expect(Independent.close(withData.diameter, expected * 3 / Double(m).squareRoot(), relative: 1e-11))
    }

    @Test func largestSingularValueIsAnUpperBound() throws {
        // Orthogonal rows scaled by 1, 2, 3: sigma_max = 3.
        let points: [Double] = [1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0]
        let sigma = try APrioriDiameter.largestSingularValue(points: points, rows: 4, columns: 3)
        #expect(sigma >= 3 && sigma <= 3 * (1 + 1e-12))
        // A rank-one matrix of m identical unit rows: sigma_max = sqrt(m).
        let m = 25
        let ones = [Double](repeating: 1 / 2.0.squareRoot(), count: 2 * m)
        let s = try APrioriDiameter.largestSingularValue(points: ones, rows: m, columns: 2)
        #expect(s >= 5 && s <= 5 * (1 + 1e-12))
    }
}
