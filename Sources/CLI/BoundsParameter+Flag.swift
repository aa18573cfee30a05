import ArgumentParser
import Bounds

extension BoundsParameter {
    /// The `lth bounds` / `lth bounds strong` flag that sets this parameter (nil for the
    /// internal arguments no flag sets).
    var flag: String? {
        switch self {
        case .samples: return "--samples"
        case .width: return "--width"
        case .dimension: return "--dim"
        case .lambda0: return "--lambda0"
        case .learningRate: return "--lr"
        case .delta: return "--delta"
        case .kappa: return "--kappa"
        case .targetNorm2: return "--y-norm2"
        case .diameter: return "--diameter"
        case .subnetworkSize: return "--k"
        case .epsilon: return "--epsilon"
        case .subsetSumConstant: return "--constant"
        case .widths: return "--widths"
        case .points, .gramMatrix, .gramEntryError, .probability, .tailProbability, .lambertArgument, .featureVariance: return nil
        }
    }
}

extension BoundsError {
    /// The one-line message for the command line: an invalid parameter is named by its flag
    /// ("invalid value X for --flag: expected Y"), everything else by the library's description.
    func commandLineDescription(in command: (any ParsableCommand.Type)?) -> String {
        if case let .invalidParameter(parameter, value, allowed) = self, let flag = parameter.flag {
            return "invalid value \(value) for \(flag): expected \(allowed)"
        }
        return description
    }
}
