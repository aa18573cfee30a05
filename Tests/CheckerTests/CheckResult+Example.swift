import Bounds
@testable import Checker

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CheckResult {
    /// A small, deterministic, hand-built result for the tests (a fixture, not in the library):
    /// m in {50, 100, 200}, seeds {1, 2}, checkpoints {0, 50, 100, 200, 400, 800}, k in
    /// {5, 10, 20, 40}, one target (k = 20, eps = 2), sum losses. Its numbers follow simple
    /// closed forms (not a run): ||u(t) - y||^2 = m f 0.99^t with f = 0.96 or 1.04 by seed,
    /// predicted rate 0.995, D_t = 4 f, l_k(t) = l(t) + 0.3 D_t^2 H_k/(2k); the thresholds of
    /// Theorem C are read off those curves on the grid, their exact crossings located on the closed
    /// forms by `ThresholdCrossing.locate`, and t_star is set by hand (none for m = 200); t_dense is
    /// read off the dense curve, t_K is a closed form beside it (never reached for m = 200, seed 2).
    public static let example: CheckResult = {
        do { return try makeExample() } catch { fatalError("CheckResult.example: \(error)") }
    }()

    private static func makeExample() throws -> CheckResult {
        let grid = [0, 50, 100, 200, 400, 800]
        let sizes = [5, 10, 20, 40]
        let epsilon = 2.0
        let aPriori: [Int: TheoremCRow.APriori] = [
            50: .iterations(380), 100: .iterations(790),
            200: .none(reason: "no threshold: eps = 2 does not exceed the greedy term 2.91 for k = 20; the smallest k with a threshold is 33"),
        ]
        var a: [TheoremARow] = [], b: [TheoremBRow] = [], c: [TheoremCRow] = [], kernel: [KernelThresholdRow] = []
        for m in [50, 100, 200] {
            for seed in [1, 2] {
                let f = seed == 1 ? 0.96 : 1.04
                let residual = { (t: Int) in Double(m) * f * pow(0.99, Double(t)) }
                let diameter = 4 * f
                var previous: Int? = nil
                for t in grid {
                    a.append(try TheoremARow(
                        samples: m, seed: seed, iteration: t, residual: residual(t), initialResidual: residual(0),
                        predictedRate: 0.995,
                        measuredRate: previous.flatMap { TheoremARow.contraction(residual: residual(t), previousResidual: residual($0), steps: t - $0) },
                        width: 4096, widthRequired: 2.0e3 * Double(m * m) / 50, eta: 0.01 / 0.075,
                        etaMax: 0.075 / (2 * Double(m * m)), lambda0Estimate: 0.08, lambda0: 0.075,
                        targetNorm2: Double(m)))
                    previous = t
                    for k in sizes {
                        let g = try TheoremB.greedyTerm(diameter: diameter, subnetworkSize: k)
                        b.append(try TheoremBRow(samples: m, seed: seed, iteration: t, subnetworkSize: k,
                                                 prunedLoss: residual(t) / 2 + 0.3 * g, denseLoss: residual(t) / 2,
                                                 diameter: diameter, targetNorm2: Double(m), convention: .sum))
                    }
                }
                // t_K = ceil(ln(2 eps / m) / ln q^2)-like closed form with q = 0.99525 or 0.99475 by seed
                // (not a kernel): never reached for m = 200, seed 2.
                let q = seed == 1 ? 0.99525 : 0.99475
                let kernelThreshold: KernelPrediction.ReachTime = m == 200 && seed == 2
                    ? .never(limitLoss: 2.5) : .step((log(2 * epsilon / Double(m)) / (2 * log(q))).rounded(.up))
                kernel.append(try KernelThresholdRow(
                    samples: m, seed: seed, epsilon: epsilon,
                    denseThreshold: TheoremCRow.firstCheckpoint(meeting: epsilon, checkpoints: grid, values: grid.map { residual($0) / 2 }),
                    kernelThreshold: kernelThreshold))
                let curve = b.filter { $0.samples == m && $0.seed == seed && $0.subnetworkSize == 20 }
                // The exact crossings, by the bisection of `ThresholdCrossing` on the closed forms.
                let g20 = try TheoremB.greedyTerm(diameter: diameter, subnetworkSize: 20)
                func crossing(_ q: (Int) -> Double) -> Int? {
                    ThresholdCrossing.bracket(grid: grid) { q($0) <= epsilon }.map { b in
                        ThresholdCrossing.locate(after: b.lower, atOrBefore: b.upper) { q($0) <= epsilon }
                    }
                }
                c.append(try TheoremCRow(
                    samples: m, seed: seed, subnetworkSize: 20, epsilon: epsilon,
                    empiricalThreshold: TheoremCRow.firstCheckpoint(meeting: epsilon, checkpoints: curve.map(\.iteration), values: curve.map(\.prunedLoss)),
                    settledThreshold: TheoremCRow.settledCheckpoint(meeting: epsilon, checkpoints: curve.map(\.iteration), values: curve.map(\.prunedLoss)),
                    aPosterioriThreshold: TheoremCRow.firstCheckpoint(meeting: epsilon, checkpoints: curve.map(\.iteration), values: curve.map(\.bound)),
                    aPriori: aPriori[m]!,
                    empiricalCrossing: crossing { residual($0) / 2 + 0.3 * g20 },
                    aPosterioriCrossing: crossing { residual($0) / 2 + g20 }))
            }
        }
        let provenance = Provenance(toolkitVersion: "0.1.0", configHash: "3f2a9c1e",
                                    dataDescription: "example: closed-form curves (not a run)", lossConvention: .sum)
        return try CheckResult(provenance: provenance, checkpoints: grid, theoremA: a, theoremB: b, theoremC: c, kernelThresholds: kernel)
    }
}
