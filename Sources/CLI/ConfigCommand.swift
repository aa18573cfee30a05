import ArgumentParser
import Checker
import Foundation

/// `lth config print KIND`: the default configuration of an experiment, ready to edit and pass
/// back (`lth check FILE`, `lth reproduce --config FILE`, `lth rewinding --config FILE`,
/// `lth sweep FILE`). Keys are the long names of the experiment's flags.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the default configuration of an experiment, to edit and pass back.",
        subcommands: [ConfigPrintCommand.self])
}

/// The experiments whose configuration `lth config print` writes.
enum ConfigurationKind: String, CaseIterable, ExpressibleByArgument {
    case check, reproduce, rewinding, sweep
}

struct ConfigPrintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "print",
        abstract: "Print the default configuration: check, rewinding, sweep (commented YAML) or reproduce (JSON).",
        discussion: """
            Keys are the long names of the experiment's flags (flags given with the file win). \
            The rewinding configuration is also the 'rewinding:' section of a check configuration \
            (indent it under that key).

            Examples:
              lth config print check > mine.yaml && lth check mine.yaml --out runs/mine
              lth config print reproduce > paper.json && lth reproduce --config paper.json
              lth config print rewinding > grid.yaml
              lth rewinding --config grid.yaml --out runs/grid
              lth config print sweep > sweep.yaml && lth sweep sweep.yaml
            """)

    @Argument(help: ArgumentHelp("The experiment: \(ConfigurationKind.allCases.map(\.rawValue).joined(separator: " or ")).", valueName: "kind"))
    var kind: ConfigurationKind

    func run() throws {
        switch kind {
        case .check: print(Self.checkYAML(TheoryCheckConfiguration()), terminator: "")
        case .reproduce: print(try Self.reproduceJSON(.standard), terminator: "")
        case .rewinding: print(try Self.rewindingYAML(), terminator: "")
        case .sweep: print(try Self.sweepYAML(WidthSweepConfiguration()), terminator: "")
        }
    }

    /// The configuration of `lth check` as commented YAML: every key with its meaning, its flag
    /// and its value; reading it back gives the same configuration (the same hash).
    static func checkYAML(_ c: TheoryCheckConfiguration) -> String {
        func list<T>(_ values: [T]) -> String { "[" + values.map { "\($0)" }.joined(separator: ", ") + "]" }
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
            ("reduction", "Loss convention of the tables and epsilons: sum or mean.", "\(c.loss)"),
            ("steps", "Full-batch gradient-descent iterations T.", "\(c.steps)"),
            ("checkpoints", "Checkpoint schedule (0,100,500 | every:N | geometric:COUNT ...).", quoted(c.checkpoints)),
            ("k", "Subnetwork sizes k.", list(c.subnetSizes)),
            ("epsilon", "Loss targets eps of Theorem C, in the loss convention.", list(c.epsilons)),
            ("delta", "Failure probability delta of the theorems.", "\(c.delta)"),
            ("out", "Output folder (cells, report).", quoted(c.output)),
        ]
        var text = "# The configuration of lth check (its embedded default, the demo). Every key is also a flag;\n"
        text += "# flags win over the file. An optional 'rewinding:' section takes the options of lth rewinding.\n"
        // Each key's flag comes from the check's one key-to-flag table.
        for entry in entries {
            text += "\n# \(entry.comment) Flag \(CheckCommand.keyFlags[entry.key]!).\n\(entry.key): \(entry.value)\n"
        }
        return text
    }

    /// The options of `lth rewinding` as commented YAML (the keys of `RewindingConfiguration`,
    /// in the order of its `--help`): each key with its flag's help text, its flag and its value
    /// in `c` (lists as YAML lists); an option without a value (`classes`: all) is printed
    /// commented out. Reading the file back (`lth rewinding --config`) gives `c`.
    static func rewindingYAML(_ c: RewindingConfiguration = RewindingConfiguration()) throws -> String {
        func list<T>(_ values: [T]) -> String { "[" + values.map { "\($0)" }.joined(separator: ", ") + "]" }
        let help = try optionHelp(of: RewindingCommand.self)
        var text = "# The options of lth rewinding with their defaults (lth rewinding --config FILE; flags win over\n"
        text += "# the file). Indented under 'rewinding:', the same keys form the section of a check configuration.\n"
        for key in RewindingConfiguration.Key.allCases {
            let value: String?
            switch key {
            case .data, .loss, .scope, .checkpoints: value = quoted(c.text(of: key))
            case .classes: value = c.classes.map(list)
            case .width: value = list(c.width)
            case .seeds: value = list(c.seeds)
            case .rewind: value = list(c.rewind)
            case .steps: if case .iterations = c.steps { value = c.text(of: key) } else { value = quoted(c.text(of: key)) }
            default: value = c.text(of: key)
            }
            let abstract = help[key.rawValue]?.abstract ?? ""
            text += "\n# \(sentence(abstract)) Flag --\(key.rawValue).\n" + (value.map { "\(key.rawValue): \($0)\n" } ?? "# \(key.rawValue):\n")
        }
        return text
    }

    /// The configuration of `lth sweep` as commented YAML: every key (the flags' long names) with
    /// its meaning (the flag's help), its flag and its value; reading it back gives the same
    /// configuration.
    static func sweepYAML(_ c: WidthSweepConfiguration) throws -> String {
        func list<T>(_ values: [T]) -> String { "[" + values.map { "\($0)" }.joined(separator: ", ") + "]" }
        let help = try optionHelp(of: SweepCommand.self)
        var values: [String: String] = [
            "data": quoted(c.data), "width": list(c.widths), "seeds": list(c.seeds), "kappa": "\(c.kappa)",
            "reduction": c.loss.rawValue, "lr": "\(c.learningRate)", "steps": "\(c.steps)", "checkpoints": quoted("geometric:\(c.checkpoints)"),
            "k": "\(c.subnetSize)", "random-draws": "\(c.randomDraws)", "exact-limit": "\(c.exactLimit)",
            "kernel": c.kernel.rawValue, "tau": "\(c.tau)", "delta": "\(c.delta)", "epsilon": "\(c.epsilon)",
        ]
        if let samples = c.samples { values["samples"] = "\(samples)" }
        var text = "# The configuration of lth sweep (the defaults; lth sweep FILE). Every key is also a flag; flags win.\n"
        for key in WidthSweepConfiguration.keys {
            let abstract = help[key]?.abstract ?? ""
            text += "\n# \(sentence(abstract)) Flag --\(key).\n" + (values[key].map { "\(key): \($0)\n" } ?? "# \(key):\n")
        }
        return text
    }

    /// A help text ending in a full stop.
    static func sentence(_ text: String) -> String { text.hasSuffix(".") ? text : text + "." }

    /// A YAML double-quoted string.
    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Each long option of `command` with its help text, its default value as the help shows it
    /// and whether `--help` lists it: read from the argument parser's own description of the
    /// command (the JSON of `--experimental-dump-help`), so the comments are the help texts.
    static func optionHelp(of command: any ParsableCommand.Type) throws -> [String: (abstract: String, defaultValue: String?, isDisplayed: Bool)] {
        let dump = try JSONSerialization.jsonObject(with: Data(command._dumpHelp().utf8)) as? [String: Any]
        let arguments = (dump?["command"] as? [String: Any])?["arguments"] as? [[String: Any]] ?? []
        var help: [String: (abstract: String, defaultValue: String?, isDisplayed: Bool)] = [:]
        for argument in arguments {
            guard let name = (argument["preferredName"] as? [String: Any])?["name"] as? String else { continue }
            help[name] = (argument["abstract"] as? String ?? "", argument["defaultValue"] as? String, argument["shouldDisplay"] as? Bool ?? true)
        }
        return help
    }

    /// The configuration of `lth reproduce` as JSON (sorted keys); reading it back gives the
    /// same configuration.
    static func reproduceJSON(_ c: PaperExperimentConfiguration) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(c), as: UTF8.self) + "\n"
    }
}
