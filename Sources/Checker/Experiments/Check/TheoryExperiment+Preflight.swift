import Engine
import Foundation

extension TheoryExperiment {
    /// Everything `run` would refuse, checked without writing or training anything: the
    /// output folder (`check(output:)`: new, empty, or claimed by this configuration) and the data
    /// (the largest training set, m = max `samples`, loads and has scalar labels). Call it before
    /// the first byte of output.
    /// - Returns: the training data (of the largest m, seed 0), e.g. for `cellMemoryEstimate`.
    /// - Throws: `OutputError`, `CheckerError.invalidValue`, `DataError`.
    public func preflight() throws -> Dataset {
        try check(output: outputURL)
        let largest = configuration.samples.max() ?? 1
        let training = try DataRecipe(source: configuration.data, classes: configuration.classes, samples: largest,
                                      seed: 0, unitNorm: true).load().train
        try requireScalarLabels(training)
        return training
    }

    /// The theory is stated for scalar labels: the data must have one output.
    func requireScalarLabels(_ training: Dataset) throws {
        guard training.outputCount == 1 else {
            throw CheckerError.invalidValue(field: "classes", value: "none",
                                            allowed: "two classes a,b: the theory is stated for scalar labels and \(configuration.data) has \(training.outputCount) outputs")
        }
    }
}
