/// A parameter of the analytic side, as the mathematics names it. Errors name the parameter,
/// never a command-line flag: the command line maps each case to the flag (or configuration
/// key) the user typed.
public enum BoundsParameter: String, CaseIterable, Sendable {
    /// m, the number of training points.
    case samples
    /// N, the hidden width.
    case width
    /// d, the input dimension.
    case dimension
    /// lambda0 = lambda_min(Hinf).
    case lambda0
    /// The gradient-descent step size eta.
    case learningRate
    /// The failure probability delta.
    case delta
    /// The initial weight scale kappa.
    case kappa
    /// ||y||^2.
    case targetNorm2
    /// The diameter D of the neuron features.
    case diameter
    /// The subnetwork size k.
    case subnetworkSize
    /// The target loss (Theorem C) or approximation error (SubsetSum) epsilon.
    case epsilon
    /// The constant C of the SubsetSum width N = C n log2(n / min(epsilon, delta)).
    case subsetSumConstant
    /// The widths of a SubsetSum measurement.
    case widths
    /// The data points x_1..x_m whose Hinf is certified.
    case points
    /// A Gram matrix to certify.
    case gramMatrix
    /// The bound on the entrywise error of a Gram matrix.
    case gramEntryError
    /// A probability argument of a special function (e.g. erf^-1(p)).
    case probability
    /// The upper-tail probability of a quantile.
    case tailProbability
    /// The argument x of the Lambert W function W_{-1}(x).
    case lambertArgument
    /// The variance of the neuron features about the target (greedy variance bound, random subnetwork).
    case featureVariance

    /// The parameter in words with its symbol, e.g. "the subnetwork size k".
    public var name: String {
        switch self {
        case .samples: return "the number of training points m"
        case .width: return "the hidden width N"
        case .dimension: return "the input dimension d"
        case .lambda0: return "lambda0"
        case .learningRate: return "the step size eta"
        case .delta: return "the failure probability delta"
        case .kappa: return "the initial weight scale kappa"
        case .targetNorm2: return "||y||^2"
        case .diameter: return "the diameter D"
        case .subnetworkSize: return "the subnetwork size k"
        case .epsilon: return "epsilon"
        case .subsetSumConstant: return "the SubsetSum constant C"
        case .widths: return "the widths"
        case .points: return "the data points"
        case .gramMatrix: return "the Gram matrix"
        case .gramEntryError: return "the Gram entry error"
        case .probability: return "the probability p"
        case .tailProbability: return "the tail probability"
        case .lambertArgument: return "the Lambert W argument"
        case .featureVariance: return "the feature variance"
        }
    }
}
