import Checker
import Engine
import Foundation

extension RewindingCommand {
    /// The long names of the options given on `arguments` (a command line, the program name
    /// included or not), the inversion `--no-X` as `X`, up to a bare `--`: the options whose
    /// flags win over `--config FILE`.
    static func givenOptions(in arguments: [String]) -> Set<String> {
        var given: Set<String> = []
        for argument in arguments {
            if argument == "--" { break }
            guard argument.hasPrefix("--") else { continue }
            var name = String(argument.dropFirst(2).prefix { $0 != "=" })
            if name.hasPrefix("no-") { name.removeFirst(3) }
            given.insert(name)
        }
        return given
    }

    /// The grid this command line describes: the options of `--config FILE` (when given) over
    /// the defaults, and over them every option in `given` (the long names typed: flags win
    /// over the file); and how its errors name each option (the flag typed, or the key of the file).
    /// - Throws: `UsageError` for a flag's text that is not of its type (a comma list, a
    ///   length, a schedule) or an old spelling given with the new one; `CheckerError` for an
    ///   unreadable file or an unknown key; a value of the wrong type in the file as a `UsageError`
    ///   naming the key and the file.
    /// The old spellings used (the flags `--greedy-k` and `--greedy-eps`, the file's old key
    /// names) are not announced here: `announceOldSpellings` does that once the sweep is built.
    func configuration(given: Set<String>) throws -> (configuration: RewindingConfiguration, names: RewindingOptionNames) {
        typealias Key = RewindingConfiguration.Key
        var c = RewindingConfiguration()
        var names = RewindingOptionNames()
        var typed: Set<Key> = Set(Key.allCases.filter { given.contains($0.rawValue) })
        let greedyK = k ?? deprecatedGreedyK, greedyEps = epsilon ?? deprecatedGreedyEps
        if k == nil, deprecatedGreedyK != nil { names.spelled[.k] = "--greedy-k"; typed.insert(.k) }
        if epsilon == nil, deprecatedGreedyEps != nil { names.spelled[.epsilon] = "--greedy-eps"; typed.insert(.epsilon) }
        if let config {
            let document = try ConfigurationDocument(path: config, allowedKeys: RewindingConfiguration.fileKeys)
            names.renamedKeys = RewindingConfiguration.renamedKeysUsed(in: document)
            let inFile = Set(document.presentKeys.compactMap { Key(rawValue: $0) ?? RewindingConfiguration.renamedKeys[$0] })
            names.fileKeys = inFile.subtracting(typed)
            names.origin = config
            c = try names.naming { try RewindingConfiguration(document: document) }
        } else {
            typed = Set(Key.allCases)  // without a file, every option is the flag's (given or its default)
        }
        for key in typed {
            switch key {
            case .data, .samples, .dataSeed, .classes, .unitNorm, .width, .loss, .steps, .lr, .batch, .momentum, .weightDecay:
                try training.set(key, in: &c)
            case .seeds: c.seeds = try CommaList.nonNegativeIntegers(seeds, flag: "--seeds")
            case .rewind: c.rewind = try CommaList.nonNegativeIntegers(rewind, flag: "--rewind")
            case .levels: c.levels = levels
            case .densityPerLevel: c.densityPerLevel = pruning.densityPerLevel
            case .scope: c.scope = pruning.scope
            case .controls: c.controls = matching.controls
            case .matchingSD: c.matchingSD = matching.matchingSD
            case .copies: c.copies = instability.copies
            case .points: c.points = instability.points
            case .stableBelow: c.stableBelow = instability.stableBelow
            case .checkpoints:
                do { c.checkpoints = try CheckpointSchedule(parsing: checkpoints) } catch { throw UsageError("--checkpoints: \(error)") }
            case .earlyBirdDensity: c.earlyBirdDensity = earlyBirdDensity
            case .k: if let greedyK { c.k = greedyK }
            case .epsilon: if let greedyEps { c.epsilon = greedyEps }
            }
        }
        return (c, names)
    }

    /// The one notice per old spelling used (`adoptDeprecated`, `warnRenamedKeys`), or the
    /// error of an old spelling given with the new one.
    func announceOldSpellings(_ names: RewindingOptionNames) throws {
        _ = try adoptDeprecated(k, "--k", old: deprecatedGreedyK, "--greedy-k")
        _ = try adoptDeprecated(epsilon, "--epsilon", old: deprecatedGreedyEps, "--greedy-eps")
        names.announceRenamedKeys()
    }
}
