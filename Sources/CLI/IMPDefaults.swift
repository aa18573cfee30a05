import Checker

/// The one default and the one help text of each option that `lth imp`, `lth stability`,
/// `lth earlybird` and `lth rewinding` share (iterative magnitude pruning as in Frankle et al.
/// 2020: each level keeps 80% of the remaining weights; rewind points 0, 50 and 100; the error
/// barrier on 30 points of the line between copies; early-bird masks keeping half of each
/// hidden layer), so that a flag means the same thing with the same default in every
/// subcommand. The values are those of the rewinding grid (`RewindingConfiguration`), which
/// runs all four experiments.
enum IMPDefaults {
    private static let grid = RewindingConfiguration()
    /// Number of pruning levels L (density 0.8^4 = 0.41 after the last level).
    static let levels = grid.levels
    static let levelsHelp = "Number of pruning levels L."
    /// Fraction of the remaining weights each level keeps.
    static let densityPerLevel = grid.densityPerLevel
    static let densityPerLevelHelp = "Fraction of the remaining weights each level keeps, in (0, 1) (0.8: 20% removed per level)."
    /// The random-pruning and random-reinitialization controls are trained unless --no-controls.
    static let controls = grid.controls
    static let controlsHelp = "Train the controls at every level and rewind point: random pruning (same per-layer counts on the rewound weights) and random reinitialization (the IMP mask on freshly initialized weights); triples the IMP training (--no-controls skips them)."
    /// Points on the line between two copies, endpoints included.
    static let points = grid.points
    static let pointsHelp = "Points on the line between the copies, endpoints included (>= 2)."
    /// Rewind (branch) iterations t, a comma list.
    static let rewind = grid.rewind.map(String.init).joined(separator: ",")
    static let rewindHelp = "Rewind iterations t, a comma list (each in 0...T)."
    /// Neuron density of the early-bird masks.
    static let earlyBirdDensity = grid.earlyBirdDensity
    /// Seeds of IMP's matching verdict (at least two: it uses the sd over seeds), a comma list.
    static let seeds = grid.seeds.map(String.init).joined(separator: ",")
}
