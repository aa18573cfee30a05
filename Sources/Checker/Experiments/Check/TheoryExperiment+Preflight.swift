import Engine
import Foundation

extension TheoryExperiment {
    /// Everything `run` would refuse, checked without writing or training anything: the
    /// output folder (`checkOutputFolder`) and the data (the largest training set, m = max
    /// `samples`, loads and has scalar labels). Call it before the first byte of output.
    /// - Returns: the training data (of the largest m, seed 0), e.g. for `cellMemoryEstimate`.
    /// - Throws: `CheckerError.invalidValue`, `DataError`.
    public func preflight() throws -> Dataset {
        _ = try checkOutputFolder()
        let largest = configuration.samples.max() ?? 1
        let training = try DataRecipe(source: configuration.data, classes: configuration.classes, samples: largest,
                                      seed: 0, unitNorm: true).load().train
        try requireScalarLabels(training)
        return training
    }

    /// Checks the output folder without writing: it is absent, empty (but for lth's lock
    /// file), or recorded by this configuration (`configuration.json` with the same hash).
    /// Call it again under the folder's lock (`OutputFolderLock`) before the first byte of output.
    /// - Returns: true when this configuration already claimed it.
    /// - Throws: `CheckerError.invalidValue` for a folder of another configuration or not a check's.
    @discardableResult
    public func checkOutputFolder() throws -> Bool {
        let manager = FileManager.default
        let recordedFile = outputURL.appendingPathComponent("configuration.json")
        if let data = manager.contents(atPath: recordedFile.path) {
            let recorded = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["hash"] as? String
            guard recorded == configuration.hash else {
                throw CheckerError.invalidValue(
                    field: "out", value: configuration.output,
                    allowed: "a new folder or one written by this configuration: it holds results of configuration \(recorded ?? "unknown"), this one is \(configuration.hash); to start fresh: rm -r '\(outputURL.path)' (or choose another output folder)")
            }
            return true
        }
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: outputURL.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue, OutputFolder.isEffectivelyEmpty(outputURL) else {
                throw CheckerError.invalidValue(field: "out", value: configuration.output,
                                                allowed: "a new or empty folder (this one exists and is not the results of lth check; nothing in it is touched)")
            }
        }
        return false
    }

    /// The theory is stated for scalar labels: the data must have one output.
    func requireScalarLabels(_ training: Dataset) throws {
        guard training.outputCount == 1 else {
            throw CheckerError.invalidValue(field: "classes", value: "none",
                                            allowed: "two classes a,b: the theory is stated for scalar labels and \(configuration.data) has \(training.outputCount) outputs")
        }
    }

    /// Reads every cell file an earlier run left in `cells/` and checks it against this
    /// configuration (`TheoryCell.read`), without computing anything: a damaged or foreign cell
    /// is refused here, before the first line of progress, rather than in the middle of `run`.
    /// - Throws: `CheckerError.invalidValue` naming the cell file.
    public func checkKeptCells() throws {
        for m in configuration.samples {
            for seed in configuration.seeds {
                let url = cellsURL.appendingPathComponent(TheoryCell.fileName(samples: m, seed: seed))
                _ = try TheoryCell.read(from: url, configuration: configuration, samples: m, seed: seed)
            }
        }
    }
}
