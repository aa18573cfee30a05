import Bounds
import Engine
import Foundation

/// The configuration of a theory-regime check (`lth check`): the NTK network of THEORY.md
/// section 1 trained by full-batch gradient descent on unit-norm two-class data, greedy forward
/// selection at every checkpoint, and Theorems A-C evaluated on the same inputs.
///
/// Every field has a default (the embedded demo; its network, data and training are
/// `TrainingRecipe.ntk`, as `lth train --model ntk` trains it) and a command-line flag; the keys of a
/// configuration file are the flags' long names (`k` is `--k`, `reduction` is `--reduction`). The grid is samples x seeds (one training run each)
/// x checkpoints x subnet sizes (greedy is run once to the largest size; the loss after step
/// k is the size-k subnetwork) x epsilons (Theorem C's targets).
public struct TheoryCheckConfiguration: Sendable, Equatable, Codable {
    /// The data source (`lth bounds --data` forms). For each m the training set is a seeded
    /// subset of m points of its training split (subset seed = the run's seed).
    public var data: String = TrainingRecipe.ntk.data
    /// Two classes kept as +1/-1 labels (needed for multi-class real data; nil keeps the
    /// source's own scalar labels).
    public var classes: [Int]? = nil
    /// Training-set sizes m.
    public var samples: [Int] = [100, 200, 400, 800, 1600]
    /// Seeds: each seeds the initialization and the subset.
    public var seeds: [Int] = [0, 1, 2, 3, 4]
    /// Hidden width N.
    public var width: Int = TrainingRecipe.ntk.widths[0]
    /// Initial weight scale kappa: w_r(0) ~ N(0, kappa^2 I).
    public var kappa: Double = 1
    /// Step size on the loss in `loss` convention (on the mean loss, lr corresponds to
    /// eta = lr / m on the sum loss the theorems use).
    public var lr: Double = 1
    /// The step eta on the sum loss 1/2 ||u - y||^2 the theorems use, the same at every m. When
    /// set, training runs on the sum loss with this step whatever `loss` says (`lr` is then
    /// unused; `loss` remains the convention of the tables and epsilons). nil (a file or command
    /// line that gives `lr` and not `eta`): the step is `lr` on the `loss` convention (eta = lr / m for the mean loss). Left out
    /// of the canonical JSON when nil. The demo's default 0.001 is stable at m = 1600 (the
    /// largest size of the pool) and so at every smaller m.
    public var eta: Double? = TrainingRecipe.ntk.lr
    /// Loss convention of the training objective, the tables and epsilons: "sum" or "mean".
    public var loss: String = "mean"
    /// Full-batch gradient-descent iterations T.
    public var steps: Int = TrainingRecipe.ntk.steps.iterations(perEpoch: 1)
    /// Checkpoint schedule (`lth train --checkpoints` forms); step 0 and T are always included.
    public var checkpoints: String = TrainingRecipe.ntk.checkpoints.description
    /// Subnetwork sizes k.
    public var subnetSizes: [Int] = [8, 16, 32]
    /// Loss targets eps of Theorem C, in the `loss` convention.
    public var epsilons: [Double] = [0.3, 0.25, 0.2]
    /// Failure probability delta of the theorems.
    public var delta: Double = 0.1
    /// Where cells, tables and figures go.
    public var output: String = "runs/demo"
    /// The optional `rewinding` section (the options of `lth rewinding`): when present, the
    /// check also runs the rewinding grid and writes it to OUT/rewinding. Absent (nil) by
    /// default and then left out of the canonical JSON, so the hash of a configuration without
    /// the section is what it was before the section existed.
    public var rewinding: RewindingSection? = nil

    public init() {}

    /// The keys of a configuration file, in documentation order: the long names of `lth check`'s
    /// flags (`k` is `--k`, `reduction` is `--reduction`).
    public static let keys = ["data", "classes", "samples", "seeds", "width", "kappa", "lr", "eta", "reduction", "steps",
                              "checkpoints", "k", "epsilon", "delta", "out"]

    /// The keys' old names (before they were the flags' names), still read for one release.
    public static let renamedKeys = ["loss": "reduction", "subnet_sizes": "k", "epsilons": "epsilon", "output": "out"]

    /// The key of the section holding `lth rewinding`'s options (a mapping, not a flag of `lth check`).
    public static let rewindingKey = "rewinding"

    /// Reads a configuration file over the defaults.
    public init(file path: String) throws {
        try self.init(document: Self.document(file: path))
    }

    /// The parsed configuration file at `path` (its keys checked; old key names read as the new
    /// ones, listed in `renamedKeysUsed`).
    public static func document(file path: String) throws -> ConfigurationDocument {
        try ConfigurationDocument(path: path, allowedKeys: keys, sections: [rewindingKey: RewindingSection.keys],
                                  renamedKeys: renamedKeys)
    }

