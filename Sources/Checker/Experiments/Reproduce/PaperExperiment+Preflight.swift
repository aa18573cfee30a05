import Engine
import Foundation

extension PaperExperiment {
    /// Everything `run` would refuse, checked without writing or training anything: the
    /// configuration, the output folder (`checkFolder`) and the data (a test split, class
    /// labels, sizes and test samples that fit). Call it before the first byte of output.
    /// - Returns: the training split, the test set and the number of classes C (e.g. for `cellMemoryEstimate`).
    /// - Throws: `PaperExperimentError`, `OutputError`, `DataError`.
    public func preflight() throws -> (train: Dataset, test: Dataset, classCount: Int) {
        try configuration.validate()
        try checkFolder()
        let (split, test, classCount) = try loadData()
        return (split.train, test, classCount)
    }

    /// Loads the data of the configuration and checks it: the training split (all of it; the
    /// cells draw their subsets), the test split (`testSamples` of it, seed 0) and C. Loaded once
    /// per experiment and configuration (`LoadedOnce`): the preflight, the check of the kept
    /// cells, the run and an array task's cell all take the same data.
    /// - Throws: `PaperExperimentError.dataMismatch`, `.invalidConfiguration`, `DataError`.
    func loadData() throws -> PaperExperiment.Splits {
        try loadedData.value(for: configuration.json) { try readData() }
    }

    /// Reads and checks the data (`loadData`, which keeps what this returns).
    private func readData() throws -> PaperExperiment.Splits {
        let config = configuration
        var split = try DataRecipe(source: config.data, classes: config.classes, samples: nil, seed: 0,
                                   unitNorm: config.unitNorm).load()
        guard var test = split.test else {
            throw PaperExperimentError.dataMismatch("the data source '\(config.data)' has no test split (allowed: fashion-mnist, an MNIST-layout folder, or synthetic:sphere with test > 0)")
        }
        guard split.train.classLabels != nil, let classCount = split.train.classCount, classCount >= 2, test.classLabels != nil else {
            throw PaperExperimentError.dataMismatch("the data source '\(config.data)' has no class labels; the experiment needs classification data")
        }
        if let largest = config.sizes.max(), largest > split.train.sampleCount {
            throw PaperExperimentError.invalidConfiguration(field: "sizes", value: "\(config.sizes)",
                                                            allowed: "sizes up to the \(split.train.sampleCount) training samples of '\(config.data)'")
        }
        if let t = config.testSamples {
            guard t <= test.sampleCount else {
                throw PaperExperimentError.invalidConfiguration(field: "testSamples", value: "\(t)",
                                                                allowed: "null or at most the \(test.sampleCount) test samples")
            }
            test = try test.subset(count: t, seed: 0)
        }
        split.test = test
        return (split, test, classCount)
    }

    /// Checks the output folder without writing: new, empty, or claimed by a configuration with
    /// the same cell-defining part (`check(output:)`). A folder whose `configuration.json`
    /// records another cell-defining part is refused naming the keys that differ.
    /// - Throws: `PaperExperimentError.differentConfiguration`, `OutputError`.
    public func checkFolder() throws {
        if let previous = try? PaperExperimentConfiguration.load(path: outputFolder.appendingPathComponent(PaperExperiment.configurationFileName).path),
           previous.cellDefiningPart != configuration.cellDefiningPart {
            let keys = PaperExperiment.differingKeys(previous.cellDefiningPart, configuration.cellDefiningPart)
            throw PaperExperimentError.differentConfiguration(
                folder: outputFolder.path, reason: "was written by a different configuration (\(keys.joined(separator: ", ")) differ)")
        }
        try check(output: outputFolder)
    }
}
