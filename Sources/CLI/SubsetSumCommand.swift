import ArgumentParser
import Bounds
import Checker
import Engine
import Foundation
import LinearAlgebra

/// `lth subsetsum`: the SubsetSum route to strong lottery tickets (THEORY.md section 5).
struct SubsetSumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subsetsum",
        abstract: "Measure Lueker's SubsetSum constant and build a strong lottery ticket by SubsetSum.",
        subcommands: [SubsetSumMeasureCommand.self, SubsetSumTicketCommand.self])
}


/// `lth subsetsum measure`: Monte Carlo measurement of Lueker's constant.
struct SubsetSumMeasureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure",
        abstract: "Measure Lueker's SubsetSum constant C by exact Monte Carlo.",
        discussion: """
            For each trial, X_1, X_2, ... are drawn uniform on [-1, 1] and the worst-case error \
            sup_{z in [-1,1]} of the distance to the nearest subset sum of X_1..X_n is computed \
            exactly (all 2^n sums, sorted by merging) for n = 0, 1, ... . The table gives \
            P(every z in [-1, 1] is within eps) against n, n(eps) = the smallest n with \
            P >= 1 - eps, and the least-squares fit n(eps) = C log2(1/eps) + c0 with a percentile \
            bootstrap interval for C (trials resampled with replacement). C / ln 2 is the same \
            slope per natural log, the constant `lth bounds strong --constant` takes.

            Examples:
              lth subsetsum measure --epsilon 0.1,0.05,0.02,0.01,0.005 --trials 1000
              lth subsetsum measure --max-n 20 --out runs/lueker
            """)

    @Option(name: .customLong("epsilon"), help: ArgumentHelp("Accuracy target eps: here the approximation errors of the subset sums, a comma list in (0, 1) (default: \(LuekerExperiment.defaultEpsilons.map { "\($0)" }.joined(separator: ",")))", valueName: "LIST"))
    var epsilon: String?

    /// Old spelling of --epsilon (deprecated; see `adoptDeprecated`).
    @Option(name: .customLong("eps"), help: .hidden) var deprecatedEps: String?

    @Option(name: .customLong("trials"), help: "Monte Carlo trials (independent sample sequences).")
    var trials: Int = 1000

    @Option(name: .customLong("seed"), help: "Seed of the trials and of the bootstrap.")
    var seed: UInt64 = 0

    @Option(name: .customLong("max-n"), help: "Largest n tried (at most \(SubsetSums.exactLimit)).")
    var maximumCount: Int = 24

    @Option(name: .customLong("resamples"), help: "Bootstrap resamples for the interval of C.")
    var resamples: Int = 1000

    @Flag(name: .customLong("json"), help: "Print one JSON object instead of the table.")
    var json = false

    @OptionGroup var memory: MemoryOptions

    @Option(name: .customLong("out"), help: "Also write the tables (Markdown, LaTeX, CSV) and figures (SVG, pgfplots) into this folder.")
    var out: String?

    @Flag(name: .customLong("latex-float"), help: "Write each LaTeX table inside a table float with caption and label (default: a bare tabular fragment for \\input).")
    var latexFloat = false

    /// The epsilons of --epsilon (or its old spelling --eps), or the default list.
    private func epsilonList() throws -> [Double] {
        let text = epsilon ?? deprecatedEps ?? LuekerExperiment.defaultEpsilons.map { "\($0)" }.joined(separator: ",")
        let flag = typedSpelling("--epsilon", old: "--eps", given: epsilon == nil && deprecatedEps != nil)
        return try CommaList.parse(text, flag: flag, expected: "comma-separated numbers in (0, 1)") { Double($0) }
    }

    /// Option-level checks: the list parses.
    func validate() throws {
        _ = try epsilonList()
    }

    func run() throws {
        _ = try adoptDeprecated(epsilon, "--epsilon", old: deprecatedEps, "--eps")  // the notice; `epsilonList` reads either
        let spellings = epsilon == nil && deprecatedEps != nil ? ["--epsilon": "--eps"] : [:]
        if let out { try checkOutputPath(out) }
        let experiment = LuekerConstantExperiment(epsilons: try epsilonList(), trials: trials, seed: seed, maximumCount: maximumCount,
                                                  bootstrapResamples: resamples)
        let result = try withTypedSpellings(spellings) {
            try experiment.run(output: out.map { URL(fileURLWithPath: $0) }, latexFloat: latexFloat) { estimate, _ in
                try memory.check(estimate, flags: [.trials: "--trials \(trials)", .maximumCount: "--max-n \(maximumCount)", .resamples: "--resamples \(resamples)"])
            }
        }
        let measurement = result.measurement
        print(json ? measurement.summaryJSON(seconds: result.seconds).rendered(indent: 2)
                   : measurement.summaryTable(seconds: result.seconds, constantUse: "use with lth bounds strong --constant")
                     + (result.written.isEmpty ? "" : "\nwritten (\(result.written.count) files):\n" + writtenFilesList(result.written)))
    }
}

