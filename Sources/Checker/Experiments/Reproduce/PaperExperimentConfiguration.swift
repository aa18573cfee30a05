import Engine
import Foundation

/// Everything that determines the paper's experiment (Wolfe et al. 2021, the MNIST figure, here on
/// Fashion-MNIST): a dense two-layer MLP trained for t iterations at several training-set sizes
/// m, pruned by greedy forward selection at every checkpoint, the pruned accuracy against t.
///
/// Every field has a default (the values below), and a JSON or YAML file may give any subset of
/// the keys (`read(path:)`, through `ConfigurationDocument` as every configuration of lth); an
/// unknown key is an error. The defaults are `Experiments/fashion-mnist-paper.json`.
public struct PaperExperimentConfiguration: Sendable, Encodable, Equatable {
    /// Free text (JSON has no comments); ignored when two configurations are compared.
    public var comment: String?
    /// The data source (`DataSource.parse`), default "fashion-mnist" (Debian's
    /// `dataset-fashion-mnist`, train 60000 / test 10000 images of 28 x 28 pixels).
    public var data: String
    /// The classes kept (nil, the default: all 10; see `Dataset.filteringClasses`).
    public var classes: [Int]?
    /// Whether rows are scaled to unit norm (default false: pixels in [0, 1], as in the paper).
    public var unitNorm: Bool
    /// Training-set sizes m, default [1000, 2000, 4000, 8000]. The subset of size m is drawn
    /// without replacement with the cell's seed (`Dataset.subset`), so for one seed the subsets
    /// are nested (the first m entries of one seeded shuffle).
    public var sizes: [Int]
    /// Test points used (nil, the default: the whole test split; else a seeded subset, seed 0).
    public var testSamples: Int?
    /// Hidden width N of the dense MLP, default 200.
    public var width: Int
    /// Total SGD iterations T of every run (the same for every m), default 4096.
    public var iterations: Int
    /// Checkpoints (`CheckpointSchedule` text), default "geom:16,32,..." (0, 16, 32, ..., T).
    public var checkpoints: String
    /// The training objective of the dense network and of the fine-tuning (mean over the batch):
    /// "squared" (default; 1/2 ||u - e_y||^2 against one-hot targets, also for two classes, the
    /// loss greedy minimises and THEORY.md's setting) or "cross-entropy" (softmax cross-entropy).
    public var objective: String
    /// SGD learning rate of the dense training, default 0.05.
    public var learningRate: Double
    /// SGD momentum of the dense training, default 0.9.
    public var momentum: Double
    /// Minibatch size of the dense training, default 64.
    public var batchSize: Int
    /// Subnetwork sizes k (greedy steps, counted with multiplicity), default [10, 25, 50, 100].
    /// Greedy runs once to max k at every checkpoint; the smaller k are its prefixes.
    public var subnetworkSizes: [Int]
    /// What greedy fits (default "labels"): "labels" = the one-hot class targets (the squared
    /// loss 1/2 ||c + v_k - y||^2 of THEORY.md section 3); "dense-outputs" = the dense network's
    /// own outputs (logits) on the training set (Ye et al.'s "approximate the dense network").
    public var greedyTarget: String
    /// Fine-tune iterations on the pruned network (both layers, from the greedy weights),
    /// default 100; 0 disables fine-tuning.
    public var fineTuneSteps: Int
    /// Fine-tune learning rate, default 0.01 (the pruned output weights are N count_r b_r / k, larger
    /// than the dense ones by about N/k, so the fine-tune needs a smaller rate than the pre-training).
    public var fineTuneLearningRate: Double
    /// Fine-tune momentum, default 0.9.
    public var fineTuneMomentum: Double
    /// Fine-tune minibatch size, default 64 (capped at m).
    public var fineTuneBatchSize: Int
    /// Seeds; each seed draws the training subset, the initialization, the batch order and the
    /// fine-tune batch order. Default [0, 1].
    public var seeds: [UInt64]
    /// Plateau tolerance in accuracy (a fraction; default 0.02 = 2 percentage points, about the checkpoint-to-checkpoint noise of the pruned
    /// test accuracy), see
    /// `PaperExperiment.plateauIteration`.
    public var plateauTolerance: Double
    /// The plateau rule (`PlateauRule`) of the test-accuracy curves: "final" (default; the first
    /// checkpoint after which the curve stays within the tolerance of its value at T) or "peak"
    /// (the first checkpoint within the tolerance of the curve's best test accuracy, which the
    /// curve may leave again). The greedy training loss always uses "final".
    public var plateauRule: String
    /// The k of the accuracy figure (default 50; must be in `subnetworkSizes`).
    public var figureSubnetworkSize: Int

