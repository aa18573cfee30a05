import Engine
import Foundation

/// The rewinding grid (`lth rewinding`, `lth rewinding --config FILE`, the `rewinding` section of
/// an `lth check` configuration) as typed options, each with its default: the data and the MLP's
/// SGD training of `TrainingRecipe.twoLayer` (5000 Fashion-MNIST samples, a two-layer MLP of
/// width 300 trained with the squared loss, mean reduction, 400 iterations of batch 128 at
/// learning rate 0.05 with momentum 0.9), IMP with rewinding (seeds 0,1, rewind points 0,50,100, 4 levels keeping 0.8 of the
/// weights each, global magnitude scope, with controls, matching within 1 dense standard
/// deviation), linear-mode instability (2 copies, 30 points, stable below a barrier of 0.02),
/// early-bird masks of neuron density 0.5 and the greedy threshold t_hat of k = 50 picks at the
/// train-loss target eps = 0.25, both at the checkpoints `every:10` (with 0, T and the rewind
/// points).
///
/// Each field's key (`Key`) is the long name of its flag. `validate()` checks every option on
/// its own; `sweep(checkingMemory:)` loads the data and checks what depends on it. Both throw
/// `RewindingConfigurationError` naming the key, which a caller names as the flag typed or the
/// key of the file.
public struct RewindingConfiguration: Sendable, Equatable, Codable {
    /// Data source: fashion-mnist, an MNIST-layout folder, FILE.csv[?label=K] or synthetic:sphere?...
    public var data: String = TrainingRecipe.twoLayer.data
    /// A seeded random subset of this many training samples (without replacement).
    public var samples: Int = TrainingRecipe.twoLayer.samples ?? 5000
    /// The seed of the training subset.
    public var dataSeed: UInt64 = 0
    /// The classes kept (nil: all), at least two different labels.
    public var classes: [Int]? = nil
    /// Rows scaled to unit Euclidean norm.
    public var unitNorm: Bool = TrainingRecipe.twoLayer.unitNorm
    /// Hidden widths of the MLP (one width: the two-layer network of t_hat).
    public var width: [Int] = TrainingRecipe.twoLayer.widths
    /// The training loss (mean over the batch).
    public var loss: LossKind = TrainingRecipe.twoLayer.loss
    /// Training length T.
    public var steps: TrainingLength = TrainingRecipe.twoLayer.steps
    /// Learning rate eta (> 0).
    public var lr: Double = TrainingRecipe.twoLayer.lr
    /// Minibatch size B (1 to the number of training samples).
    public var batch: Int = TrainingRecipe.twoLayer.batch ?? 128
    /// SGD momentum mu in [0, 1).
    public var momentum: Double = TrainingRecipe.twoLayer.momentum
    /// Weight decay lambda >= 0.
    public var weightDecay: Double = TrainingRecipe.twoLayer.weightDecay
    /// Seeds of IMP (at least two, distinct); the first also seeds instability, early bird and t_hat.
    public var seeds: [Int] = [0, 1]
    /// Rewind points t (each in 0...T; sorted and made distinct by the sweep).
    public var rewind: [Int] = [0, 50, 100]
    /// Number of IMP levels L >= 1.
    public var levels: Int = 4
    /// Fraction of the remaining weights each level keeps, in (0, 1).
    public var densityPerLevel: Double = 0.8
    /// Magnitude-pruning scope.
    public var scope: PruningScope = .global
    /// Train the random-pruning and random-reinitialization controls.
    public var controls: Bool = true
    /// Matching tolerance in dense standard deviations over seeds (>= 0).
    public var matchingSD: Double = 1
    /// Copies trained from t with different data orders (>= 2).
    public var copies: Int = 2
    /// Points on the line between the copies, endpoints included (>= 2).
    public var points: Int = 30
    /// Stability threshold on the error barrier, in [0, 1].
    public var stableBelow: Double = 0.02
    /// Checkpoints of the early-bird and t_hat measurements (0, T and the rewind points added).
    public var checkpoints: CheckpointSchedule = TrainingRecipe.twoLayer.checkpoints
    /// Neuron density of the early-bird masks, in (0, 1].
    public var earlyBirdDensity: Double = 0.5
    /// Size k of the greedy subnetwork (>= 1).
    public var k: Int = 50
    /// Train-loss target eps of t_hat (> 0, finite), squared loss in the mean convention.
    public var epsilon: Double = 0.25

    public init() {}

    /// The options by their long names (a file's keys, the flags without `--`), in the order of
    /// `lth rewinding --help`.
    public enum Key: String, CaseIterable, Sendable, CodingKey {
        case data, samples, dataSeed = "data-seed", classes, unitNorm = "unit-norm", width, loss, steps, lr, batch, momentum,
             weightDecay = "weight-decay", seeds, rewind, levels, densityPerLevel = "density-per-level", scope, controls,
             matchingSD = "matching-sd", copies, points, stableBelow = "stable-below", checkpoints,
             earlyBirdDensity = "earlybird-density", k, epsilon
    }

    /// The Codable keys are the long names too.
    typealias CodingKeys = Key

    /// The old names of keys (old name to new name), still read for one release.
    public static let renamedKeys = ["greedy-k": Key.k, "greedy-eps": Key.epsilon]

    /// Every key a file may hold: the keys, then the old names.
    public static var fileKeys: [String] { Key.allCases.map(\.rawValue) + renamedKeys.keys.sorted() }