/// `lth subsetsum ticket`: a strong lottery ticket by Pensia et al.'s construction.
struct SubsetSumTicketCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ticket",
        abstract: "Train a small MLP, then approximate it by pruning a random network twice as deep (no training).",
        discussion: """
            The target is an MLP with one hidden layer (or more, --width a,b,...) trained by \
            full-batch gradient descent on the mean squared loss (its defaults, a small target on \
            500 samples of two classes, are this command's own: the random network must be \
            --factor times wider than the target at every layer). Each target weight (biases \
            folded in through a constant input) is approximated by a subset sum of products of \
            the random network's weights, chosen exactly by meet in the middle; the random \
            network is --factor times wider than the target at every inserted layer. Reports the \
            widths, the kept weights, the sup error of the outputs on the data, and target and \
            ticket accuracy side by side.

            Examples:
              lth subsetsum ticket --data fashion-mnist --classes 0,1 --samples 500 \\
                --width 16 --factor 16
            """)

    @Option(name: .customLong("data"), help: ArgumentHelp("Data: 'fashion-mnist', an MNIST-layout IDX directory, a CSV file, or synthetic:sphere?m=M&d=D&seed=S.", valueName: "SRC"))
    var data: String = "fashion-mnist"

    @Option(name: .customLong("classes"), help: ArgumentHelp("Two classes a,b (labelled +1 and -1); 'all' keeps every class.", valueName: "a,b"))
    var classes: String = "0,1"

    @Option(name: .customLong("samples"), help: "Training points (a seeded subset).")
    var samples: Int = 500

    @Option(name: .customLong("width"), help: ArgumentHelp("Hidden width N of the dense network: here the target MLP's hidden widths, a comma list (default: 16)", valueName: "h[,h2...]"))
    var width: String?

    /// Old spelling of --width (deprecated; see `adoptDeprecated`).
    @Option(name: .customLong("hidden"), help: .hidden) var deprecatedHidden: String?

    @Option(name: .customLong("steps"), help: "Training length: here the target's full-batch gradient steps, N, Nit or Nep (an epoch is one step) (default: 300)")
    var steps: String?

    /// Old spelling of --steps (deprecated; see `adoptDeprecated`).
    @Option(name: .customLong("iterations"), help: .hidden) var deprecatedIterations: String?

    @Option(name: .customLong("lr"), help: "Step size of the target's training (mean squared loss).")
    var learningRate: Double = 0.5

    @Option(name: .customLong("factor"), help: "Width factor n of the random network (1...\(PrunedLayerPair.samplesLimit)).")
    var factor: Int = 16

    @Option(name: .customLong("seed"), help: "Seed of the data subset, the target's initialization and the random network.")
    var seed: UInt64 = 0

    @Flag(name: .customLong("json"), help: "Print one JSON object instead of the table.")
    var json = false

    @OptionGroup var memory: MemoryOptions

    /// h_1, ... from --width (or its old spelling --hidden), and the spelling typed.
    private func hiddenWidths() throws -> (widths: [Int], flag: String) {
        let text = try adoptDeprecated(width, "--width", old: deprecatedHidden, "--hidden") ?? "16"
        let flag = typedSpelling("--width", old: "--hidden", given: deprecatedHidden != nil)
        return (try CommaList.parse(text, flag: flag, expected: "comma-separated positive integers") { Int($0).flatMap { $0 > 0 ? $0 : nil } }, flag)
    }

    /// The target's gradient steps T from --steps (N, Nit or Nep; full batch: an epoch is one
    /// step) or its old spelling --iterations.
    private func iterations() throws -> Int {
        let text = try adoptDeprecated(steps, "--steps", old: deprecatedIterations, "--iterations") ?? "300"
        let flag = typedSpelling("--steps", old: "--iterations", given: deprecatedIterations != nil)
        let count = try fullBatchSteps(text, flag: flag)
        try checkLength(.iterations(count), text, flag: flag, iterationsPerEpoch: 1)
        return count
    }

    /// The classes of --classes: nil for 'all'.
    private func classList() throws -> [Int]? {
        classes == "all" ? nil : try CommaList.parse(classes, flag: "--classes", expected: "class labels a,b or 'all'") { Int($0) }
    }

    /// Option-level checks: the lists parse, the sizes are in range (the renamed flags are
    /// read once, in `run`, so that their notice is printed once).
    func validate() throws {
        _ = try classList()
        guard samples >= 1 else { throw UsageError("invalid value \(samples) for --samples: expected an integer >= 1") }
        guard (1...PrunedLayerPair.samplesLimit).contains(factor) else {
            throw UsageError("invalid value \(factor) for --factor: expected an integer in 1...\(PrunedLayerPair.samplesLimit)")
        }
    }

    func run() throws {
        let (widths, widthFlag) = try hiddenWidths()
        let experiment = StrongTicketExperiment(data: DataRecipe(source: data, classes: try classList(), samples: samples, seed: seed),
                                                hiddenWidths: widths, iterations: try iterations(), learningRate: learningRate,
                                                samplesPerInput: factor)
        let widthText = "\(widthFlag) \(widths.map(String.init).joined(separator: ","))"
        let result = try experiment.run { estimate, _ in
            try memory.check(estimate, flags: [.data: "--data \(data)", .width: widthText, .factor: "--factor \(factor)",
                                               .samples: "--samples \(samples)", .checkpoints: widthText])
        }
        print(json ? result.summaryJSON.rendered(indent: 2) : result.summaryTable)
    }
}
