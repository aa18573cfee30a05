import Foundation

/// A Monte Carlo measurement of the constant of Lueker's theorem (THEORY.md section 5,
/// `Proofs/SubsetSumWidth.tex`, Remark "The constant is measured").
///
/// Trial t (t = 0..<trials) draws X_1, X_2, ... independent and uniform on [-1, 1] as
/// 2u - 1 with u = `nextUniform()` of `SeededGenerator(seed: derivedSeed(seed, stream: t))`,
/// and computes exactly (`SubsetSums.prefixWorstCaseErrors`) the worst-case error E_k of the
/// prefixes X_1..X_k for k = 0, 1, ... until E_k <= min(eps) or k = `maximumCount`. Since E_k
/// is non-increasing in k, the trial's first sufficient count N_t(eps) = min{k : E_k <= eps}
/// (absent when k = maximumCount is not enough) decides success at every n at once:
/// every z in [-1, 1] is within eps of a subset sum of n samples iff N_t(eps) <= n.
/// The n-sample instances of one trial are nested (prefixes of one sequence); across trials
/// they are independent.
///
/// From the trials, for each eps: P_hat(eps, n) = #{t : N_t(eps) <= n} / trials, the required
/// count n(eps) = the smallest n <= maximumCount with P_hat(eps, n) >= 1 - eps (that is, at
/// most eps * trials failures), and the least-squares fit n(eps) = C log2(1/eps) + c0 over the
/// epsilons with n(eps) found (`LuekerFit`). The confidence interval for C is a percentile
/// bootstrap over trials: each of `bootstrapResamples` resamples draws `trials` trial indices
/// uniformly with replacement (`nextIndex(below:)` of
/// `SeededGenerator(seed: derivedSeed(seed, stream: UInt64.max))`), recomputes every n(eps)
/// and refits; the interval is the (1 - level)/2 and (1 + level)/2 quantiles of the refitted
/// slopes (linear interpolation between order statistics, Hyndman-Fan type 7). Resamples in
/// which fewer than two epsilons reach n(eps) are skipped and counted.
public struct LuekerExperiment: Sendable, Equatable {
    public var epsilons: [Double]
    public var trials: Int
    public var seed: UInt64
    /// The largest n tried, at most `SubsetSums.exactLimit`.
    public var maximumCount: Int
    public var bootstrapResamples: Int
    /// Confidence level of the bootstrap interval, in (0, 1).
    public var level: Double

    /// The default epsilons {0.1, 0.05, 0.02, 0.01, 0.005}.
    public static let defaultEpsilons = [0.1, 0.05, 0.02, 0.01, 0.005]

    /// - Throws: `SubsetSumError.invalidParameter` for an eps outside (0, 1), an empty or
    ///   repeated eps list, trials < 1, maximumCount outside 1...exactLimit, resamples < 1 or a
    ///   level outside (0, 1).
    public init(epsilons: [Double] = LuekerExperiment.defaultEpsilons, trials: Int = 1000, seed: UInt64 = 0,
                maximumCount: Int = 24, bootstrapResamples: Int = 1000, level: Double = 0.95) throws {
        guard !epsilons.isEmpty, Set(epsilons).count == epsilons.count else {
            throw SubsetSumError.invalidParameter(.epsilons, value: epsilons.map { "\($0)" }.joined(separator: ","),
                                                  allowed: "a non-empty list of distinct numbers in (0, 1)")
        }
        for e in epsilons where !(e > 0 && e < 1) {
            throw SubsetSumError.invalidParameter(.epsilons, value: "\(e)", allowed: "numbers in (0, 1)")
        }
        guard trials >= 1 else { throw SubsetSumError.invalidParameter(.trials, value: "\(trials)", allowed: "an integer >= 1") }
        guard (1...SubsetSums.exactLimit).contains(maximumCount) else {
            throw SubsetSumError.invalidParameter(.maximumCount, value: "\(maximumCount)", allowed: "an integer in 1...\(SubsetSums.exactLimit)")
        }
        guard bootstrapResamples >= 1 else {
            throw SubsetSumError.invalidParameter(.bootstrapResamples, value: "\(bootstrapResamples)", allowed: "an integer >= 1")
        }
        guard level > 0 && level < 1 else { throw SubsetSumError.invalidParameter(.confidenceLevel, value: "\(level)", allowed: "a number in (0, 1)") }
        self.epsilons = epsilons
        self.trials = trials
        self.seed = seed
        self.maximumCount = maximumCount
        self.bootstrapResamples = bootstrapResamples
        self.level = level
    }

    /// The samples X_1..X_maximumCount of trial t.
    public func samples(trial t: Int) -> [Double] {
        var g = SeededGenerator(seed: SeededGenerator.derivedSeed(seed, stream: UInt64(t)))
        return (0..<maximumCount).map { _ in 2 * g.nextUniform() - 1 }
    }

    /// Runs the trials and the bootstrap.
    /// - Throws: `SubsetSumError.fitImpossible` when fewer than two epsilons reach n(eps) <= maximumCount.
    public func run() throws -> LuekerMeasurement {
        let smallest = epsilons.min()!
        var firstCounts = [[Int?]](repeating: [Int?](repeating: nil, count: trials), count: epsilons.count)
        for t in 0..<trials {
            let errors = try SubsetSums.prefixWorstCaseErrors(samples(trial: t), stoppingAtOrBelow: smallest)
            for (e, eps) in epsilons.enumerated() {
                firstCounts[e][t] = errors.firstIndex(where: { $0 <= eps })
            }
        }
        return try LuekerMeasurement(experiment: self, firstCounts: firstCounts)
    }
}

