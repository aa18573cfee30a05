import Bounds

/// Where a `CheckResult` came from: enough to reproduce the run and to read its numbers.
public struct Provenance: Sendable, Equatable {
    /// The toolkit's version string, e.g. "0.1.0".
    public var toolkitVersion: String
    /// A hash of the full configuration (hex string), so two results can be matched to one config.
    public var configHash: String
    /// What the data is, e.g. "synthetic:sphere?m=1000&d=10&seed=1" or "fashion-mnist classes 0/1".
    public var dataDescription: String
    /// The loss every loss column is reported in: the sum l = 1/2 ||u - y||^2 or the mean l/m.
    public var lossConvention: LossConvention

    public init(toolkitVersion: String, configHash: String, dataDescription: String, lossConvention: LossConvention) {
        self.toolkitVersion = toolkitVersion
        self.configHash = configHash
        self.dataDescription = dataDescription
        self.lossConvention = lossConvention
    }

    /// The sentence stating the loss convention, printed with every table.
    public var lossConventionSentence: String {
        switch lossConvention {
        case .sum:
            return "Losses are sums over the data set, l = 1/2 ||u - y||^2, as in the theorems; residuals ||u - y||^2 are squared Euclidean norms."
        case .mean:
            return "Losses are per-sample means, l/m = 1/(2m) ||u - y||^2 (the theorems' sum divided by m); residuals ||u - y||^2 are squared Euclidean norms (not divided by m)."
        }
    }
}