    public init(comment: String? = nil, data: String = "fashion-mnist", classes: [Int]? = nil, unitNorm: Bool = false,
                sizes: [Int] = [1000, 2000, 4000, 8000], testSamples: Int? = nil, width: Int = 200,
                iterations: Int = 4096, checkpoints: String = "geom:16,32,...", objective: String = "squared", learningRate: Double = 0.05,
                momentum: Double = 0.9, batchSize: Int = 64, subnetworkSizes: [Int] = [10, 25, 50, 100],
                greedyTarget: String = "labels", fineTuneSteps: Int = 100, fineTuneLearningRate: Double = 0.01,
                fineTuneMomentum: Double = 0.9, fineTuneBatchSize: Int = 64, seeds: [UInt64] = [0, 1],
                plateauTolerance: Double = 0.02, plateauRule: String = "final", figureSubnetworkSize: Int = 50) {
        self.comment = comment
        self.data = data
        self.classes = classes
        self.unitNorm = unitNorm
        self.sizes = sizes
        self.testSamples = testSamples
        self.width = width
        self.iterations = iterations
        self.checkpoints = checkpoints
        self.objective = objective
        self.learningRate = learningRate
        self.momentum = momentum
        self.batchSize = batchSize
        self.subnetworkSizes = subnetworkSizes
        self.greedyTarget = greedyTarget
        self.fineTuneSteps = fineTuneSteps
        self.fineTuneLearningRate = fineTuneLearningRate
        self.fineTuneMomentum = fineTuneMomentum
        self.fineTuneBatchSize = fineTuneBatchSize
        self.seeds = seeds
        self.plateauTolerance = plateauTolerance
        self.plateauRule = plateauRule
        self.figureSubnetworkSize = figureSubnetworkSize
    }

    /// The default: the real experiment (4 sizes x 2 seeds, 4096 iterations each, N = 200).
    public static let standard = PaperExperimentConfiguration()

    /// A tiny configuration for smoke tests on the real data (`lth reproduce --quick`):
    /// m in {200, 400}, N = 64, 256 iterations, k in {5, 10, 20}, 20 fine-tune steps, one seed,
    /// 1000 test points.
    public static let quick = PaperExperimentConfiguration(
        comment: "the quick preset: a smoke test of the pipeline, not a result",
        sizes: [200, 400], testSamples: 1000, width: 64, iterations: 256, checkpoints: "geom:8,16,...",
        batchSize: 32, subnetworkSizes: [5, 10, 20], fineTuneSteps: 20, fineTuneBatchSize: 32, seeds: [0],
        plateauTolerance: 0.02, figureSubnetworkSize: 10)

    /// The parsed `plateauRule` (`.peak` for an invalid value, which `validate()` rejects).
    public var plateauRuleValue: PlateauRule { PlateauRule(rawValue: plateauRule) ?? .peak }

    /// The allowed values of `objective`.
    public static let objectives = ["squared", "cross-entropy"]

    /// The loss of `objective`, mean reduction.
    public var loss: Loss {
        Loss(kind: objective == "cross-entropy" ? .crossEntropy : .squared, reduction: .mean)
    }

    /// The allowed values of `greedyTarget`.
    public static let greedyTargets = ["labels", "dense-outputs"]

    /// The parsed checkpoint schedule.
    public var checkpointSchedule: CheckpointSchedule {
        get throws {
            do { return try CheckpointSchedule(parsing: checkpoints) } catch {
                throw PaperExperimentError.invalidConfiguration(field: "checkpoints", value: checkpoints,
                                                                allowed: "a checkpoint schedule such as geom:16,32,... or 0,100,1000")
            }
        }
    }

