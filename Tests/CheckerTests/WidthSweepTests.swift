import Bounds
import Checker
import Engine
import Foundation
import Testing

/// The width sweep on a tiny problem: delta(T) falls with N, the tables carry every width and
/// event, the verdict words follow THEORY.md section 7, and the LaTeX tables compile.
@Suite(.serialized) struct WidthSweepTests {
    static func tinyConfiguration() -> WidthSweepConfiguration {
        var c = WidthSweepConfiguration()
        c.data = "synthetic:sphere?m=30&d=5&seed=2"
        c.widths = [16, 64, 256, 1024]
        c.seeds = [0, 1]
        c.steps = 100
        c.checkpoints = 4
        c.subnetSize = 4
        c.randomDraws = 50
        c.exactLimit = 64
        return c
    }

    static let sweep: WidthSweep = try! WidthSweep.run(tinyConfiguration())

    @Test func empiricalWidthCensorsTheEnds() {
        let widths = [8, 16, 32, 64]
        #expect(WidthSweep.EmpiricalWidth.of(widths: widths) { $0 >= 32 } == .from(32))
        #expect(WidthSweep.EmpiricalWidth.of(widths: widths) { _ in true } == .atMost(8))
        #expect(WidthSweep.EmpiricalWidth.of(widths: widths) { _ in false } == .beyond(64))
        // Holding at 16 but failing at 32 does not count: it must hold from there on.
        #expect(WidthSweep.EmpiricalWidth.of(widths: widths) { $0 == 16 || $0 == 64 } == .from(64))
        #expect(WidthSweep.EmpiricalWidth.of(widths: widths) { $0 < 64 } == .beyond(64))
    }

    @Test func deviationFallsWithWidth() throws {
        let sweep = Self.sweep
        #expect(sweep.runs.count == 8)
        func meanDelta(_ n: Int) -> Double {
            let d = sweep.runs(width: n).compactMap { $0.kernelRow.relativeDeviation }
            return d.reduce(0, +) / Double(d.count)
        }
        #expect(meanDelta(1024) < meanDelta(16))
        let fit = try sweep.deviationSlope()
        #expect(fit.points == 8)
        #expect(fit.low <= fit.slope && fit.slope <= fit.high && fit.slope < 0)
        let verdict = sweep.kernelVerdict()
        #expect(["agrees", "disagrees"].contains(verdict.word))
    }

    @Test func prunedComparatorsAreConsistent() throws {
        for run in Self.sweep.runs {
            // The variance bound is a theorem (always in scope): never violated.
            #expect(run.greedyLoss <= run.varianceBound * (1 + 1e-9))
            #expect(run.varianceBound <= run.diameterBound * (1 + 1e-12))
            #expect(run.randomExpectation >= run.denseLoss)
            if let hull = run.hull {
                #expect(hull.lowerBound <= hull.upperBound && hull.upperBound <= run.denseLoss * (1 + 1e-12))
                #expect(hull.lowerBound <= run.greedyLoss * (1 + 1e-12))
            } else {
                #expect(run.width > 64)
            }
        }
        let table = Self.sweep.prunedTable()
        #expect(table.rows.count == 4)
        let verdicts = table.rows.compactMap { row -> String? in
            guard case let .text(s) = row[4] else { return nil }
            return s
        }
        #expect(verdicts.count == 4 && verdicts.allSatisfy { !$0.contains("VIOLATED") })
    }

    @Test func ledgerHasEveryEventAndWidth() {
        let table = Self.sweep.ledgerTable()
        #expect(table.rows.count == 8)
        #expect(table.columns.map(\.key).suffix(4) == ["holds_n16", "holds_n64", "holds_n256", "holds_n1024"])
        for run in Self.sweep.runs {
            #expect(run.ledger.events.count == 8)
            // Far below N_req: Theorem A's width is out of reach, as the demo shows.
            #expect(run.ledger.widthRequired > 1e6)
        }
    }

