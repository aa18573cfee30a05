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
        var entries: [(comment: String, line: String)] = [
            ("Data source (fashion-mnist, an MNIST-layout folder, FILE.csv, synthetic:sphere?...); each training set is a seeded subset of m points. Flag --data.", "data: \(quoted(c.data))"),
        ]
        if let classes = c.classes { entries.append(("Two classes a,b as +1/-1 labels. Flag --classes.", "classes: \(list(classes))")) }
        entries += [
            ("Training-set sizes m. Flag --samples.", "samples: \(list(c.samples))"),
            ("Seeds (initialization and subset). Flag --seeds.", "seeds: \(list(c.seeds))"),
            ("Hidden width N. Flag --width.", "width: \(c.width)"),
            ("Initial weight scale kappa: w_r(0) ~ N(0, kappa^2 I). Flag --kappa.", "kappa: \(c.kappa)"),
        ]
        if let eta = c.eta {
            entries.append(("Step eta on the sum loss, the same at every m (give lr instead for a step on the loss convention). Flag --eta.", "eta: \(eta)"))
        } else {
            entries.append(("Step size on the loss convention (eta = lr / m on the sum loss for the mean loss). Flag --lr.", "lr: \(c.lr)"))
        }
        entries += [
            ("Loss convention of the tables and epsilons: sum or mean. Flag --reduction.", "loss: \(c.loss)"),
            ("Full-batch gradient-descent iterations T. Flag --steps.", "steps: \(c.steps)"),
            ("Checkpoint schedule (0,100,500 | every:N | geometric:COUNT ...). Flag --checkpoints.", "checkpoints: \(quoted(c.checkpoints))"),
            ("Subnetwork sizes k. Flag --k.", "subnet_sizes: \(list(c.subnetSizes))"),
            ("Loss targets eps of Theorem C, in the loss convention. Flag --epsilon.", "epsilons: \(list(c.epsilons))"),
            ("Failure probability delta of the theorems. Flag --delta.", "delta: \(c.delta)"),
            ("Output folder (cells, report). Flag --out.", "output: \(quoted(c.output))"),
        ]
        var text = "# The configuration of lth check (its embedded default, the demo). Every key is also a flag;\n"
        text += "# flags win over the file. An optional 'rewinding:' section takes the options of lth rewinding.\n"
        for entry in entries { text += "\n# " + entry.comment + "\n" + entry.line + "\n" }
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
