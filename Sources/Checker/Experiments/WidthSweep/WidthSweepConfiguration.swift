import Engine

/// The width sweep (`lth sweep`, `Experiments/width-sweep.yaml`): dense NTK runs of one fixed
/// training set at several widths N and seeds, each put beside the kernel-regime prediction
/// (THEORY.md section 9), the hypothesis ledger (section 10) and the pruned-network comparators
/// (section 8) at the last step T.
///
/// Keys (YAML or JSON; each also a flag of `lth sweep`, flags win):
/// - `data`: a data source (`lth train --data`), rows scaled to unit norm; `samples`: a seeded
///   subset of m points (seed 0; absent: all points). The same set for every run.
/// - `width`: the hidden widths N (at least 3 distinct, for the slope); `seeds`: initialization seeds.
/// - `kappa`, `loss` (sum or mean), `lr`, `steps` (T): full-batch gradient descent; with the
///   mean loss, eta = lr / m on the sum loss.
/// - `checkpoints`: `geometric:COUNT`, the COUNT log-spaced checkpoints
///   (`CheckpointSchedule.logSpaced`) the ledger's max/min over t uses (stored as COUNT; a bare
///   COUNT, the old form, is read as `geometric:COUNT`).
/// - `subnet_size`: k of the greedy subnetwork; `random_draws`: Monte-Carlo draws of the random
///   with-replacement subnetwork; `exact_limit`: l_star and the exact diameter D only for
///   N <= this (their costs are iterations * N m and N^2 m).
/// - `kernel`: initial (H(0), default) or infinite (Hinf); `tau`: the agreement tolerance of
///   delta(T) (default 0.05); `delta`: Theorem A's failure probability (for N_req, R, B).
/// - `epsilon`: the target of the dense loss per sample, l/m <= epsilon (default 0.1): the
///   measured threshold t_hat on the checkpoint grid against the kernel-predicted t_K(epsilon)
///   from Hinf with e(0) = -y.
public struct WidthSweepConfiguration: Sendable, Equatable, Codable {
    public var data: String = "synthetic:sphere?m=100&d=10&seed=1"
    public var samples: Int? = nil
    public var widths: [Int] = [64, 256, 1024, 4096, 16384, 65536]
    public var seeds: [UInt64] = [0, 1, 2]
    public var kappa: Double = 1
    public var loss: LossReduction = .mean
    public var learningRate: Double = 1
    public var steps: Int = 1000
    public var checkpoints: Int = 8
    public var subnetSize: Int = 32
    public var randomDraws: Int = 200
    public var exactLimit: Int = 1024
    public var kernel: KernelChoice = .initial
    public var tau: Double = 0.05
    public var delta: Double = 0.1
    public var epsilon: Double = 0.1

    public init() {}

    /// The keys a configuration file may hold.
    public static let keys = ["data", "samples", "width", "seeds", "kappa", "reduction", "lr", "steps", "checkpoints",
                              "k", "random-draws", "exact-limit", "kernel", "tau", "delta", "epsilon"]

    /// The keys' old names (before they were the long names of `lth sweep`'s flags), still read
    /// for one release.
    public static let renamedKeys = ["widths": "width", "loss": "reduction", "subnet_size": "k", "random_draws": "random-draws", "exact_limit": "exact-limit"]

    /// The parsed configuration file at `path` (old key names read as the new ones, listed in
    /// `renamedKeysUsed`).
    public static func document(file path: String) throws -> ConfigurationDocument {
        try ConfigurationDocument(path: path, allowedKeys: keys, renamedKeys: renamedKeys)
    }

    /// Reads the keys present in `document` over the defaults.
    /// - Throws: `CheckerError.invalidValue` naming the key (wrong type or value).
    public init(document: ConfigurationDocument) throws {
        self.init()
        try apply(document)
    }

    /// This configuration with the keys present in `document` replaced (e.g. flags over a file).
    public func overriding(with document: ConfigurationDocument) throws -> WidthSweepConfiguration {
        var copy = self
        try copy.apply(document)
        return copy
    }

