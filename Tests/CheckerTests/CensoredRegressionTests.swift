import Engine
import Foundation
import Testing
@testable import Checker

/// Property tests of the censored fits on simulated thresholds with a known law: the crossing
/// time t = law(m) + sigma Z is observed only as the checkpoint interval it falls in, and not
/// at all beyond the last checkpoint (right-censored), as `lth check` observes t_hat.
@Suite struct CensoredRegressionTests {
    /// One simulated data set: `seeds` runs per m, each crossing placed on `grid`.
    static func simulate(_ law: (Double) -> Double, sigma: Double, sizes: [Int], seeds: Int, grid: [Int],
                         generator: inout SeededGenerator) -> [CensoredObservation] {
        var out: [CensoredObservation] = []
        for m in sizes {
            for seed in 0..<seeds {
                let t = law(Double(m)) + sigma * generator.nextGaussian()
                // t_hat: the first checkpoint at or after the crossing (a crossing before 0 is met at t = 0).
                let tHat = grid.first { Double($0) >= t }
                if let o = CensoredObservation.threshold(tHat, x: Double(m), grid: grid, group: seed) { out.append(o) }
            }
        }
        return out
    }

    static let sizes = [100, 200, 400, 800, 1600, 3200]
    static let grid = Array(stride(from: 0, through: 3000, by: 100))

    @Test func waldIntervalsCoverTheTrueSlope() throws {
        // t = 200 + 250 ln m + 150 Z: crossings between about 1300 and 2300, a few beyond T = 3000.
        var generator = SeededGenerator(seed: 2026)
        var covered = 0, fitted = 0
        for _ in 0..<1000 {
            let data = Self.simulate({ 200 + 250 * log($0) }, sigma: 150, sizes: Self.sizes, seeds: 4, grid: Self.grid,
                                     generator: &generator)
            guard let fit = try? CensoredRegression(data, model: .logarithmic) else { continue }
            fitted += 1
            let (lo, hi) = try fit.slopeInterval()
            #expect(lo < hi)
            if lo <= 250 && 250 <= hi { covered += 1 }
        }
        #expect(fitted == 1000)
        let coverage = Double(covered) / Double(fitted)
        #expect(coverage >= 0.93 && coverage <= 0.97, "coverage \(coverage)")
    }

    @Test func rightCensoringIsInTheLikelihood() throws {
        // A law that runs past the grid: dropping the never-reached runs biases the slope down;
        // the censored likelihood recovers it.
        var generator = SeededGenerator(seed: 7)
        var censoredSlopes: [Double] = [], droppedSlopes: [Double] = []
        for _ in 0..<200 {
            let data = Self.simulate({ -1500 + 600 * log($0) }, sigma: 200, sizes: Self.sizes, seeds: 4, grid: Self.grid,
                                     generator: &generator)
            #expect(data.contains { $0.isRightCensored })
            guard let fit = try? CensoredRegression(data, model: .logarithmic),
                  let dropped = try? CensoredRegression(data.filter { !$0.isRightCensored }, model: .logarithmic) else { continue }
            censoredSlopes.append(fit.slope)
            droppedSlopes.append(dropped.slope)
        }
        let mean = { (xs: [Double]) in xs.reduce(0, +) / Double(xs.count) }
        #expect(censoredSlopes.count >= 190)
        #expect(abs(mean(censoredSlopes) - 600) < 25, "mean censored-likelihood slope \(mean(censoredSlopes))")
        #expect(mean(droppedSlopes) < mean(censoredSlopes) - 20, "dropping censored runs should bias the slope down")
    }

    @Test func theComparisonPrefersTheTrueLaw() {
        // ln m against m over a 32-fold range of m, with the same spread of t in both laws.
        var generator = SeededGenerator(seed: 99)
        var logarithmicWins = 0, linearWins = 0
        let trials = 100
        for _ in 0..<trials {
            let logData = Self.simulate({ 200 + 400 * log($0 / 100) }, sigma: 60, sizes: Self.sizes, seeds: 4, grid: Self.grid,
                                        generator: &generator)
            let a = ScalingComparison(title: "log", response: "t", observations: logData, atStart: 0, prediction: "", bootstrap: false)
            if a.best?.model == .logarithmic { logarithmicWins += 1 }
            let linData = Self.simulate({ 200 + 1400 * ($0 - 100) / 3100 }, sigma: 60, sizes: Self.sizes, seeds: 4, grid: Self.grid,
                                        generator: &generator)
            let b = ScalingComparison(title: "lin", response: "t", observations: linData, atStart: 0, prediction: "", bootstrap: false)
            if b.best?.model == .linear { linearWins += 1 }
        }
        #expect(logarithmicWins >= 90, "ln m preferred in \(logarithmicWins) of \(trials)")
        #expect(linearWins >= 90, "m preferred in \(linearWins) of \(trials)")
    }

    @Test func refusesWhatTheDataCannotSay() {
        // Every run never reached eps: nothing is observed.
        let never = Self.sizes.map { CensoredObservation(x: Double($0), lower: 3000, upper: .infinity, group: 0) }
        #expect(throws: CheckerError.self) { try CensoredRegression(never, model: .logarithmic) }
        // Crossings at two distinct m only.
        let two = [100, 100, 200, 200].map { CensoredObservation(x: Double($0), lower: 100, upper: 200, group: 0) }
        #expect(throws: CheckerError.self) { try CensoredRegression(two, model: .linear) }
        // Three observations for three parameters.
        let three = [100, 200, 400].map { CensoredObservation(x: Double($0), lower: 100, upper: 200, group: 0) }
        #expect(throws: CheckerError.self) { try CensoredRegression(three, model: .power) }
        // Every crossing in the same checkpoint interval at 3 m: the likelihood has no interior maximum.
        let oneInterval = [100, 200, 400, 800].map { CensoredObservation(x: Double($0), lower: 1000, upper: 2000, group: 0) }
        #expect(throws: CheckerError.self) { try CensoredRegression(oneInterval, model: .logarithmic) }
        let comparison = ScalingComparison(title: "t", response: "t", observations: oneInterval, atStart: 0, prediction: "")
        #expect(comparison.best == nil)
        #expect(comparison.verdict.hasPrefix("no law can be fitted"))
    }

    @Test func bootstrapResamplesSeeds() {
        var generator = SeededGenerator(seed: 5)
        let data = Self.simulate({ 200 + 250 * log($0) }, sigma: 150, sizes: Self.sizes, seeds: 5, grid: Self.grid, generator: &generator)
        let comparison = ScalingComparison(title: "t", response: "t", observations: data, atStart: 0, prediction: "")
        let logarithmic = comparison.fits.first { $0.model == CensoredRegression.Model.logarithmic }!
        let (lo, hi) = try! #require(logarithmic.bootstrapInterval)
        #expect(lo < logarithmic.fit!.slope && logarithmic.fit!.slope < hi)
        // Two seeds: no bootstrap interval, and the note says why.
        let two = ScalingComparison(title: "t", response: "t", observations: data.filter { $0.group < 2 }, atStart: 0, prediction: "")
        #expect(two.fits.allSatisfy { $0.bootstrapInterval == nil })
        #expect(two.fits.first { $0.fit != nil }?.note?.contains("2 seeds") == true)
    }
}
