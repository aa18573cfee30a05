import Testing
@testable import Bounds

/// Special functions against reference values computed with mpmath at 40 significant digits
/// (arguments that are not exact binary fractions are taken at their float64 value, `mpf(0.9)`)
/// (`mp.dps = 40`; digamma `psi(0, x)`, `harmonic(k)`, `erfinv(p)`, `lambertw(x, -1)`, and the
/// chi-square upper quantile by 300 bisection steps on `gammainc(nu/2, x/2, inf, regularized=True)`).
@Suite struct SpecialFunctionsTests {
    static func close(_ a: Double, _ b: Double, relative: Double) -> Bool {
        abs(a - b) <= relative * max(abs(a), abs(b))
    }

    @Test func referenceValues() throws {
        let digamma: [(Double, Double)] = [
            (1, -0.5772156649015328606065121), (0.5, -1.963510026021423479440976),
            (10, 2.251752589066721107647456), (1_000_001, 13.81551105796419077077462),
            (123.456, 4.811829323828985412286628),
        ]
        for (x, expected) in digamma {
            #expect(Self.close(try SpecialFunctions.digamma(x), expected, relative: 1e-14), "digamma(\(x))")
        }
        let harmonic: [(Double, Double)] = [
            (1, 1), (2, 1.5), (10, 2.928968253968253968253968), (64, 4.743890903705769026005883),
            (65, 4.759275519090384410621268), (1000, 7.485470860550344912656518), (1e9, 21.3004815023479440166851),
        ]
        for (k, expected) in harmonic {
            #expect(Self.close(try SpecialFunctions.harmonicNumber(k), expected, relative: 1e-14), "H_\(k)")
        }
        let erfinv: [(Double, Double)] = [
            (1e-15, 8.862269254527580136490837e-16), (3.7e-11, 3.279039624175204650502785e-11),
            (1e-4, 0.00008862269277728946917512463), (0.0009, 0.000797604402045520436734655),
            (0.3, 0.2724627147267543450246528), (0.9, 1.163087153676674162844095),
            (0.999999, 3.458910737275498777532449),
        ]
        for (p, expected) in erfinv {
            #expect(Self.close(try SpecialFunctions.inverseErf(p), expected, relative: 1e-13), "erfinv(\(p))")
        }
        let lambert: [(Double, Double)] = [
            (-0.3, -1.78133702342162761197417), (-1e-5, -14.16360081581018300910956),
            (-1e-12, -31.0671728420172308420395), (-0.36787944, -1.000079805761663777082545),
        ]
        for (x, expected) in lambert {
            // Near the branch point -1/e the function has a square-root singularity; GSL's
            // accuracy there is about 1e-8 relative.
            let tolerance = x < -0.36 ? 1e-7 : 1e-13
            #expect(Self.close(try SpecialFunctions.lambertWMinus1(x), expected, relative: tolerance), "W_-1(\(x))")
        }
        let chiSquare: [(Int, Double, Double)] = [
            (1, 0.05, 3.841458820694125958361375), (10, 1e-3, 29.5882984450744187936929),
            (784, 2.5e-8, 1019.33553825032067142453), (16, 2.5e-10, 79.01787299652759540032237),
            (2, 1e-300, 1381.551055796427410410795),
        ]
        for (nu, tail, expected) in chiSquare {
            let q = try SpecialFunctions.chiSquareUpperQuantile(degreesOfFreedom: nu, tailProbability: tail)
            #expect(Self.close(q, expected, relative: 1e-11), "chi2 quantile nu=\(nu) tail=\(tail)")
        }
    }

    @Test func harmonicNumberBranchesAgree() throws {
        // The exact sum (k <= 64) and the digamma identity must agree where they meet.
        for k in stride(from: 2.0, through: 64, by: 1) {
            let sum = try SpecialFunctions.harmonicNumber(k)
            let viaDigamma = try SpecialFunctions.digamma(k + 1) + SpecialFunctions.eulerGamma
            #expect(Self.close(sum, viaDigamma, relative: 1e-14))
        }
    }

    @Test func invalidArgumentsThrowInsteadOfAborting() {
        #expect(throws: BoundsError.self) { try SpecialFunctions.harmonicNumber(0) }
        #expect(throws: BoundsError.self) { try SpecialFunctions.harmonicNumber(2.5) }
        #expect(throws: BoundsError.self) { try SpecialFunctions.inverseErf(1) }
        #expect(throws: BoundsError.self) { try SpecialFunctions.inverseErf(-0.1) }
        #expect(throws: BoundsError.self) { try SpecialFunctions.lambertWMinus1(-1) }
        #expect(throws: BoundsError.self) { try SpecialFunctions.lambertWMinus1(0.1) }
        #expect(throws: BoundsError.self) { try SpecialFunctions.chiSquareUpperQuantile(degreesOfFreedom: 0, tailProbability: 0.1) }
        #expect(throws: BoundsError.self) { try SpecialFunctions.digamma(0) }
        #expect(throws: BoundsError.self) { try SpecialFunctions.digamma(-2) }
    }
}
