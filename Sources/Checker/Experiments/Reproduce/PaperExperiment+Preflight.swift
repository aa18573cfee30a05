import Engine
import Foundation

extension PaperExperiment {
    /// Everything `run` would refuse, checked without writing or training anything: the
    /// configuration, the output folder (`checkFolder`) and the data (a test split, class
    /// labels, sizes and test samples that fit). Call it before the first byte of output.
    /// - Returns: the training split, the test set and the number of classes C (e.g. for `cellMemoryEstimate`).
    /// - Throws: `PaperExperimentError`, `DataError`.
    public func preflight() throws -> (train: Dataset, test: Dataset, classCount: Int) {
        try configuration.validate()
        _ = try checkFolder()
        let (split, test, classCount) = try loadData()
        return (split.train, test, classCount)
    }

    /// Loads the data of the configuration and checks it: the training split (all of it; the
    /// cells draw their subsets), the test split (`testSamples` of it, seed 0) and C.
    /// - Throws: `PaperExperimentError.dataMismatch`, `.invalidConfiguration`, `DataError`.
    func loadData() throws -> (split: DataSplit, test: Dataset, classCount: Int) {
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

    /// Checks the output folder without writing: it is absent, empty (but for lth's lock file),
    /// or records a configuration with the same `cellDefiningPart`.
    /// - Returns: true when `configuration.json` must be (re)written: the folder is new or the
    ///   recorded configuration differs in fields that do not define cells.
    /// Call it again under the folder's lock (`OutputFolderLock`) before the first byte of output.
    /// - Throws: `PaperExperimentError.differentConfiguration`, `.notResults`.
    @discardableResult
    public func checkFolder() throws -> Bool {
        let manager = FileManager.default
        let folder = outputFolder.path
        let recorded = outputFolder.appendingPathComponent(PaperExperiment.configurationFileName)
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: folder, isDirectory: &isDirectory) else { return true }
        guard isDirectory.boolValue else {
            throw PaperExperimentError.notResults(folder: folder, reason: "is a file, not a folder")
        }
        guard let data = manager.contents(atPath: recorded.path) else {
            guard OutputFolder.isEffectivelyEmpty(outputFolder) else {
                throw PaperExperimentError.notResults(folder: folder, reason: "is not empty and has no \(PaperExperiment.configurationFileName)")
            }
            return true
        }
        guard let previous = try? JSONDecoder().decode(PaperExperimentConfiguration.self, from: data) else {
            throw PaperExperimentError.notResults(folder: folder, reason: "has a \(PaperExperiment.configurationFileName) that is not an experiment configuration")
        }
        if previous.cellDefiningPart != configuration.cellDefiningPart {
            let keys = PaperExperiment.differingKeys(previous.cellDefiningPart, configuration.cellDefiningPart)
            throw PaperExperimentError.differentConfiguration(
                folder: folder, reason: "was written by a different configuration (\(keys.joined(separator: ", ")) differ)")
        }
        return previous != configuration
    }
}