    /// GreedyRateFit recovers p from l_j = l* + c j^(-p) (1 + noise) on seeded instances, its
    /// interval contains p, and it ignores the head j < k/4 and points at or below l*.
    @Test func rateFitRecoversThePowerLaw() throws {
        var g = SeededGenerator(seed: 4)
        for _ in 0..<200 {
            let p = 0.5 + 2.5 * g.nextUniform(), c = 0.1 + 10 * g.nextUniform(), floor = g.nextUniform()
            let k = 8 + g.nextIndex(below: 120)
            let noise = 0.02 * g.nextUniform()
            var losses = (1...k).map { j in floor + c * pow(Double(j), -p) * (1 + noise * (2 * g.nextUniform() - 1)) }
            losses[0] = 1e9  // the head is not fitted
            let fit = try #require(GreedyRateFit.fit(sumLosses: losses, hullLoss: floor))
            #expect(fit.points == k - (k + 3) / 4 + 1)
            #expect(fit.contains(fit.exponent))
            #expect(abs(fit.exponent - p) <= 0.05 + 3 * noise, "p \(p): fitted \(fit.exponent)")
        }
        // Exact power law: the points lie on a line, so no interval of nonzero width exists and
        // no fit is reported (LinearRegression refuses residuals at rounding level).
        #expect(GreedyRateFit.fit(sumLosses: (1...32).map { 2 * pow(Double($0), -2) }, hullLoss: 0) == nil)
        // At or below the floor everywhere: nothing to fit.
        #expect(GreedyRateFit.fit(sumLosses: [1, 1, 1, 1, 1, 1, 1, 1], hullLoss: 1) == nil)
        // In the sweep, every run with l* has a fit, and greedy never goes below the lower end.
        for run in Self.sweep.runs where run.hull != nil {
            #expect(run.targetInHull != nil)
            if let fit = run.rateFit { #expect(fit.points >= 3 && fit.low <= fit.high) }
        }
    }

    /// t_K against t_hat on a grid: the censoring rules of THEORY.md section 7, then 1 grid step.
    @Test func thresholdVerdictCensorsAndAgreesWithinOneStep() {
        let grid = [0, 10, 30, 100, 300, 1000]
        func verdict(_ measured: Int?, _ predicted: KernelPrediction.ReachTime) -> String {
            WidthSweep.thresholdVerdict(measured: measured, predicted: predicted, checkpoints: grid)
        }
        #expect(verdict(30, .step(30)) == "agrees")
        #expect(verdict(30, .step(11)) == "agrees")      // moved to 30
        #expect(verdict(30, .step(31)) == "agrees")      // moved to 100: one step
        #expect(verdict(30, .step(101)) == "disagrees")  // moved to 300: two steps
        #expect(verdict(10, .step(250)) == "disagrees")  // 10 against 300: three steps
        #expect(verdict(nil, .step(30)) == "censored")   // never reached
        #expect(verdict(1000, .step(30)) == "censored")  // only at the last checkpoint
        #expect(verdict(0, .step(30)) == "censored")     // at the first: may have been met before
        #expect(verdict(30, .step(0)) == "censored")
        #expect(verdict(30, .step(2000)) == "censored")  // beyond the grid
        #expect(verdict(30, .never(limitLoss: 1)) == "censored")
        #expect(verdict(30, .diverges) == "diverges")
        // In the sweep, the thresholds are checkpoint steps.
        for run in Self.sweep.runs {
            if let t = run.measuredThreshold { #expect(run.checkpointSteps.contains(t)) }
        }
    }

    /// rho(t) with the proof's worst-case substitutes, lambda_min(H(t)) >= 3/4 lambda_0 - 2 sqrt(m) s
    /// and lambda_max(H(t)) <= m, is the proof's factor 1 - 3/2 eta lambda_0 + 8 eta sqrt(m) s + eta^2 m^2
    /// (seeded loop over random eta, m, lambda_0, s); and it is monotone in each measured quantity.
    @Test func contractionFactorReducesToTheProofsWorstCase() {
        var g = SeededGenerator(seed: 16)
        for _ in 0..<500 {
            let m = 2 + Int(g.next() % 500)
            let lambda0 = 1e-3 + Double(g.next() % 1000) / 1000
            let eta = lambda0 / (2 * Double(m * m)) * Double(1 + g.next() % 100) / 100
            let s = Double(g.next() % 1000) / 1000 * lambda0 / (16 * Double(m).squareRoot())
            let rootM = Double(m).squareRoot()
            let worst = HypothesisLedger.contractionFactor(eta: eta, samples: m, lambdaMin: 0.75 * lambda0 - 2 * rootM * s,
                                                           lambdaMax: Double(m), switchFraction: s)
            let proof = 1 - 1.5 * eta * lambda0 + 8 * eta * rootM * s + eta * eta * Double(m * m)
            #expect(abs(worst - proof) <= 1e-12, "m \(m) eta \(eta): \(worst) vs \(proof)")
            // Under the theorem's hypotheses (eta <= eta_max, 8 sqrt(m) s <= lambda_0/2) it is at most 1 - eta lambda_0/2.
            #expect(worst <= 1 - eta * lambda0 / 2 + 1e-15)
            let better = HypothesisLedger.contractionFactor(eta: eta, samples: m, lambdaMin: lambda0, lambdaMax: Double(m) / 2,
                                                            switchFraction: s / 2)
            #expect(better <= worst)
        }
        // In the width sweep, the event compares the maximum over checkpoints with 1 - eta lambda_0/2.
        for run in Self.sweep.runs {
            let event = run.ledger.events[7]
            #expect(event.key == "contraction")
            #expect(abs(event.bound - (1 - Self.sweep.eta * run.ledger.lambda0 / 2)) <= 1e-15)
            #expect(event.measured.isFinite)
        }
    }

    @Test(.enabled(if: Tool.path("latexmk") != nil, "needs latexmk and TeX (make deps-tex)"))
    func sweepTablesCompileInLaTeX() throws {
        let latexmk = try #require(Tool.path("latexmk"))
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let document = LaTeXFragmentCompileTests.standaloneDocument(Self.sweep.tables().map { LaTeXTable.file($0, float: true).contents })
        try Data(document.utf8).write(to: dir.appendingPathComponent("sweep.tex"))
        let (status, output) = try Tool.run(latexmk, ["-pdf", "-interaction=nonstopmode", "-halt-on-error", "sweep.tex"], in: dir)
        #expect(status == 0, "latexmk failed:\n\(output.suffix(2000))")
    }

    /// `lth sweep` without CONFIG runs Experiments/width-sweep.yaml: the file and the defaults agree.
    @Test func experimentFileIsTheDefault() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("Experiments/width-sweep.yaml").path
        let file = try WidthSweepConfiguration(document: ConfigurationDocument(path: path, allowedKeys: WidthSweepConfiguration.keys))
        #expect(file == WidthSweepConfiguration())
    }

    @Test func invalidConfigurationNamesTheKey() throws {
        var c = Self.tinyConfiguration()
        c.widths = [16, 16, 64]
        #expect(throws: CheckerError.self) { try c.validate() }
        do { try c.validate() } catch let CheckerError.invalidValue(field, _, _) { #expect(field == "width") }
        c = Self.tinyConfiguration()
        c.tau = 0
        do { try c.validate(); Issue.record("tau = 0 accepted") } catch let CheckerError.invalidValue(field, _, _) { #expect(field == "tau") }
        #expect(throws: CheckerError.self) {
            try ConfigurationDocument(dictionary: ["widht": [1, 2, 3]], origin: "test", allowedKeys: WidthSweepConfiguration.keys)
        }
    }
}
