import Bounds
import Engine
import Foundation
import LinearAlgebra
import Testing

/// The comparators of THEORY.md section 8 on random neuron features (seeded loops): the variance
/// bound against greedy forward selection, the exact random-subnetwork expectation against a
/// Monte-Carlo estimate, and the Frank-Wolfe bracket of l_star against closed forms.
@Suite struct GreedyComparatorsTests {
    /// Random features of m samples, N neurons, C outputs: activations relu(gaussian), output
    /// weights +-1 or gaussian, feature scale sqrt(N); targets gaussian.
    static func instance(m: Int, n: Int, c: Int, seed: UInt64) -> (NeuronFeatures, Matrix<Float>) {
        var g = SeededGenerator(seed: seed)
        let a = (0..<(m * n)).map { _ in max(0, g.nextGaussianFloat(standardDeviation: 1)) }
        let b = (0..<(n * c)).map { _ in c == 1 ? g.nextSign() : g.nextGaussianFloat(standardDeviation: 1) }
        let y = (0..<(m * c)).map { _ in g.nextGaussianFloat(standardDeviation: 1) }
        let bias = (0..<c).map { _ in g.nextGaussianFloat(standardDeviation: 0.1) }
        let features = NeuronFeatures(activations: Matrix(rows: m, columns: n, storage: a),
                                      outputWeights: Matrix(rows: n, columns: c, storage: b),
                                      featureScale: Float(n).squareRoot(), outputBias: bias)
        return (features, Matrix(rows: m, columns: c, storage: y))
    }

    /// phi_r as a flat float64 vector (m * C).
    static func phi(_ f: NeuronFeatures, _ r: Int) -> [Double] {
        var out: [Double] = []
        for i in 0..<f.sampleCount {
            for o in 0..<f.outputCount {
                out.append(Double(f.featureScale) * Double(f.activations[i, r]) * Double(f.outputWeights[r, o]))
            }
        }
        return out
    }

    @Test func varianceMatchesMaterializedFeatures() throws {
        for seed in UInt64(1)...10 {
            let (f, _) = Self.instance(m: 7, n: 5 + Int(seed), c: 1 + Int(seed % 3), seed: seed)
            let phis = (0..<f.neuronCount).map { Self.phi(f, $0) }
            let mean = (0..<phis[0].count).map { i in phis.reduce(0) { $0 + $1[i] } / Double(phis.count) }
            let direct = phis.map { p in zip(p, mean).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
            let variance = direct.reduce(0, +) / Double(direct.count)
            #expect(abs(f.featureVariance() - variance) <= 1e-9 * variance)
            #expect(f.featureVariance() <= f.featureRadius() * f.featureRadius() * (1 + 1e-12))
        }
    }

    @Test func varianceBoundHoldsForGreedyOnRandomInstances() throws {
        for seed in UInt64(1)...25 {
            let (f, y) = Self.instance(m: 6 + Int(seed % 5), n: 4 + Int(seed % 13), c: 1 + Int(seed % 2), seed: seed)
            let dense = f.denseSumLoss(targets: y)
            let variance = f.featureVariance()
            let selection = try GreedyForwardSelection(variant: .analyzed, size: 24).run(features: f, targets: y)
            for (index, loss) in selection.sumLosses.enumerated() {
                let bound = try GreedyVarianceBound.bound(denseLoss: dense, variance: variance, subnetworkSize: index + 1)
                #expect(loss <= bound * (1 + 1e-9) + 1e-9, "seed \(seed) k \(index + 1): \(loss) > \(bound)")
                let diameterForm = try TheoremB.bound(hullLoss: dense, diameter: 2 * f.featureRadius(), subnetworkSize: index + 1)
                #expect(bound <= diameterForm * (1 + 1e-12))
            }
        }
    }

    @Test func randomSubnetworkMonteCarloMatchesTheExactExpectation() throws {
        for seed in UInt64(1)...8 {
            let (f, y) = Self.instance(m: 9, n: 12 + Int(seed), c: 1 + Int(seed % 2), seed: seed)
            let k = 1 + Int(seed % 6)
            let exact = try RandomSubnetworkExpectation.expectedLoss(denseLoss: f.denseSumLoss(targets: y),
                                                                     variance: f.featureVariance(), subnetworkSize: k)
            let draws = f.randomSubnetworkSumLosses(size: k, draws: 20_000, seed: seed, targets: y)
            let mean = draws.reduce(0, +) / Double(draws.count)
            let sd = (draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count - 1)).squareRoot()
            let standardError = sd / Double(draws.count).squareRoot()
            // 4.5 standard errors: a false alarm has probability < 1e-5 per instance.
            #expect(abs(mean - exact) <= 4.5 * standardError, "seed \(seed): Monte Carlo \(mean) +- \(standardError), exact \(exact)")
            // The formula is sharp enough to tell k from k + 1 (the interval is informative).
            let other = try RandomSubnetworkExpectation.expectedLoss(denseLoss: f.denseSumLoss(targets: y),
                                                                     variance: f.featureVariance(), subnetworkSize: k + 1)
            #expect(abs(mean - other) > 4.5 * standardError, "seed \(seed): the Monte-Carlo interval cannot tell k from k + 1")
        }
    }

