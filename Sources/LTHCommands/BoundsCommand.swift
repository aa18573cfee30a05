import ArgumentParser

/// `lth bounds`: every quantity of Theorems A-C from network parameters or data.
struct BoundsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bounds",
        abstract: "Compute the bounds of Theorems A-C from network parameters or from data.")
    func run() throws {}
}
