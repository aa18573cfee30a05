import PropertyBased
import Testing
@testable import Checker

@Suite struct AgreementTests {
    static let magnitudes = Gen.double(in: -1e6...1e6)
    static let tolerances = Gen.double(in: 0...0.5)

    @Test func predictionAgreementIsSymmetric() async throws {
        await propertyCheck(count: 400, input: Self.magnitudes, Self.magnitudes, Self.tolerances, Self.tolerances) { a, b, abs, rel in
            let agreement = try! Agreement(absoluteTolerance: abs * 1000, relativeTolerance: rel)
            #expect(agreement.check(.prediction(measured: a, predicted: b)) == agreement.check(.prediction(measured: b, predicted: a)))
        }
    }

    @Test func agreementIsReflexive() async {
        await propertyCheck(count: 300, input: Self.magnitudes, Self.tolerances, Self.tolerances) { a, abs, rel in
            for agreement in [try! Agreement(absoluteTolerance: abs, relativeTolerance: rel), Agreement.exact, Agreement.standard] {
                #expect(agreement.check(.prediction(measured: a, predicted: a)))
                #expect(agreement.check(.bound(measured: a, bound: a)))
            }
        }
    }

    @Test func monotoneInTolerances() async {
        await propertyCheck(count: 400, input: Self.magnitudes, Self.magnitudes, Self.tolerances, Self.tolerances) { a, b, t1, t2 in
            let loose = try! Agreement(absoluteTolerance: 10 * max(t1, t2), relativeTolerance: max(t1, t2))
            let tight = try! Agreement(absoluteTolerance: 10 * min(t1, t2), relativeTolerance: min(t1, t2))
            if tight.check(.prediction(measured: a, predicted: b)) { #expect(loose.check(.prediction(measured: a, predicted: b))) }
            if tight.check(.bound(measured: a, bound: b)) { #expect(loose.check(.bound(measured: a, bound: b))) }
        }
    }

    @Test func exactInequalityImpliesBoundHolds() async {
        await propertyCheck(count: 400, input: Self.magnitudes, Self.magnitudes, Self.tolerances, Self.tolerances) { a, b, abs, rel in
            let agreement = try! Agreement(absoluteTolerance: abs, relativeTolerance: rel)
            let (measured, bound) = (min(a, b), max(a, b))
            #expect(agreement.check(.bound(measured: measured, bound: bound)))
        }
    }

    @Test func boundIsOneSidedAndUsesTheStatedFormula() throws {
        let agreement = try Agreement(absoluteTolerance: 0.01, relativeTolerance: 0.1)
        #expect(agreement.check(.bound(measured: 0, bound: 100)))        // far below: holds
        #expect(agreement.check(.bound(measured: 11.01, bound: 10)))     // 10 (1 + 0.1) + 0.01
        #expect(!agreement.check(.bound(measured: 11.02, bound: 10)))
        #expect(!agreement.check(.prediction(measured: 0, predicted: 100)))
        #expect(agreement.check(.prediction(measured: 100, predicted: 110)))  // 10 <= 0.1 * 110
        #expect(!agreement.check(.prediction(measured: 100, predicted: 112)))
        #expect(agreement.check(.prediction(measured: 0, predicted: 0.01)))   // absolute floor
        #expect(!Agreement.exact.check(.bound(measured: 1.0000001, bound: 1)))
        #expect(!agreement.check(.bound(measured: .nan, bound: 1)))
        #expect(!agreement.check(.prediction(measured: 1, predicted: .nan)))
        #expect(agreement.check(.bound(measured: 1e300, bound: .infinity)))
    }

    @Test func thresholdsOnTheGrid() throws {
        let grid = [0, 50, 100, 200, 400, 800]
        let a = Agreement.standard
        #expect(a.check(.threshold(measured: 200, predicted: 400, checkpoints: grid)))
        #expect(!a.check(.threshold(measured: 100, predicted: 400, checkpoints: grid)))
        #expect(a.check(.threshold(measured: nil, predicted: nil, checkpoints: grid)))
        #expect(a.check(.threshold(measured: 800, predicted: nil, checkpoints: grid)))   // "never" is one past the end
        #expect(!a.check(.threshold(measured: 400, predicted: nil, checkpoints: grid)))
        #expect(!Agreement.exact.check(.threshold(measured: 200, predicted: 400, checkpoints: grid)))
        // A priori t_star = 380: the first checkpoint at or after it is 400.
        #expect(a.check(.thresholdBound(measured: 400, bound: 380, checkpoints: grid)))
        #expect(!a.check(.thresholdBound(measured: 800, bound: 380, checkpoints: grid)))
        #expect(!a.check(.thresholdBound(measured: nil, bound: 380, checkpoints: grid)))
        #expect(a.check(.thresholdBound(measured: nil, bound: 900, checkpoints: grid)))  // past the grid: vacuous
    }

    @Test func thresholdAgreementIsSymmetric() async {
        let grid = [0, 10, 30, 100, 300, 1000]
        let index = Gen.int(in: 0...grid.count)
        await propertyCheck(count: 200, input: index, index) { i, j in
            let a: Int? = i < grid.count ? grid[i] : nil
            let b: Int? = j < grid.count ? grid[j] : nil
            #expect(Agreement.standard.check(.threshold(measured: a, predicted: b, checkpoints: grid))
                == Agreement.standard.check(.threshold(measured: b, predicted: a, checkpoints: grid)))
            #expect(Agreement.exact.check(.threshold(measured: a, predicted: b, checkpoints: grid)) == (a == b))
        }
    }

    @Test func float32RuleAndInvalidTolerances() throws {
        let rule = try Agreement.float32Training(steps: 9_999, samples: 1, lossScale: 50)
        #expect(rule.relativeTolerance == 4 * 100 * 0x1p-24)
        #expect(rule.absoluteTolerance == 50 * rule.relativeTolerance)
        #expect(rule.gridSteps == 1)
        #expect(throws: CheckerError.self) { try Agreement(absoluteTolerance: -1, relativeTolerance: 0) }
        #expect(throws: CheckerError.self) { try Agreement(absoluteTolerance: 0, relativeTolerance: .nan) }
        do {
            _ = try Agreement(absoluteTolerance: 0, relativeTolerance: -0.5)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "invalid value -0.5 for the relative tolerance: expected a finite number >= 0")
        }
    }
}
