import ArgumentParser
import Engine

extension EngineParameter {
    /// The flag that sets this parameter in most subcommands (a subcommand that spells it
    /// otherwise says so with `NamesEngineParameters`); nil for internal arguments no flag sets.
    var defaultFlag: String? {
        switch self {
        case .subnetworkSize: return "--k"
        case .lossTarget: return "--loss-target"
        case .candidateCount: return "--candidates"
        case .batchSize: return "--batch"
        case .epsilons: return "--epsilon"
        case .samplesPerWeight: return "--factor"
        case .trials: return "--trials"
        case .maximumCount: return "--max-n"
        case .bootstrapResamples: return "--resamples"
        case .density: return "--density"
        case .densities: return "--earlybird-density"
        case .model: return "--model"
        case .levels: return "--levels"
        case .rewindIteration: return "--rewind"
        case .interpolationPoints: return "--points"
        case .copies: return "--copies"
        case .stabilityThreshold: return "--stable-below"
        case .window: return "--window"
        case .maskDistanceThreshold: return "--threshold"
        case .checkpoints: return "--checkpoints"
        case .seeds: return "--seeds"
        case .matchingStandardDeviations: return "--matching-sd"
        case .data: return "--data"
        case .accumulationBlockRows, .counts, .targetWeights, .confidenceLevel: return nil
        }
    }
}

/// A subcommand whose flags name some engine parameters differently from `defaultFlag`
/// (e.g. `lth imp --densities` for the density): errors then name its flag.
protocol NamesEngineParameters {
    static var engineParameterFlags: [EngineParameter: String] { get }
}

/// The flag of `parameter` in the subcommand `command` (its own spelling first, then the default).
func flag(of parameter: EngineParameter, in command: (any ParsableCommand.Type)?) -> String? {
    if let named = command as? any NamesEngineParameters.Type, let own = named.engineParameterFlags[parameter] { return own }
    return parameter.defaultFlag
}

/// The one message format of the command line for an engine parameter outside its domain:
/// "invalid value X for --flag: expected Y" (the parameter's name where no flag sets it).
func invalidValueMessage(_ parameter: EngineParameter, value: String, allowed: String, in command: (any ParsableCommand.Type)?) -> String {
    "invalid value \(value) for \(flag(of: parameter, in: command) ?? parameter.name): expected \(allowed)"
}

extension GreedySelectionError {
    func commandLineDescription(in command: (any ParsableCommand.Type)?) -> String {
        if case let .invalidOption(parameter, value, allowed) = self { return invalidValueMessage(parameter, value: value, allowed: allowed, in: command) }
        return description
    }
}

extension PruningError {
    func commandLineDescription(in command: (any ParsableCommand.Type)?) -> String {
        switch self {
        case let .invalidOption(parameter, value, allowed):
            return invalidValueMessage(parameter, value: value, allowed: allowed, in: command)
        case let .rewindPastEnd(iteration, total):
            return "invalid value \(iteration) for \(flag(of: .rewindIteration, in: command) ?? EngineParameter.rewindIteration.name): expected an iteration in 0...\(total) (the rewind iteration lies past the end of training)"
        default:
            return description
        }
    }
}

extension SubsetSumError {
    func commandLineDescription(in command: (any ParsableCommand.Type)?) -> String {
        if case let .invalidParameter(parameter, value, allowed) = self { return invalidValueMessage(parameter, value: value, allowed: allowed, in: command) }
        return description
    }
}

/// `lth imp` sets its level densities with `--densities` (or `--density-per-level`).
extension IMPCommand: NamesEngineParameters {
    static var engineParameterFlags: [EngineParameter: String] { [.density: "--densities"] }
}