    @Test func convexHullLossMatchesClosedFormOnTwoNeurons() throws {
        for seed in UInt64(1)...15 {
            let (f, y) = Self.instance(m: 5, n: 2, c: 1, seed: seed)
            let p0 = Self.phi(f, 0), p1 = Self.phi(f, 1)
            let target = (0..<5).map { Double(y.storage[$0]) - Double(f.outputBias[0]) }
            // f(g) = 1/2 ||p1 + g (p0 - p1) - target||^2, minimised over g in [0, 1].
            let d = zip(p0, p1).map { $0 - $1 }, r = zip(p1, target).map { $0 - $1 }
            let dd = d.reduce(0) { $0 + $1 * $1 }, dr = zip(d, r).reduce(0) { $0 + $1.0 * $1.1 }
            let g = min(1, max(0, -dr / dd))
            let exact = 0.5 * zip(d, r).reduce(0) { $0 + (g * $1.0 + $1.1) * (g * $1.0 + $1.1) }
            let hull = f.convexHullLoss(targets: y, gapTolerance: 1e-10)
            #expect(hull.converged)
            #expect(hull.lowerBound <= exact * (1 + 1e-9) + 1e-12 && exact <= hull.upperBound * (1 + 1e-9) + 1e-12)
            #expect(hull.upperBound - hull.lowerBound <= 1e-10 * 1.0001)
        }
    }

    @Test func convexHullLossBracketsGreedyAndTheDenseLoss() throws {
        for seed in UInt64(1)...10 {
            let (f, y) = Self.instance(m: 8, n: 3, c: 1, seed: seed)
            let hull = f.convexHullLoss(targets: y, gapTolerance: 1e-9)
            #expect(hull.converged)
            #expect(hull.upperBound <= f.denseSumLoss(targets: y) * (1 + 1e-12))
            // A fine grid over the 2-simplex: every grid point is in the hull, so its loss is >= l_star.
            var gridMinimum = Double.infinity
            let phis = (0..<3).map { Self.phi(f, $0) }
            let steps = 200
            for i in 0...steps {
                for j in 0...(steps - i) {
                    let w = [Double(i), Double(j), Double(steps - i - j)].map { $0 / Double(steps) }
                    var loss = 0.0
                    for s in 0..<8 {
                        let v = Double(f.outputBias[0]) + w[0] * phis[0][s] + w[1] * phis[1][s] + w[2] * phis[2][s] - Double(y.storage[s])
                        loss += v * v
                    }
                    gridMinimum = min(gridMinimum, 0.5 * loss)
                }
            }
            #expect(hull.lowerBound <= gridMinimum * (1 + 1e-12) + 1e-12)
            #expect(hull.upperBound <= gridMinimum * (1 + 1e-12) + 1e-12)
            let selection = try GreedyForwardSelection(variant: .analyzed, size: 10).run(features: f, targets: y)
            #expect(selection.sumLosses.allSatisfy { $0 >= hull.lowerBound * (1 - 1e-12) - 1e-12 })
        }
    }
}
