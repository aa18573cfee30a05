/// The one default and the one help text of each option that `lth imp`, `lth stability` and
/// `lth rewinding` share (iterative magnitude pruning as in Frankle et al. 2020: each level keeps
/// 80% of the remaining weights; the error barrier on 30 points of the line between copies), so
/// that a flag means the same thing with the same default in every subcommand.
enum IMPDefaults {
    /// Number of pruning levels L (density 0.8^4 = 0.41 after the last level).
    static let levels = 4
    static let levelsHelp = "Number of pruning levels L."
    /// Fraction of the remaining weights each level keeps.
    static let densityPerLevel = 0.8
    static let densityPerLevelHelp = "Fraction of the remaining weights each level keeps, in (0, 1) (0.8: 20% removed per level)."
    /// The random-pruning and random-reinitialization controls are trained unless --no-controls.
    static let controls = true
    static let controlsHelp = "Train the controls at every level and rewind point: random pruning (same per-layer counts on the rewound weights) and random reinitialization (the IMP mask on freshly initialized weights); triples the IMP training (--no-controls skips them)."
    /// Points on the line between two copies, endpoints included.
    static let points = 30
    static let pointsHelp = "Points on the line between the copies, endpoints included (>= 2)."
}
