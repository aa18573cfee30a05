import ArgumentParser
import LinearAlgebra

/// The `lth` command: lottery-ticket theory and runs side by side.
public struct LTH: ParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "lth",
        abstract: "Lottery-ticket theory and lottery-ticket runs side by side.",
        discussion: """
            Computes the bounds of the pre-training threshold theorems (Wolfe et al. 2021, \
            with explicit constants), trains and prunes networks, and checks one against the other.
            """,
        version: "lth \(version) (OpenBLAS core: \(BLASRuntime.coreName), threads: \(BLASRuntime.threadCount))",
        subcommands: [BoundsCommand.self]
    )

    public init() {}
}
