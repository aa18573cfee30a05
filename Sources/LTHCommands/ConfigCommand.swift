import ArgumentParser
import Checker
import Foundation

/// `lth config print KIND`: the default configuration of an experiment, ready to edit and pass
/// back (`lth check FILE`, `lth reproduce --config FILE`).
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the default configuration of an experiment, to edit and pass back.",
        subcommands: [ConfigPrintCommand.self])
}

/// The experiments whose configuration `lth config print` writes.
enum ConfigurationKind: String, CaseIterable, ExpressibleByArgument {
    case check, reproduce
}

struct ConfigPrintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "print",
        abstract: "Print the default configuration: check (commented YAML, the embedded demo) or reproduce (JSON).",
        discussion: """
            Examples:
              lth config print check > mine.yaml && lth check mine.yaml --out runs/mine
              lth config print reproduce > paper.json && lth reproduce --config paper.json
            """)

    @Argument(help: ArgumentHelp("The experiment: \(ConfigurationKind.allCases.map(\.rawValue).joined(separator: " or ")).", valueName: "kind"))
    var kind: ConfigurationKind

    func run() throws {
        switch kind {
        case .check: print(Self.checkYAML(TheoryCheckConfiguration()), terminator: "")
        case .reproduce: print(try Self.reproduceJSON(.standard), terminator: "")
        }
    }

    /// The configuration of `lth check` as commented YAML: every key with its meaning, its flag
    /// and its value; reading it back gives the same configuration (the same hash).
    static func checkYAML(_ c: TheoryCheckConfiguration) -> String {
        func list<T>(_ values: [T]) -> String { "[" + values.map { "\($0)" }.joined(separator: ", ") + "]" }
        func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        var entries: [(key: String, comment: String, value: String)] = [
            ("data", "Data source (fashion-mnist, an MNIST-layout folder, FILE.csv, synthetic:sphere?...); each training set is a seeded subset of m points.", quoted(c.data)),
        ]
        if let classes = c.classes { entries.append(("classes", "Two classes a,b as +1/-1 labels.", list(classes))) }
        entries += [
            ("samples", "Training-set sizes m.", list(c.samples)),
            ("seeds", "Seeds (initialization and subset).", list(c.seeds)),
            ("width", "Hidden width N.", "\(c.width)"),
            ("kappa", "Initial weight scale kappa: w_r(0) ~ N(0, kappa^2 I).", "\(c.kappa)"),
        ]
        if let eta = c.eta {
            entries.append(("eta", "Step eta on the sum loss, the same at every m (give lr instead for a step on the loss convention).", "\(eta)"))
        } else {
            entries.append(("lr", "Step size on the loss convention (eta = lr / m on the sum loss for the mean loss).", "\(c.lr)"))
        }
        entries += [
            ("loss", "Loss convention of the tables and epsilons: sum or mean.", "\(c.loss)"),
            ("steps", "Full-batch gradient-descent iterations T.", "\(c.steps)"),
            ("checkpoints", "Checkpoint schedule (0,100,500 | every:N | geometric:COUNT ...).", quoted(c.checkpoints)),
            ("subnet_sizes", "Subnetwork sizes k.", list(c.subnetSizes)),
            ("epsilons", "Loss targets eps of Theorem C, in the loss convention.", list(c.epsilons)),
            ("delta", "Failure probability delta of the theorems.", "\(c.delta)"),
            ("output", "Output folder (cells, report).", quoted(c.output)),
        ]
        var text = "# The configuration of lth check (its embedded default, the demo). Every key is also a flag;\n"
        text += "# flags win over the file. An optional 'rewinding:' section takes the options of lth rewinding.\n"
        // Each key's flag comes from the check's one key-to-flag table.
        for entry in entries {
            text += "\n# \(entry.comment) Flag \(CheckCommand.keyFlags[entry.key]!).\n\(entry.key): \(entry.value)\n"
        }
        return text
    }

    /// The configuration of `lth reproduce` as JSON (sorted keys); reading it back gives the
    /// same configuration.
    static func reproduceJSON(_ c: PaperExperimentConfiguration) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(c), as: UTF8.self) + "\n"
    }
}
