import Bounds
import Foundation
import LinearAlgebra
import Testing
@testable import Checker
@testable import Engine

/// Golden files for the text outputs of issue 16: the `lth predict` table and JSON, and the three
/// width-sweep tables in every format. The inputs are fixed numbers (a diagonal kernel, hand-made
/// runs), not training runs, so the files do not depend on which OpenBLAS kernels run.
@Suite struct KernelRegimeGoldenTests {
    /// H = diag(0.5, 1, 2, 0) (one null mode), e(0) = (1, -2, 0.5, 0.25), eta = 0.25: every
    /// e_K(t) is (1 - eta lambda_i)^t c_i, exact in binary for the steps used.
    static func comparison(kernel: KernelChoice) throws -> KernelRegime.RunComparison {
        let lambdas = [0.5, 1.0, 2.0, 0.0]
        var h = [Double](repeating: 0, count: 16)
        for i in 0..<4 { h[i * 4 + i] = lambdas[i] }
        let e0 = [1.0, -2.0, 0.5, 0.25]
        let prediction = try KernelPrediction(kernel: h, order: 4, initialResidual: e0, eta: 0.25)
        let regime = KernelRegime(kernel: kernel, prediction: .spectral(prediction),
                                  inputs: Matrix(rows: 4, columns: 1, storage: [1, 1, 1, 1]), targets: [0, 0, 0, 0])
        // Measured residuals: the prediction plus a fixed perturbation that grows with t.
        var rows: [KernelRegimeRow] = []
        for t in [0, 1, 4, 16] {
            let predicted = try #require(prediction.residual(at: t))
            let measured = predicted.enumerated().map { $0.element + Double(t) * 0.015625 * Double($0.offset + 1) }
            rows.append(try regime.row(step: t, measuredResidual: measured))
        }
        let events = ["gram", "boundary", "initial", "movement", "radius", "eigenvalue", "switches", "contraction"].enumerated().map { i, key in
            HypothesisLedger.Event(key: key, statement: i == 5 ? "\(key) >= its bound" : "\(key) <= its bound", measured: 0.125 * Double(i + 1), bound: 0.5,
                                   isUpperBound: i != 5)
        }
        let ledger = HypothesisLedger(events: events, lambda0: 0.5, widthRequired: 6.4e9, etaMax: 0.015625)
        return KernelRegime.RunComparison(regime: regime, rows: rows, samples: 4, width: 64, eta: 0.25, ledger: .success(ledger))
    }

    @Test func predictTableAndJSONGolden() throws {
        let comparison = try Self.comparison(kernel: .initial)
        try Golden.check(TerminalTable.render(comparison.table()), against: "kernel_prediction.txt")
        try Golden.check(comparison.json().rendered(indent: 2) + "\n", against: "kernel_prediction.json")
        let ledger = try comparison.ledger.get()
        try Golden.check(TerminalTable.render(ledger.table(eta: comparison.eta, width: comparison.width)), against: "kernel_ledger.txt")
        // 'at least' events hold when measured >= bound: eigenvalue (0.75 >= 0.5) holds, the others from 0.625 on fail.
        #expect(ledger.events.map(\.holds) == [true, true, true, true, false, true, false, false])
        let failed = KernelRegime.RunComparison(regime: comparison.regime, rows: comparison.rows, samples: 4, width: 64, eta: 0.25,
                                                ledger: .failure(.singularGram(reason: "two points are parallel")))
        #expect(failed.ledgerUnavailable != nil)
        #expect(failed.json().rendered(indent: 2).contains("two points are parallel"))
        let infinite = try Self.comparison(kernel: .infinite).table()
        #expect(infinite.title.contains("Hinf"))
        #expect(infinite.footnotes.contains { $0.contains("infinite-width approximation") })
    }