    /// The checkpoint steps of every run (0 and T included).
    public var checkpointSteps: [Int] {
        get throws { try checkpointSchedule.steps(total: iterations) }
    }

    /// The same configuration without its comment, for comparisons.
    public var withoutComment: PaperExperimentConfiguration {
        var copy = self
        copy.comment = nil
        return copy
    }

    /// The part that determines the cells: the comment and the analysis-only fields
    /// (`plateauTolerance`, `plateauRule`, `figureSubnetworkSize`) reset to their defaults. Two
    /// configurations with the same cell-defining part share an output folder.
    public var cellDefiningPart: PaperExperimentConfiguration {
        var copy = withoutComment
        let defaults = PaperExperimentConfiguration()
        copy.plateauTolerance = defaults.plateauTolerance
        copy.plateauRule = defaults.plateauRule
        copy.figureSubnetworkSize = defaults.figureSubnetworkSize
        return copy
    }

    /// Checks every field; throws `PaperExperimentError.invalidConfiguration` naming the first bad one.
    public func validate() throws {
        func bad(_ field: String, _ value: String, _ allowed: String) -> PaperExperimentError {
            .invalidConfiguration(field: field, value: value, allowed: allowed)
        }
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 >= 1 }), Set(sizes).count == sizes.count else {
            throw bad("samples", "\(sizes)", "a non-empty list of distinct integers >= 1")
        }
        if let testSamples, testSamples < 1 { throw bad("test-samples", "\(testSamples)", "null or an integer >= 1") }
        guard width >= 1 else { throw bad("width", "\(width)", "an integer >= 1") }
        guard iterations >= 1 else { throw bad("steps", "\(iterations)", "an integer >= 1") }
        _ = try checkpointSchedule
        guard PaperExperimentConfiguration.objectives.contains(objective) else {
            throw bad("loss", "'\(objective)'", PaperExperimentConfiguration.objectives.joined(separator: " or "))
        }
        guard learningRate > 0, learningRate.isFinite else { throw bad("lr", "\(learningRate)", "a finite number > 0") }
        guard momentum >= 0, momentum < 1 else { throw bad("momentum", "\(momentum)", "0 <= momentum < 1") }
        guard batchSize >= 1, batchSize <= sizes.min()! else {
            throw bad("batch", "\(batchSize)", "an integer in 1...\(sizes.min()!) (the smallest m)")
        }
        guard !subnetworkSizes.isEmpty, subnetworkSizes.allSatisfy({ $0 >= 1 }), Set(subnetworkSizes).count == subnetworkSizes.count else {
            throw bad("k", "\(subnetworkSizes)", "a non-empty list of distinct integers >= 1")
        }
        guard PaperExperimentConfiguration.greedyTargets.contains(greedyTarget) else {
            throw bad("greedy-target", "'\(greedyTarget)'", PaperExperimentConfiguration.greedyTargets.joined(separator: " or "))
        }
        guard fineTuneSteps >= 0 else { throw bad("fine-tune-steps", "\(fineTuneSteps)", "an integer >= 0") }
        guard fineTuneLearningRate > 0, fineTuneLearningRate.isFinite else {
            throw bad("fine-tune-lr", "\(fineTuneLearningRate)", "a finite number > 0")
        }
        guard fineTuneMomentum >= 0, fineTuneMomentum < 1 else { throw bad("fine-tune-momentum", "\(fineTuneMomentum)", "0 <= momentum < 1") }
        guard fineTuneBatchSize >= 1 else { throw bad("fine-tune-batch", "\(fineTuneBatchSize)", "an integer >= 1") }
        guard !seeds.isEmpty, Set(seeds).count == seeds.count else { throw bad("seeds", "\(seeds)", "a non-empty list of distinct seeds") }
        guard plateauTolerance > 0, plateauTolerance < 1 else {
            throw bad("plateau-tolerance", "\(plateauTolerance)", "an accuracy tolerance in (0, 1), e.g. 0.01")
        }
        guard PlateauRule(rawValue: plateauRule) != nil else {
            throw bad("plateau-rule", "'\(plateauRule)'", PlateauRule.allCases.map(\.rawValue).joined(separator: " or "))
        }
        guard subnetworkSizes.contains(figureSubnetworkSize) else {
            throw bad("figure-k", "\(figureSubnetworkSize)", "one of k \(subnetworkSizes)")
        }
    }

    // MARK: Codable with defaults and unknown-key detection

    /// The keys of a configuration file: the long names of the flags that mean the same
    /// elsewhere (`samples`, `steps`, `lr`, `batch`, `k`, `loss`, `unit-norm`), kebab-case like
    /// every configuration of lth.
    enum CodingKeys: String, CodingKey, CaseIterable {
        case comment, data, classes, unitNorm = "unit-norm", sizes = "samples", testSamples = "test-samples", width,
             iterations = "steps", checkpoints, objective = "loss", learningRate = "lr", momentum, batchSize = "batch",
             subnetworkSizes = "k", greedyTarget = "greedy-target", fineTuneSteps = "fine-tune-steps",
             fineTuneLearningRate = "fine-tune-lr", fineTuneMomentum = "fine-tune-momentum", fineTuneBatchSize = "fine-tune-batch",
             seeds, plateauTolerance = "plateau-tolerance", plateauRule = "plateau-rule", figureSubnetworkSize = "figure-k"

        /// The name of the key before the keys were the flags' names (camelCase), still read
        /// for one release; nil where the name did not change.
        var oldName: String? {
            switch self {
            case .comment, .data, .classes, .width, .checkpoints, .momentum, .seeds: return nil
            case .unitNorm: return "unitNorm"
            case .sizes: return "sizes"
            case .testSamples: return "testSamples"
            case .iterations: return "iterations"
            case .objective: return "objective"
            case .learningRate: return "learningRate"
            case .batchSize: return "batchSize"
            case .subnetworkSizes: return "subnetworkSizes"
            case .greedyTarget: return "greedyTarget"
            case .fineTuneSteps: return "fineTuneSteps"
            case .fineTuneLearningRate: return "fineTuneLearningRate"
            case .fineTuneMomentum: return "fineTuneMomentum"
            case .fineTuneBatchSize: return "fineTuneBatchSize"
            case .plateauTolerance: return "plateauTolerance"
            case .plateauRule: return "plateauRule"
            case .figureSubnetworkSize: return "figureSubnetworkSize"
            }
        }
    }

    /// Every renamed key, (old name, new name), in the order of the keys.
    public static var renamedKeyPairs: [(old: String, new: String)] {
        CodingKeys.allCases.compactMap { key in key.oldName.map { ($0, key.rawValue) } }
    }

    /// Every key is written (nil values as null), so the file is a complete record.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(comment, forKey: .comment)
        try c.encode(data, forKey: .data)
        try c.encode(classes, forKey: .classes)
        try c.encode(unitNorm, forKey: .unitNorm)
        try c.encode(sizes, forKey: .sizes)
        try c.encode(testSamples, forKey: .testSamples)
        try c.encode(width, forKey: .width)
        try c.encode(iterations, forKey: .iterations)
        try c.encode(checkpoints, forKey: .checkpoints)
        try c.encode(objective, forKey: .objective)
        try c.encode(learningRate, forKey: .learningRate)
        try c.encode(momentum, forKey: .momentum)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encode(subnetworkSizes, forKey: .subnetworkSizes)
        try c.encode(greedyTarget, forKey: .greedyTarget)
        try c.encode(fineTuneSteps, forKey: .fineTuneSteps)
        try c.encode(fineTuneLearningRate, forKey: .fineTuneLearningRate)
        try c.encode(fineTuneMomentum, forKey: .fineTuneMomentum)
        try c.encode(fineTuneBatchSize, forKey: .fineTuneBatchSize)
        try c.encode(seeds, forKey: .seeds)
        try c.encode(plateauTolerance, forKey: .plateauTolerance)
        try c.encode(plateauRule, forKey: .plateauRule)
        try c.encode(figureSubnetworkSize, forKey: .figureSubnetworkSize)
    }

    /// Reads a configuration file (JSON or YAML; the `configuration.json` a run records too).
    /// - Throws: `CheckerError.invalidValue` naming the file and the key (unreadable, not JSON or
    ///   YAML, an unknown key with the closest known one, a value of the wrong type, a key given
    ///   under both its names); `PaperExperimentError.unreadable` naming the file for a value out
    ///   of its domain (`validate`).
    public static func load(path: String) throws -> PaperExperimentConfiguration {
        try read(path: path).configuration
    }

    /// Reads a configuration file once: the configuration (as `load`) and the old key names the
    /// file used, each with its new name, for the caller's notice.
    public static func read(path: String) throws -> (configuration: PaperExperimentConfiguration, renamedKeys: [(old: String, new: String)]) {
        let document = try ConfigurationDocument(path: path, allowedKeys: CodingKeys.allCases.map(\.rawValue),
                                                 renamedKeys: Dictionary(uniqueKeysWithValues: renamedKeyPairs.map { ($0.old, $0.new) }))
        let configuration = try PaperExperimentConfiguration(document: document)
        do { try configuration.validate() } catch let error as PaperExperimentError {
            throw PaperExperimentError.unreadable(path: path, reason: error.description)
        }
        return (configuration, document.renamedKeysUsed)
    }

    /// The configuration of a document's keys (the others keep their defaults; `classes`,
    /// `test-samples` and `comment` may be null: none).
    /// - Throws: `CheckerError.invalidValue` naming the key for a value of the wrong type.
    public init(document d: ConfigurationDocument) throws {
        self.init()
        func key(_ k: CodingKeys) -> String { k.rawValue }
        comment = d.isNull(key(.comment)) ? nil : try d.string(key(.comment))
        if let v = try d.string(key(.data)) { data = v }
        if !d.isNull(key(.classes)), let v = try d.integers(key(.classes)) { classes = v }
        if let v = try d.bool(key(.unitNorm)) { unitNorm = v }
        if let v = try d.integers(key(.sizes)) { sizes = v }
        if !d.isNull(key(.testSamples)), let v = try d.integer(key(.testSamples)) { testSamples = v }
        if let v = try d.integer(key(.width)) { width = v }
        if let v = try d.integer(key(.iterations)) { iterations = v }
        if let v = try d.stringOrIntegers(key(.checkpoints)) { checkpoints = v }
        if let v = try d.string(key(.objective)) { objective = v }
        if let v = try d.number(key(.learningRate)) { learningRate = v }
        if let v = try d.number(key(.momentum)) { momentum = v }
        if let v = try d.integer(key(.batchSize)) { batchSize = v }
        if let v = try d.integers(key(.subnetworkSizes)) { subnetworkSizes = v }
        if let v = try d.string(key(.greedyTarget)) { greedyTarget = v }
        if let v = try d.integer(key(.fineTuneSteps)) { fineTuneSteps = v }
        if let v = try d.number(key(.fineTuneLearningRate)) { fineTuneLearningRate = v }
        if let v = try d.number(key(.fineTuneMomentum)) { fineTuneMomentum = v }
        if let v = try d.integer(key(.fineTuneBatchSize)) { fineTuneBatchSize = v }
        if let v = try d.integers(key(.seeds)) {
            guard v.allSatisfy({ $0 >= 0 }) else {
                throw CheckerError.invalidValue(field: "'\(key(.seeds))' in \(d.origin)", value: "\(v)", allowed: "a list of integers >= 0")
            }
            seeds = v.map(UInt64.init)
        }
        if let v = try d.number(key(.plateauTolerance)) { plateauTolerance = v }
        if let v = try d.string(key(.plateauRule)) { plateauRule = v }
        if let v = try d.integer(key(.figureSubnetworkSize)) { figureSubnetworkSize = v }
    }

    /// Pretty, key-sorted JSON (the form written to `configuration.json`).
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try! encoder.encode(self), as: UTF8.self) + "\n"
    }
}
