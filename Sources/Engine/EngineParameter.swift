/// A parameter of training, pruning, greedy selection, stability, early-bird detection or the
/// SubsetSum measurements, as the algorithms name it. Engine errors name the parameter, never a
/// command-line flag: the command line maps each case to the flag the user typed.
public enum EngineParameter: String, CaseIterable, Sendable {
    // Greedy forward selection
    /// The subnetwork size k (steps of greedy selection).
    case subnetworkSize
    /// The loss at which greedy selection stops early.
    case lossTarget
    /// The number of candidate neurons scored per step (sampled greedy).
    case candidateCount
    /// A minibatch size B (sampled greedy's row batch).
    case batchSize
    /// Rows per accumulation block of the incremental greedy scores.
    case accumulationBlockRows
    // SubsetSum
    /// The target approximation errors epsilon of a Lueker measurement.
    case epsilons
    /// The counts n(epsilon), one per epsilon.
    case counts
    /// The samples per target weight of a pruned layer pair.
    case samplesPerWeight
    /// The target weights of a pruned layer pair.
    case targetWeights
    /// Independent trials per count.
    case trials
    /// The largest count n searched.
    case maximumCount
    /// Bootstrap resamples of a fit.
    case bootstrapResamples
    /// The confidence level of an interval.
    case confidenceLevel
    // Pruning, rewinding, stability, early bird
    /// A density (fraction of weights kept) in (0, 1].
    case density
    /// The densities of an early-bird search.
    case densities
    /// The model a pruning run trains.
    case model
    /// The number of IMP levels.
    case levels
    /// A rewind (or branch) iteration.
    case rewindIteration
    /// Points on the linear path between two networks.
    case interpolationPoints
    /// Trained copies compared by instability analysis.
    case copies
    /// The barrier below which a pair is stable.
    case stabilityThreshold
    /// The window of mask distances of early-bird detection.
    case window
    /// The mask distance below which early-bird detection stops.
    case maskDistanceThreshold
    /// The checkpoint iterations.
    case checkpoints
    /// The seeds of a matching comparison (one trained network per seed).
    case seeds
    /// The number of standard deviations below the dense mean that still matches.
    case matchingStandardDeviations
    /// The data set.
    case data

    /// The parameter in words, e.g. "the subnetwork size k".
    public var name: String {
        switch self {
        case .subnetworkSize: return "the subnetwork size k"
        case .lossTarget: return "the loss target"
        case .candidateCount: return "the number of candidates"
        case .batchSize: return "the batch size"
        case .accumulationBlockRows: return "the accumulation block rows"
        case .epsilons: return "the epsilons"
        case .counts: return "the counts n(epsilon)"
        case .samplesPerWeight: return "the samples per target weight"
        case .targetWeights: return "the target weights"
        case .trials: return "the number of trials"
        case .maximumCount: return "the largest count n"
        case .bootstrapResamples: return "the bootstrap resamples"
        case .confidenceLevel: return "the confidence level"
        case .density: return "the density"
        case .densities: return "the densities"
        case .model: return "the model"
        case .levels: return "the number of levels"
        case .rewindIteration: return "the rewind iteration"
        case .interpolationPoints: return "the number of points on the path"
        case .copies: return "the number of copies"
        case .stabilityThreshold: return "the stability threshold"
        case .window: return "the window"
        case .maskDistanceThreshold: return "the mask distance threshold"
        case .checkpoints: return "the checkpoints"
        case .seeds: return "the seeds"
        case .matchingStandardDeviations: return "the matching standard deviations"
        case .data: return "the data"
        }
    }
}
