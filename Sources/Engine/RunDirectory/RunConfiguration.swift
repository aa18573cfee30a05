/// The contents of a run directory's `config.json`: the training configuration and a
/// description of the data it was trained on.
public struct RunConfiguration: Sendable, Codable, Equatable {
    public var training: TrainingConfiguration
    /// `Dataset.description` of the training set (source and every transformation).
    public var data: String
    /// `Dataset.description` of the test set, if any.
    public var testData: String?
    public var trainingSamples: Int
    public var testSamples: Int?
    public var dimension: Int
    public var outputs: Int
    /// Total iterations T and iterations per epoch.
    public var totalIterations: Int
    public var iterationsPerEpoch: Int
    /// The resolved checkpoint steps.
    public var checkpointSteps: [Int]
    /// The command line that started the run, when run from `lth train`.
    public var commandLine: [String]?
    /// How to rebuild the training and test sets (absent in runs written before it existed).
    public var dataRecipe: DataRecipe?
    /// `Dataset.checksum` of the training set the run used.
    public var dataChecksum: String?

    public init(training: TrainingConfiguration, data: String, testData: String?, trainingSamples: Int,
                testSamples: Int?, dimension: Int, outputs: Int, totalIterations: Int, iterationsPerEpoch: Int,
                checkpointSteps: [Int], commandLine: [String]? = nil) {
        self.training = training
        self.data = data
        self.testData = testData
        self.trainingSamples = trainingSamples
        self.testSamples = testSamples
        self.dimension = dimension
        self.outputs = outputs
        self.totalIterations = totalIterations
        self.iterationsPerEpoch = iterationsPerEpoch
        self.checkpointSteps = checkpointSteps
        self.commandLine = commandLine
    }

    /// The configuration of a trainer (data descriptions and resolved schedule included).
    public init(trainer: Trainer, commandLine: [String]? = nil) {
        self.init(training: trainer.configuration, data: trainer.trainingSet.description,
                  testData: trainer.testSet?.description, trainingSamples: trainer.trainingSet.sampleCount,
                  testSamples: trainer.testSet?.sampleCount, dimension: trainer.trainingSet.dimension,
                  outputs: trainer.configuration.outputCount(for: trainer.trainingSet),
                  totalIterations: trainer.totalIterations, iterationsPerEpoch: trainer.iterationsPerEpoch,
                  checkpointSteps: trainer.checkpointSteps, commandLine: commandLine)
    }
}

/// One line of `metrics.jsonl`: `{"name": ..., "step": ..., "value": ...}` (value null when
/// not finite).
public struct MetricRecord: Sendable, Codable, Equatable {
    public var name: String
    public var step: Int
    public var value: Double?

    public init(name: String, step: Int, value: Double?) {
        self.name = name
        self.step = step
        self.value = value
    }
}