    /// A parsed configuration file over the defaults.
    public init(document: ConfigurationDocument) throws {
        self.init()
        if let v = try document.string("data") { data = v }
        if let v = try document.integers("classes") { classes = v }
        if let v = try document.integers("samples") { samples = v }
        if let v = try document.integers("seeds") { seeds = v }
        if let v = try document.integer("width") { width = v }
        if let v = try document.number("kappa") { kappa = v }
        // lr and eta are two ways to give the step: a file gives at most one, and lr alone means lr.
        let fileLR = try document.number("lr"), fileEta = try document.number("eta")
        if fileLR != nil, fileEta != nil {
            throw CheckerError.invalidValue(field: "lr", value: "given with eta", allowed: "either lr (on the loss convention) or eta (on the sum loss), not both")
        }
        if let v = fileLR { lr = v; eta = nil }
        if let v = fileEta { eta = v }
        if let v = try document.string("reduction") { loss = v }
        if let v = try document.integer("steps") { steps = v }
        if let v = try document.stringOrIntegers("checkpoints") { checkpoints = v }
        if let v = try document.integers("k") { subnetSizes = v }
        if let v = try document.numbers("epsilon") { epsilons = v }
        if let v = try document.number("delta") { delta = v }
        if let v = try document.string("out") { output = v }
        if let section = document.section(Self.rewindingKey) { rewinding = try RewindingSection(document: section) }
    }

    /// Checks every field; errors name the key (`invalidValue(field:)` is the key) and what is allowed.
    public func validate() throws {
        func fail(_ flag: String, _ value: Any, _ allowed: String) -> CheckerError {
            .invalidValue(field: flag, value: "\(value)", allowed: allowed)
        }
        _ = try DataSource.parse(data)
        if let classes, classes.count != 2 || classes[0] == classes[1] {
            throw fail("classes", classes, "two different classes a,b")
        }
        for (flag, grid) in [("samples", samples), ("seeds", seeds), ("k", subnetSizes)] where grid.isEmpty {
            throw fail(flag, "[]", "a non-empty list")
        }
        if epsilons.isEmpty { throw fail("epsilon", "[]", "a non-empty list") }
        if let bad = samples.first(where: { $0 < 2 }) { throw fail("samples", bad, "sizes m >= 2") }
        if let bad = seeds.first(where: { $0 < 0 }) { throw fail("seeds", bad, "seeds >= 0") }
        guard width >= 1 else { throw fail("width", width, "an integer N >= 1") }
        if let bad = subnetSizes.first(where: { $0 < 1 || $0 > width }) {
            throw fail("k", bad, "sizes k in 1...\(width) (the width N)")
        }
        if let bad = epsilons.first(where: { !($0 > 0 && $0.isFinite) }) { throw fail("epsilon", bad, "targets eps > 0") }
        guard kappa > 0, kappa.isFinite else { throw fail("kappa", kappa, "a number > 0") }
        guard lr > 0, lr.isFinite else { throw fail("lr", lr, "a number > 0") }
        if let eta, !(eta > 0 && eta.isFinite) { throw fail("eta", eta, "a number > 0") }
        guard LossConvention(rawValue: loss) != nil else { throw fail("reduction", loss, "sum or mean") }
        guard steps >= 1 else { throw fail("steps", steps, "an integer T >= 1") }
        do { _ = try CheckpointSchedule(parsing: checkpoints) } catch { throw fail("checkpoints", checkpoints, "\(error)") }
        guard delta > 0, delta < 1 else { throw fail("delta", delta, "a number in (0, 1)") }
        guard !output.isEmpty else { throw fail("out", "''", "a folder path") }
        if Set(samples).count != samples.count { throw fail("samples", samples, "distinct sizes") }
        if Set(seeds).count != seeds.count { throw fail("seeds", seeds, "distinct seeds") }
    }

    /// The loss convention.
    public var convention: LossConvention { LossConvention(rawValue: loss) ?? .mean }

    /// The step on the sum loss at training-set size m: `eta` when set, else lr / m for the
    /// mean loss and lr for the sum loss.
    public func etaSum(samples m: Int) -> Double {
        eta ?? (convention == .mean ? lr / Double(m) : lr)
    }

    /// The checkpoint steps of a run of `steps` iterations.
    public func checkpointSteps() throws -> [Int] {
        try CheckpointSchedule(parsing: checkpoints).steps(total: steps)
    }

    /// Canonical JSON of everything that determines the results (not `output`), sorted keys.
    public var canonicalJSON: String {
        var copy = self
        copy.output = ""
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(copy)) ?? Data(), as: UTF8.self)
    }

    /// A 64-bit FNV-1a hash of `canonicalJSON`, as 16 hex digits.
    public var hash: String { FNV1a.hex(of: canonicalJSON) }
}