    private mutating func apply(_ document: ConfigurationDocument) throws {
        if let v = try document.string("data") { data = v }
        if let v = try document.integer("samples") { samples = v }
        if let v = try document.integers("width") { widths = v }
        if let v = try document.integers("seeds") {
            guard v.allSatisfy({ $0 >= 0 }) else { throw Self.invalid("seeds", "\(v)", "non-negative integers") }
            seeds = v.map { UInt64($0) }
        }
        if let v = try document.number("kappa") { kappa = v }
        if let v = try document.string("reduction") {
            guard let parsed = LossReduction(rawValue: v) else { throw Self.invalid("reduction", v, "sum or mean") }
            loss = parsed
        }
        if let v = try document.number("lr") { learningRate = v }
        if let v = try document.integer("steps") { steps = v }
        if let v = try document.integersOrString("checkpoints") { checkpoints = try Self.logSpacedCount(v) }
        if let v = try document.integer("k") { subnetSize = v }
        if let v = try document.integer("random-draws") { randomDraws = v }
        if let v = try document.integer("exact-limit") { exactLimit = v }
        if let v = try document.string("kernel") {
            guard let parsed = KernelChoice(rawValue: v) else { throw Self.invalid("kernel", v, "initial or infinite") }
            kernel = parsed
        }
        if let v = try document.number("tau") { tau = v }
        if let v = try document.number("epsilon") { epsilon = v }
        if let v = try document.number("delta") { delta = v }
    }

    /// COUNT of the schedule `geometric:COUNT` (or `geom:COUNT`), the one checkpoint schedule of
    /// the sweep; a bare COUNT (the old form of the key and the flag) is read as `geometric:COUNT`.
    /// - Throws: `CheckerError.invalidValue` naming `checkpoints` for any other schedule.
    public static func logSpacedCount(_ text: String) throws -> Int {
        if let count = Int(text) { return count }
        guard case let .logSpaced(count)? = try? CheckpointSchedule(parsing: text) else {
            throw invalid("checkpoints", "'\(text)'", "geometric:COUNT (COUNT >= 2 log-spaced checkpoints per run)")
        }
        return count
    }

    /// COUNT where `document` gives `checkpoints` in the old form, a bare integer (for the
    /// caller's deprecation notice); nil otherwise.
    public static func checkpointCountOfOldForm(in document: ConfigurationDocument) -> Int? {
        (try? document.integer("checkpoints")) ?? nil
    }

    static func invalid(_ key: String, _ value: String, _ allowed: String) -> CheckerError {
        .invalidValue(field: key, value: value, allowed: allowed)
    }

    /// Checks every value; the error names the key (the CLI maps it to its flag).
    public func validate() throws {
        if let samples, samples < 2 { throw Self.invalid("samples", "\(samples)", "an integer m >= 2") }
        guard Set(widths).count >= 3, widths.allSatisfy({ $0 >= 1 }) else {
            throw Self.invalid("width", "\(widths)", "at least 3 distinct positive integers (the slope of log delta against log N needs 3)")
        }
        guard !seeds.isEmpty, Set(seeds).count == seeds.count else { throw Self.invalid("seeds", "\(seeds)", "one or more distinct seeds") }
        guard kappa.isFinite, kappa > 0 else { throw Self.invalid("kappa", "\(kappa)", "a finite number > 0") }
        guard learningRate.isFinite, learningRate > 0 else { throw Self.invalid("lr", "\(learningRate)", "a finite number > 0") }
        guard steps >= 1 else { throw Self.invalid("steps", "\(steps)", "an integer T >= 1") }
        guard checkpoints >= 2 else { throw Self.invalid("checkpoints", "geometric:\(checkpoints)", "geometric:COUNT with COUNT >= 2") }
        guard subnetSize >= 1 else { throw Self.invalid("k", "\(subnetSize)", "an integer k >= 1") }
        guard randomDraws >= 2 else { throw Self.invalid("random-draws", "\(randomDraws)", "an integer >= 2") }
        guard exactLimit >= 0 else { throw Self.invalid("exact-limit", "\(exactLimit)", "an integer >= 0") }
        guard tau.isFinite, tau > 0 else { throw Self.invalid("tau", "\(tau)", "a finite number > 0") }
        guard delta.isFinite, delta > 0, delta < 1 else { throw Self.invalid("delta", "\(delta)", "a number in (0, 1)") }
        guard epsilon.isFinite, epsilon > 0 else { throw Self.invalid("epsilon", "\(epsilon)", "a finite number > 0 (a loss per sample)") }
    }

    /// The sorted distinct widths.
    public var sortedWidths: [Int] { Array(Set(widths)).sorted() }
}