    /// The same run on the Chebyshev route (`KernelChebyshevPrediction` at the four steps; the
    /// products with the diagonal H are exact, so the file does not depend on the BLAS kernels).
    @Test func predictTableAndJSONGoldenOnTheChebyshevRoute() throws {
        let spectral = try Self.comparison(kernel: .initial)
        var h = [Double](repeating: 0, count: 16)
        for (i, lambda) in [0.5, 1.0, 2.0, 0.0].enumerated() { h[i * 4 + i] = lambda }
        let e0 = [1.0, -2.0, 0.5, 0.25]
        let steps = spectral.rows.map(\.step)
        let expansion = try #require(try KernelChebyshevPrediction(kernel: h, order: 4, initialResidual: e0, eta: 0.25, steps: steps,
                                                                   maximumDegree: 64))
        let regime = KernelRegime(kernel: .initial, prediction: .chebyshev(expansion), inputs: spectral.regime.inputs,
                                  targets: spectral.regime.targets)
        var rows: [KernelRegimeRow] = []
        for row in spectral.rows {
            // The measured residuals of the spectral fixture: its prediction plus the same perturbation.
            let predicted = try #require(spectral.regime.prediction.residual(at: row.step))
            let measured = predicted.enumerated().map { $0.element + Double(row.step) * 0.015625 * Double($0.offset + 1) }
            let chebyshevRow = try regime.row(step: row.step, measuredResidual: measured)
            #expect(abs(chebyshevRow.predictedResidualNorm2! - row.predictedResidualNorm2!) <= 1e-12 * 5.3125)
            rows.append(chebyshevRow)
        }
        let comparison = KernelRegime.RunComparison(regime: regime, rows: rows, samples: 4, width: 64, eta: 0.25, ledger: spectral.ledger)
        try Golden.check(TerminalTable.render(comparison.table()), against: "kernel_prediction_chebyshev.txt")
        try Golden.check(comparison.json().rendered(indent: 2) + "\n", against: "kernel_prediction_chebyshev.json")
    }

    /// WidthSweepTests.tinyConfiguration at three widths (two seeds, k = 4, exact limit 64); delta(T) = 0.16 sqrt(16/N) (1 + seed/10) (slope exactly -1/2);
    /// the ledger's events hold from a width that depends on the event.
    static func sweep() -> WidthSweep {
        var configuration = WidthSweepTests.tinyConfiguration()
        configuration.data = "fixture"
        configuration.widths = [16, 64, 256]
        let m = 10.0, trivial = 5.0
        var runs: [WidthSweepRun] = []
        for width in configuration.widths {
            for seed in configuration.seeds {
                let scale = Double(width) / 16, s = Double(seed)
                let delta = 0.16 * (1 / scale).squareRoot() * (1 + s / 10)
                let dense = 0.5 * m * 0.01 * (1 + s)
                let variance = 0.25 * scale * m
                // Event i (0-based) holds from width 16 * 4^(i % 4) on; event 7 never holds.
                let events = (0..<8).map { i in
                    let holds = i < 7 && scale >= pow(4, Double(i % 4))
                    return HypothesisLedger.Event(key: "e\(i)", statement: "event \(i) <= its bound",
                                                  measured: holds ? 0.5 : 2 + s, bound: 1, isUpperBound: true)
                }
                let ledger = HypothesisLedger(events: events, lambda0: 0.0625, widthRequired: 3.5e22, etaMax: 3.125e-6)
                let exact = width <= configuration.exactLimit
                let hull: ConvexHullLoss? = exact
                    ? ConvexHullLoss(upperBound: 0.125, lowerBound: width == 16 ? 0.125 : 0.0625, gapTolerance: 1e-6,
                                     iterations: 100, converged: width == 16, support: 3)
                    : nil
                runs.append(WidthSweepRun(
                    width: width, seed: UInt64(seed),
                    kernelRow: KernelRegimeRow(step: 100, residualNorm2: 2 * dense, predictedResidualNorm2: 2 * dense * 0.75,
                                               relativeDeviation: delta),
                    predictionDiverges: false, trivialLoss: trivial, denseLoss: dense, greedyLoss: dense + variance / 16,
                    varianceBound: dense + variance * (25.0 / 12) / 8, diameterBound: dense + 4 * variance * (25.0 / 12) / 8,
                    randomExpectation: dense + variance / 8, randomMean: dense + variance / 8 * (1 + s / 100),
                    randomHalfWidth: variance / 80, hull: hull, exactDiameter: exact ? 2 * scale.squareRoot() : nil,
                    rateFit: exact ? GreedyRateFit(exponent: 1 + 0.5 * s, low: 0.75 + 0.5 * s, high: 1.5 + 0.75 * s, points: 3) : nil,
                    targetInHull: exact ? width == 16 : nil,
                    ledger: ledger, checkpointSteps: [0, 5, 22, 100],
                    measuredThreshold: [16: [22, nil], 64: [22, 100], 256: [5, 22]][width]![Int(seed)], seconds: 1))
            }
        }
        return WidthSweep(configuration: configuration, samples: 10, dataDescription: "fixture", eta: 0.01,
                          kernelThreshold: .step(18), runs: runs)
    }

    @Test func sweepTablesGolden() throws {
        let sweep = Self.sweep()
        let tables = sweep.tables()
        try Golden.check(tables.map { TerminalTable.render($0) }.joined(separator: "\n"), against: "width_sweep.txt")
        try Golden.check(tables.map { MarkdownTable.render($0) }.joined(separator: "\n"), against: "width_sweep.md")
        try Golden.check(LaTeXFragmentCompileTests.standaloneDocument(tables.map { LaTeXTable.file($0, float: true).contents }), against: "width_sweep.tex")
        for table in tables {
            try Golden.check(CSVTable.render(table), against: table.name + ".csv")
        }
        // The verdicts the fixture was built for.
        let fit = try sweep.deviationSlope()
        #expect(abs(fit.slope + 0.5) <= 1e-12)
        #expect(sweep.linearizationWidth == .from(256))
        // delta(T) = 0.04 and 0.044 <= tau at N = 256, 0.08 > tau at N = 64; slope -1/2 exactly.
        #expect(sweep.kernelVerdict().word == "agrees")
    }

    @Test(.enabled(if: Tool.path("latexmk") != nil, "needs latexmk and TeX (make deps-tex)"))
    func goldenTablesCompileInLaTeX() throws {
        let latexmk = try #require(Tool.path("latexmk"))
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let comparison = try Self.comparison(kernel: .initial)
        let tables = Self.sweep().tables() + [comparison.table(), try comparison.ledger.get().table(eta: 0.25, width: 64)]
        let document = LaTeXFragmentCompileTests.standaloneDocument(tables.map { LaTeXTable.file($0, float: true).contents })
        try Data(document.utf8).write(to: dir.appendingPathComponent("golden.tex"))
        let (status, output) = try Tool.run(latexmk, ["-pdf", "-interaction=nonstopmode", "-halt-on-error", "golden.tex"], in: dir)
        #expect(status == 0, "latexmk failed:\n\(output.suffix(2000))")
    }
}
