/// How a run's data set is obtained from its source, recorded in the run directory so that
/// later commands (`lth prune`, the Checker) rebuild exactly the same training set.
///
/// The steps, in this order: load `source` (`DataSource`), keep the `classes` (in both
/// splits; two classes become +1/-1 targets), draw `samples` training points without
/// replacement (seeded by `seed`), and scale every row of both splits to unit norm when
/// `unitNorm` is set. `Dataset.checksum` of the result is recorded beside the recipe, so a
/// changed file is detected instead of silently used.
public struct DataRecipe: Sendable, Codable, Equatable {
    /// The `--data` text.
    public var source: String
    /// The classes kept, in order (`nil`: all).
    public var classes: [Int]?
    /// The size of the training subset (`nil`: all training points).
    public var samples: Int?
    /// Seed of the subset (and of synthetic data without its own `seed=`).
    public var seed: UInt64
    /// Whether rows are scaled to unit norm.
    public var unitNorm: Bool

    public init(source: String, classes: [Int]? = nil, samples: Int? = nil, seed: UInt64 = 0, unitNorm: Bool = true) {
        self.source = source
        self.classes = classes
        self.samples = samples
        self.seed = seed
        self.unitNorm = unitNorm
    }

    /// Loads the source and applies the steps above (`derive(from: loadSource())`).
    public func load() throws -> DataSplit {
        try derive(from: loadSource())
    }

    /// The first two steps: the source loaded, its classes kept. Recipes with the same
    /// `sourceKey` give the same split here, so a caller that loads many subsets of one source
    /// (`lth check`'s cells) loads it once and derives each subset from it.
    public func loadSource() throws -> DataSplit {
        let source = try DataSource.parse(self.source)
        var split = try source.load(seed: seed)
        if let classes {
            split.train = try split.train.filteringClasses(classes)
            split.test = try split.test?.filteringClasses(classes)
        }
        return split
    }

    /// What `loadSource` gives for this recipe, as text: the source, the classes and, for a
    /// source that draws with it (`DataSource.usesSeed`), the seed.
    public var sourceKey: String {
        let seeded = (try? DataSource.parse(source).usesSeed) ?? true
        return [source, classes.map { $0.map(String.init).joined(separator: ",") } ?? "all", seeded ? "seed \(seed)" : "any seed"]
            .joined(separator: "\u{1F}")
    }

    /// The last two steps on a split `loadSource()` gave for a recipe of the same `sourceKey`:
    /// the seeded training subset, then unit norm; `load()` bit for bit.
    public func derive(from loaded: DataSplit) throws -> DataSplit {
        var split = loaded
        if let samples {
            split.train = try split.train.subset(count: samples, seed: seed)
        }
        if unitNorm {
            split.train = try split.train.scaledToUnitNorm()
            split.test = try split.test?.scaledToUnitNorm()
        }
        return split
    }
}