    /// The value of `key` as its flag's text (lists joined by commas), e.g. "0,50,100".
    public func text(of key: Key) -> String {
        func list<T>(_ values: [T]) -> String { values.map { "\($0)" }.joined(separator: ",") }
        switch key {
        case .data: return data
        case .samples: return String(samples)
        case .dataSeed: return String(dataSeed)
        case .classes: return classes.map(list) ?? "all"
        case .unitNorm: return String(unitNorm)
        case .width: return list(width)
        case .loss: return loss.rawValue
        case .steps: if case let .iterations(n) = steps { return String(n) } else { return steps.description }
        case .lr: return "\(lr)"
        case .batch: return String(batch)
        case .momentum: return "\(momentum)"
        case .weightDecay: return "\(weightDecay)"
        case .seeds: return list(seeds)
        case .rewind: return list(rewind)
        case .levels: return String(levels)
        case .densityPerLevel: return "\(densityPerLevel)"
        case .scope: return scope.rawValue
        case .controls: return String(controls)
        case .matchingSD: return "\(matchingSD)"
        case .copies: return String(copies)
        case .points: return String(points)
        case .stableBelow: return "\(stableBelow)"
        case .checkpoints: return checkpoints.description
        case .earlyBirdDensity: return "\(earlyBirdDensity)"
        case .k: return String(k)
        case .epsilon: return "\(epsilon)"
        }
    }

    /// Checks every option on its own (before any data is read): the domains the help texts
    /// state. Checks that need the data (batch against the samples, rewind points against T)
    /// are made by `sweep(checkingMemory:)`.
    /// - Throws: `RewindingConfigurationError.invalidValue` naming the key.
    public func validate() throws {
        func fail(_ key: Key, _ value: String, _ allowed: String) -> RewindingConfigurationError {
            .invalidValue(key: key, value: value, allowed: allowed)
        }
        guard !width.isEmpty, width.allSatisfy({ $0 > 0 }) else { throw fail(.width, "'\(text(of: .width))'", "positive integers separated by commas, e.g. 300,100") }
        guard lr > 0, lr.isFinite else { throw fail(.lr, "\(lr)", "a finite number > 0") }
        guard momentum >= 0, momentum < 1 else { throw fail(.momentum, "\(momentum)", "0 <= mu < 1") }
        guard weightDecay >= 0, weightDecay.isFinite else { throw fail(.weightDecay, "\(weightDecay)", "a number >= 0") }
        guard samples >= 1 else { throw fail(.samples, "\(samples)", "an integer >= 1") }
        guard batch >= 1 else { throw fail(.batch, "\(batch)", "1 to the number of training samples") }
        if let classes, classes.count < 2 || Set(classes).count != classes.count {
            throw fail(.classes, "'\(text(of: .classes))'", "two or more different class labels, e.g. 0,1")
        }
        guard seeds.allSatisfy({ $0 >= 0 }) else { throw fail(.seeds, "'\(text(of: .seeds))'", "non-negative integers separated by commas, e.g. 0,50,100") }
        guard seeds.count >= 2 else {
            throw fail(.seeds, "'\(text(of: .seeds))'", "at least two seeds (matching compares with the standard deviation over seeds)")
        }
        guard Set(seeds).count == seeds.count else { throw fail(.seeds, "'\(text(of: .seeds))'", "distinct seeds") }
        guard !rewind.isEmpty, rewind.allSatisfy({ $0 >= 0 }) else {
            throw fail(.rewind, "'\(text(of: .rewind))'", "non-negative integers separated by commas, e.g. 0,50,100")
        }
        guard levels >= 1 else { throw fail(.levels, "\(levels)", "an integer >= 1") }
        guard densityPerLevel > 0, densityPerLevel < 1 else {
            throw fail(.densityPerLevel, "\(densityPerLevel)", "a number in (0, 1) (the fraction of weights each level keeps)")
        }
        guard matchingSD >= 0, matchingSD.isFinite else { throw fail(.matchingSD, "\(matchingSD)", "a finite number >= 0") }
        guard copies >= 2 else { throw fail(.copies, "\(copies)", "at least 2 copies; instability compares two trained copies") }
        guard points >= 2 else { throw fail(.points, "\(points)", "at least 2, the line's endpoints") }
        guard stableBelow >= 0, stableBelow <= 1 else { throw fail(.stableBelow, "\(stableBelow)", "a number in [0, 1]") }
        guard earlyBirdDensity > 0, earlyBirdDensity <= 1 else {
            throw fail(.earlyBirdDensity, "\(earlyBirdDensity)", "a number in (0, 1] (the fraction of each hidden layer kept)")
        }
        guard k >= 1 else { throw fail(.k, "\(k)", "an integer >= 1") }
        guard epsilon > 0, epsilon.isFinite else { throw fail(.epsilon, "\(epsilon)", "a finite number > 0") }
    }

    /// The memory-estimate parameters that are options of the grid, with their keys (a refusal
    /// names the key of the largest term).
    public static let memoryKeys: [MemoryEstimate.Parameter: Key] = [
        .data: .data, .samples: .samples, .width: .width, .batch: .batch, .checkpoints: .checkpoints, .levels: .levels,
        .rewindPoints: .rewind, .seeds: .seeds, .copies: .copies, .points: .points, .subnetworkSize: .k,
    ]
}
