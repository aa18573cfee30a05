/// Why greedy pruning of a run cannot run or did not keep its guarantee. Errors name the run and
/// the quantity, never a command-line flag.
public enum GreedyPruningError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The run's config.json records no data recipe (written by an older lth).
    case noDataRecipe(run: String)
    /// The training data rebuilt from the recipe has another checksum than the run recorded.
    case dataChanged(run: String, checksum: String, recorded: String, source: String)
    /// The pruned loss exceeded Theorem B's bound at some step (a bug: the theorem is exact for
    /// the analyzed variant and an upper bound for the others); the result was written to `folder`.
    case boundViolated(folder: String)

    public var description: String {
        switch self {
        case let .noDataRecipe(run):
            return "\(run)/config.json has no data recipe: the run was written by an older lth; train it again"
        case let .dataChanged(run, checksum, recorded, source):
            return "the training data of \(run) has changed since the run (checksum \(checksum), recorded \(recorded)): \(source)"
        case let .boundViolated(folder):
            return "Theorem B's bound is violated; this is a bug (result kept in \(folder))"
        }
    }

    /// Bad input (a stale run) except the violated bound, a failure of the run itself.
    public var isBadInput: Bool {
        if case .boundViolated = self { return false }
        return true
    }
}