/// The result of a `LuekerExperiment`: per-trial first sufficient counts, the success
/// probabilities, n(eps), the fit and its bootstrap interval.
public struct LuekerMeasurement: Sendable, Equatable {
    public var experiment: LuekerExperiment
    /// firstCounts[e][t] = N_t(eps_e), nil when not reached by `maximumCount`.
    public var firstCounts: [[Int?]]
    /// n(eps_e), nil when P_hat(eps_e, maximumCount) < 1 - eps_e.
    public var requiredCounts: [Int?]
    /// The fit over the epsilons with n(eps) found.
    public var fit: LuekerFit
    /// The bootstrap percentile interval for C (the slope per log2(1/eps)).
    public var slopeInterval: ClosedRange<Double>
    /// Resamples used for the interval (the others reached n(eps) for fewer than two epsilons).
    public var resamplesUsed: Int

    /// Computes everything from the per-trial counts (`firstCounts[e][t]`).
    public init(experiment: LuekerExperiment, firstCounts: [[Int?]]) throws {
        self.experiment = experiment
        self.firstCounts = firstCounts
        let limit = experiment.maximumCount
        let trials = firstCounts.first?.count ?? 0
        // Histograms: bucket k <= limit, bucket limit + 1 = not reached.
        let histograms = firstCounts.map { counts -> [Int] in
            var h = [Int](repeating: 0, count: limit + 2)
            for c in counts { h[c ?? limit + 1] += 1 }
            return h
        }
        let epsilons = experiment.epsilons
        requiredCounts = zip(epsilons, histograms).map { LuekerMeasurement.requiredCount(epsilon: $0, histogram: $1, trials: trials) }
        fit = try LuekerMeasurement.fit(epsilons: epsilons, counts: requiredCounts)

        var generator = SeededGenerator(seed: SeededGenerator.derivedSeed(experiment.seed, stream: UInt64.max))
        var slopes: [Double] = []
        slopes.reserveCapacity(experiment.bootstrapResamples)
        // Bucket of each trial per eps, so a resample only counts indices.
        let buckets = firstCounts.map { $0.map { $0 ?? limit + 1 } }
        var resampled = [[Int]](repeating: [Int](repeating: 0, count: limit + 2), count: epsilons.count)
        for _ in 0..<experiment.bootstrapResamples {
            for e in epsilons.indices { for k in 0..<(limit + 2) { resampled[e][k] = 0 } }
            for _ in 0..<trials {
                let t = generator.nextIndex(below: trials)
                for e in epsilons.indices { resampled[e][buckets[e][t]] += 1 }
            }
            let counts = zip(epsilons, resampled).map { LuekerMeasurement.requiredCount(epsilon: $0, histogram: $1, trials: trials) }
            if let f = try? LuekerMeasurement.fit(epsilons: epsilons, counts: counts) { slopes.append(f.slope) }
        }
        resamplesUsed = slopes.count
        guard !slopes.isEmpty else {
            throw SubsetSumError.fitImpossible(reason: "no bootstrap resample reached n(eps) for two epsilons")
        }
        slopes.sort()
        let alpha = (1 - experiment.level) / 2
        slopeInterval = LuekerMeasurement.quantile(slopes, alpha)...LuekerMeasurement.quantile(slopes, 1 - alpha)
    }

    /// P_hat(eps_e, n) = #{t : N_t(eps_e) <= n} / trials.
    public func successProbability(epsilonIndex e: Int, count n: Int) -> Double {
        let counts = firstCounts[e]
        return Double(counts.filter { ($0 ?? Int.max) <= n }.count) / Double(counts.count)
    }

    /// The bootstrap interval for the natural-log constant C / ln 2.
    public var naturalLogConstantInterval: ClosedRange<Double> {
        (slopeInterval.lowerBound / log(2))...(slopeInterval.upperBound / log(2))
    }

    /// The smallest n with at most eps * trials failures (failures = trials with N_t > n or not
    /// reached); 1e-9 absorbs the rounding of eps * trials.
    static func requiredCount(epsilon: Double, histogram: [Int], trials: Int) -> Int? {
        var successes = 0
        for n in 0..<(histogram.count - 1) {
            successes += histogram[n]
            if Double(trials - successes) <= epsilon * Double(trials) + 1e-9 { return n }
        }
        return nil
    }

    static func fit(epsilons: [Double], counts: [Int?]) throws -> LuekerFit {
        var xs: [Double] = [], ys: [Double] = []
        for (e, c) in zip(epsilons, counts) { if let c { xs.append(e); ys.append(Double(c)) } }
        guard xs.count >= 2 else {
            throw SubsetSumError.fitImpossible(reason: "n(eps) <= max n was reached for \(xs.count) of \(epsilons.count) epsilons (raise the largest count n or the epsilons)")
        }
        return try LuekerFit.leastSquares(epsilons: xs, counts: ys)
    }

    /// Type-7 quantile of an ascending non-empty array: position h = q (N - 1), linear
    /// interpolation between the order statistics floor(h) and floor(h) + 1.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let h = q * Double(sorted.count - 1)
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}
