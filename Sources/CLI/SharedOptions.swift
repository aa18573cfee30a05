import ArgumentParser
import Engine

/// The magnitude-pruning options of `lth imp`, `lth stability` and `lth rewinding`: one
/// meaning, one default and one check each.
struct PruningOptions: ParsableArguments {
    @Option(name: .customLong("density-per-level"), help: ArgumentHelp(IMPDefaults.densityPerLevelHelp))
    var densityPerLevel: Double = IMPDefaults.densityPerLevel

    @Option(help: "Pruning scope: global (one magnitude threshold over all layers) or layer-wise (the same fraction in every layer).")
    var scope: PruningScope = .global

    func validate() throws {
        guard densityPerLevel > 0, densityPerLevel < 1 else {
            throw UsageError("invalid value \(densityPerLevel) for --density-per-level: expected a number in (0, 1) (the fraction of weights each level keeps)")
        }
    }
}

/// The matching verdict of `lth imp` and `lth rewinding`: the controls and the tolerance.
struct MatchingOptions: ParsableArguments {
    @Flag(inversion: .prefixedNo, help: ArgumentHelp(IMPDefaults.controlsHelp))
    var controls = IMPDefaults.controls

    @Option(name: .customLong("matching-sd"), help: "Matching tolerance in dense standard deviations over seeds (>= 0).")
    var matchingSD: Double = 1

    func validate() throws {
        guard matchingSD >= 0, matchingSD.isFinite else { throw UsageError("invalid value \(matchingSD) for --matching-sd: expected a finite number >= 0") }
    }
}

/// The linear-mode instability of `lth stability` and `lth rewinding` (Frankle et al. 2020):
/// copies branched at t, the points on the line between them, the stability threshold.
struct InstabilityOptions: ParsableArguments {
    @Option(help: "Number of copies trained from t with different data orders (at least 2; barriers are averaged over pairs).")
    var copies: Int = 2

    @Option(help: ArgumentHelp(IMPDefaults.pointsHelp))
    var points: Int = IMPDefaults.points

    @Option(name: .customLong("stable-below"), help: "Stability threshold on the error barrier, in [0, 1].")
    var stableBelow: Double = 0.02

    func validate() throws {
        guard copies >= 2 else { throw UsageError("invalid value \(copies) for --copies: expected at least 2 copies; instability compares two trained copies") }
        guard points >= 2 else { throw UsageError("invalid value \(points) for --points: expected at least 2, the line's endpoints") }
        guard stableBelow >= 0, stableBelow <= 1 else { throw UsageError("invalid value \(stableBelow) for --stable-below: expected a number in [0, 1]") }
    }
}
