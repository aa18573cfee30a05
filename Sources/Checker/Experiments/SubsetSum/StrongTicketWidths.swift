import Bounds
import Engine

/// The width factors of a strong lottery ticket for target widths d_0..d_l (`lth bounds
/// strong`, THEORY.md section 5, `Proofs/SubsetSumWidth.tex`): per layer pair i = 1..l Pensia et
/// al.'s factor n_i = C log(d_{i-1} d_i l / min(eps, delta)) (natural log) and the hidden width
/// n_i d_{i-1} of the random pair, beside Malach et al.'s order d^4 l^2 (d = the largest width,
/// constant 1, without its eps and delta terms). With a given or measured C the Pensia factor
/// is an ESTIMATE: the theorem's constant is not Lueker's C.
public struct StrongTicketWidths: Sendable {
    /// Where the SubsetSum constant C (per natural log) comes from.
    public enum Constant: Sendable, Equatable {
        /// C as given.
        case given(Double)
        /// C measured by Monte Carlo (`LuekerExperiment` with its default epsilons), with its
        /// bootstrap interval.
        case measured(trials: Int, seed: UInt64)
    }

    /// d_0, ..., d_l.
    public let widths: [Int]
    public let epsilon: Double
    public let delta: Double
    /// C per natural log.
    public let constant: Double
    /// How C was obtained, in words ("given", "measured (Lueker's constant, T trials, seed S)").
    public let constantSource: String
    /// The bootstrap interval of a measured C.
    public let constantInterval: ClosedRange<Double>?
    /// n_i for i = 1..l at C.
    public let pensiaFactors: [Double]
    /// n_i at the two ends of `constantInterval`, when C was measured.
    public let pensiaFactorIntervals: [(lower: Double, upper: Double)]?
    /// d^4 l^2.
    public let malachFactor: Double

    /// Evaluates both factors; `checkMemory` sees the Monte Carlo's estimate when C is measured.
    /// - Throws: `BoundsError.invalidParameter` (`.widths`, `.epsilon`, `.delta`,
    ///   `.subsetSumConstant`), `SubsetSumError` (`.trials`), and what `checkMemory` throws.
    public init(widths: [Int], epsilon: Double, delta: Double, constant: Constant, checkMemory: MemoryCheck) throws {
        self.widths = widths
        self.epsilon = epsilon
        self.delta = delta
        switch constant {
        case .given(let c):
            self.constant = c
            constantSource = "given"
            constantInterval = nil
        case let .measured(trials, seed):
            let experiment = try LuekerExperiment(trials: trials, seed: seed)
            try checkMemory(MemoryEstimate.subsetSumMeasurement(epsilons: experiment.epsilons.count, trials: trials,
                                                                maximumCount: experiment.maximumCount, resamples: experiment.bootstrapResamples), [:])
            let m = try experiment.run()
            self.constant = m.fit.naturalLogConstant
            constantInterval = m.naturalLogConstantInterval
            constantSource = "measured (Lueker's constant, \(trials) trials, seed \(seed))"
        }
        pensiaFactors = try SubsetSumWidth.pensiaWidthFactorEstimates(widths: widths, epsilon: epsilon, delta: delta, measuredLuekerConstant: self.constant)
        if let interval = constantInterval {
            let low = try SubsetSumWidth.pensiaWidthFactorEstimates(widths: widths, epsilon: epsilon, delta: delta, measuredLuekerConstant: interval.lowerBound)
            let high = try SubsetSumWidth.pensiaWidthFactorEstimates(widths: widths, epsilon: epsilon, delta: delta, measuredLuekerConstant: interval.upperBound)
            pensiaFactorIntervals = zip(low, high).map { (lower: $0, upper: $1) }
        } else {
            pensiaFactorIntervals = nil
        }
        malachFactor = try SubsetSumWidth.malachWidthFactor(widths: widths)
    }

    /// n_i d_{i-1} for pair i (1-based).
    public func pensiaHiddenWidth(pair i: Int) -> Double {
        SubsetSumWidth.pensiaHiddenWidth(factor: pensiaFactors[i - 1], inputWidth: widths[i - 1])
    }
}
