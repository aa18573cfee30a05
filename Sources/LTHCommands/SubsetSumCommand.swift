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

/// Parses a comma-separated list with `parse`, or throws a one-line usage error for `flag`.
func parseList<T>(_ text: String, flag: String, expected: String, _ parse: (String) -> T?) throws -> [T] {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    let values = parts.map(parse)
    guard !parts.isEmpty, values.allSatisfy({ $0 != nil }) else {
        throw UsageError("invalid value '\(text)' for \(flag): expected \(expected)")
    }
    return values.map { $0! }
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

            Example:
              lth subsetsum measure --epsilon 0.1,0.05,0.02,0.01,0.005 --trials 1000 --seed 0
            """)

    @Option(name: .customLong("epsilon"), help: ArgumentHelp("Comma-separated epsilons in (0, 1) (default \(LuekerExperiment.defaultEpsilons.map { "\($0)" }.joined(separator: ","))).", valueName: "LIST"))
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

    func run() throws {
        let epsilons = try adoptDeprecated(epsilon, "--epsilon", old: deprecatedEps, "--eps")
            ?? LuekerExperiment.defaultEpsilons.map { "\($0)" }.joined(separator: ",")
        let list = try parseList(epsilons, flag: "--epsilon", expected: "comma-separated numbers in (0, 1)") { Double($0) }
        let experiment = try LuekerExperiment(epsilons: list, trials: trials, seed: seed, maximumCount: maximumCount, bootstrapResamples: resamples)
        try memory.check(MemoryEstimate.subsetSumMeasurement(epsilons: list.count, trials: trials, maximumCount: maximumCount, resamples: resamples),
                         flags: [.trials: "--trials \(trials)", .maximumCount: "--max-n \(maximumCount)", .resamples: "--resamples \(resamples)"])
        let claim = try claimOutput(out, command: "lth subsetsum measure", settings: [
            ("eps", list.map { "\($0)" }.joined(separator: ",")), ("trials", String(trials)), ("seed", String(seed)),
            ("max-n", String(maximumCount)), ("resamples", String(resamples))])
        defer { withExtendedLifetime(claim) {} }
        let start = Date()
        let measurement = try experiment.run()
        let seconds = Date().timeIntervalSince(start)
        let written = try out.map { try FigurePDF.write(measurement.exports(latexFloat: latexFloat), to: URL(fileURLWithPath: $0)) } ?? []
        print(json ? SubsetSumMeasureCommand.json(measurement, seconds: seconds).rendered(indent: 2)
                   : SubsetSumMeasureCommand.table(measurement, seconds: seconds)
                     + (written.isEmpty ? "" : "\nwritten (\(written.count) files):\n" + writtenFilesList(written)))
    }

    /// For each eps, the n from the smallest first sufficient count up to n(eps) (or max n).
    static func rows(_ m: LuekerMeasurement, epsilon e: Int) -> ClosedRange<Int> {
        let smallest = m.firstCounts[e].compactMap { $0 }.min() ?? m.experiment.maximumCount
        let last = m.requiredCounts[e] ?? m.experiment.maximumCount
        return min(smallest, last)...last
    }

    static func table(_ m: LuekerMeasurement, seconds: Double) -> String {
        let x = m.experiment
        var out = "Lueker's SubsetSum constant by exact Monte Carlo (\(x.trials) trials, seed \(x.seed), n <= \(x.maximumCount), \(String(format: "%.1f", seconds)) s)\n"
        out += "P = fraction of trials in which every z in [-1, 1] is within eps of a subset sum of X_1..X_n, X_i ~ U[-1, 1]\n\n"
        out += "     eps     n        P\n"
        for (e, eps) in x.epsilons.enumerated() {
            for n in rows(m, epsilon: e) {
                out += String(format: "%8g  %4d  %7.4f\n", eps, n, m.successProbability(epsilonIndex: e, count: n))
            }
        }
        out += "\nn(eps) = smallest n with P >= 1 - eps:\n"
        for (e, eps) in x.epsilons.enumerated() {
            let n = m.requiredCounts[e].map(String.init) ?? "not reached by n = \(x.maximumCount)"
            out += String(format: "  eps = %-8g log2(1/eps) = %6.3f  n(eps) = ", eps, log2(1 / eps)) + n + "\n"
        }
        let ci = m.slopeInterval, nat = m.naturalLogConstantInterval
        out += String(format: "\nfit n(eps) = C log2(1/eps) + c0:  C = %.4f  (%.0f%% bootstrap interval [%.4f, %.4f], %d of %d resamples)  c0 = %.4f\n",
                      m.fit.slope, x.level * 100, ci.lowerBound, ci.upperBound, m.resamplesUsed, x.bootstrapResamples, m.fit.intercept)
        out += String(format: "per natural log: C / ln 2 = %.4f  [%.4f, %.4f]  (use with lth bounds strong --constant)\n",
                      m.fit.naturalLogConstant, nat.lowerBound, nat.upperBound)
        out += "This is Lueker's constant measured empirically; widths computed from it are estimates, not certified widths."
        return out
    }

    static func json(_ m: LuekerMeasurement, seconds: Double) -> JSONValue {
        let x = m.experiment
        var table: [JSONValue] = []
        for (e, eps) in x.epsilons.enumerated() {
            for n in rows(m, epsilon: e) {
                table.append(.object([("epsilon", .number(eps)), ("n", .integer(n)),
                                      ("probability", .number(m.successProbability(epsilonIndex: e, count: n)))]))
            }
        }
        let required: [JSONValue] = x.epsilons.enumerated().map { e, eps in
            .object([("epsilon", .number(eps)), ("n", m.requiredCounts[e].map { .integer($0) } ?? .null)])
        }
        return .object([
            ("trials", .integer(x.trials)), ("seed", .integer(Int(truncatingIfNeeded: x.seed))),
            ("max_n", .integer(x.maximumCount)), ("seconds", .number(seconds)),
            ("success_probability", .array(table)),
            ("required_n", .array(required)),
            ("fit", .object([
                ("model", .string("n(eps) = C log2(1/eps) + c0")),
                ("C", .number(m.fit.slope)), ("c0", .number(m.fit.intercept)),
                ("C_interval", .array([.number(m.slopeInterval.lowerBound), .number(m.slopeInterval.upperBound)])),
                ("level", .number(x.level)), ("resamples", .integer(x.bootstrapResamples)),
                ("resamples_used", .integer(m.resamplesUsed)),
                ("C_natural_log", .number(m.fit.naturalLogConstant)),
                ("C_natural_log_interval", .array([.number(m.naturalLogConstantInterval.lowerBound),
                                                   .number(m.naturalLogConstantInterval.upperBound)])),
            ])),
            ("note", .string("empirical constant of Lueker's theorem; widths computed from it are estimates, not certified widths")),
        ])
    }
}

/// `lth subsetsum ticket`: a strong lottery ticket by Pensia et al.'s construction.
struct SubsetSumTicketCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ticket",
        abstract: "Train a small MLP, then approximate it by pruning a random network twice as deep (no training).",
        discussion: """
            The target is an MLP with one hidden layer (or more, --hidden a,b,...) trained by \
            full-batch gradient descent on the mean squared loss. Each target weight (biases \
            folded in through a constant input) is approximated by a subset sum of products of \
            the random network's weights, chosen exactly by meet in the middle; the random \
            network is --factor times wider than the target at every inserted layer. Reports the \
            widths, the kept weights, the sup error of the outputs on the data, and target and \
            ticket accuracy side by side.

            Example:
              lth subsetsum ticket --data fashion-mnist --classes 0,1 --samples 500 --hidden 16 --factor 16
            """)

    @Option(name: .customLong("data"), help: ArgumentHelp("Data: 'fashion-mnist', an MNIST-layout IDX directory, a CSV file, or synthetic:sphere?m=M&d=D&seed=S.", valueName: "SRC"))
    var data: String = "fashion-mnist"

    @Option(name: .customLong("classes"), help: ArgumentHelp("Two classes a,b (labelled +1 and -1); 'all' keeps every class.", valueName: "a,b"))
    var classes: String = "0,1"

    @Option(name: .customLong("samples"), help: "Training points (a seeded subset).")
    var samples: Int = 500

    @Option(name: .customLong("hidden"), help: ArgumentHelp("Hidden widths of the target MLP.", valueName: "h[,h2...]"))
    var hidden: String = "16"

    @Option(name: .customLong("iterations"), help: "Full-batch gradient steps for the target.")
    var iterations: Int = 300

    @Option(name: .customLong("lr"), help: "Step size of the target's training (mean squared loss).")
    var learningRate: Double = 0.5

    @Option(name: .customLong("factor"), help: "Width factor n of the random network (1...\(PrunedLayerPair.samplesLimit)).")
    var factor: Int = 16

    @Option(name: .customLong("seed"), help: "Seed of the data subset, the target's initialization and the random network.")
    var seed: UInt64 = 0

    @Flag(name: .customLong("json"), help: "Print one JSON object instead of the table.")
    var json = false

    @OptionGroup var memory: MemoryOptions

    func run() throws {
        let widths = try parseList(hidden, flag: "--hidden", expected: "comma-separated positive integers") { Int($0).flatMap { $0 > 0 ? $0 : nil } }
        var classList: [Int]? = nil
        if classes != "all" {
            classList = try parseList(classes, flag: "--classes", expected: "class labels a,b or 'all'") { Int($0) }
        }
        guard samples >= 1 else { throw UsageError("invalid value \(samples) for --samples: expected an integer >= 1") }
        guard iterations >= 0 else { throw UsageError("invalid value \(iterations) for --iterations: expected an integer >= 0") }
        try checkLength(.iterations(iterations), String(iterations), flag: "--iterations", iterationsPerEpoch: 1)
        guard (1...PrunedLayerPair.samplesLimit).contains(factor) else {
            throw UsageError("invalid value \(factor) for --factor: expected an integer in 1...\(PrunedLayerPair.samplesLimit)")
        }
        try memory.check(MemoryEstimate.dataSource(data), flags: [.data: "--data \(data)"])
        let split = try DataRecipe(source: data, classes: classList, samples: samples, seed: seed).load()
        var estimate = MemoryEstimate.training(model: .mlp, widths: widths, dimension: split.train.dimension, outputs: split.train.outputCount,
                                               samples: split.train.sampleCount, testSamples: split.test?.sampleCount ?? 0,
                                               checkpoints: 17, keptSnapshots: 17)
        estimate.add(MemoryEstimate.strongTicket(widths: widths, dimension: split.train.dimension, outputs: split.train.outputCount, factor: factor))
        try memory.check(estimate, flags: [.width: "--hidden \(hidden)", .factor: "--factor \(factor)", .samples: "--samples \(samples)",
                                           .checkpoints: "--hidden \(hidden)"])
        let start = Date()
        let configuration = TrainingConfiguration(model: .mlp, hiddenWidths: widths, length: .iterations(iterations),
                                                  learningRate: learningRate, loss: Loss(kind: .squared, reduction: .mean), seed: seed)
        let checkpoints = try Trainer(configuration: configuration, trainingSet: split.train).train()
        guard case .mlp(let target) = checkpoints.last!.network else { fatalError("an mlp configuration trains an MLP") }
        let ticket = try StrongTicket(target: target, samplesPerInput: factor, seed: SeededGenerator.derivedSeed(seed, stream: 7))
        let train = ticket.evaluate(target: target, on: split.train)
        let test = split.test.map { ticket.evaluate(target: target, on: $0) }
        let seconds = Date().timeIntervalSince(start)
        let description = split.train.description
        if json {
            print(jsonReport(ticket, target: target, train: train, test: test, data: description, seconds: seconds).rendered(indent: 2))
        } else {
            print(table(ticket, target: target, train: train, test: test, data: description, seconds: seconds))
        }
    }

    private func table(_ ticket: StrongTicket, target: MLP, train: StrongTicketEvaluation, test: StrongTicketEvaluation?,
                       data: String, seconds: Double) -> String {
        let targetWidths = [target.inputCount] + target.hiddenWidths + [target.outputCount]
        var out = "Strong lottery ticket by SubsetSum (Pensia et al. 2020), \(String(format: "%.1f", seconds)) s\n"
        out += "data: \(data)\n"
        out += "target MLP widths \(targetWidths.map(String.init).joined(separator: "-")) (biases folded in by a constant input), trained \(iterations) full-batch steps, lr \(learningRate)\n"
        out += "random network (depth \(2 * ticket.pairs.count), entries uniform, never trained): widths \(ticket.randomWidths.map(String.init).joined(separator: "-")), width factor n = \(ticket.samplesPerInput)\n"
        out += "kept weights: \(ticket.keptWeightCount) of \(ticket.randomWeightCount) (density \(String(format: "%.3g", Double(ticket.keptWeightCount) / Double(ticket.randomWeightCount)))); target weights incl. biases: \(ticket.targetWeightCount)\n"
        out += "largest per-weight subset-sum error |alpha - w|: \(String(format: "%.3g", ticket.maximumWeightError))\n\n"
        out += "set     samples  sup |u_target - u_ticket|  target acc  ticket acc  agreement\n"
        func row(_ name: String, _ e: StrongTicketEvaluation) -> String {
            func pct(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "-" }
            return name.padding(toLength: 8, withPad: " ", startingAt: 0)
                + String(format: "%7d  %25.3g  ", e.sampleCount, e.supOutputError)
                + pct(e.targetAccuracy).padding(toLength: 12, withPad: " ", startingAt: 0)
                + pct(e.ticketAccuracy).padding(toLength: 12, withPad: " ", startingAt: 0)
                + pct(e.agreement) + "\n"
        }
        out += row("train", train)
        if let test { out += row("test", test) }
        return out
    }

    private func jsonReport(_ ticket: StrongTicket, target: MLP, train: StrongTicketEvaluation, test: StrongTicketEvaluation?,
                            data: String, seconds: Double) -> JSONValue {
        func evaluation(_ e: StrongTicketEvaluation) -> JSONValue {
            .object([("samples", .integer(e.sampleCount)), ("sup_output_error", .number(e.supOutputError)),
                     ("target_accuracy", .optional(e.targetAccuracy)), ("ticket_accuracy", .optional(e.ticketAccuracy)),
                     ("agreement", .optional(e.agreement))])
        }
        return .object([
            ("data", .string(data)),
            ("target_widths", .array(([target.inputCount] + target.hiddenWidths + [target.outputCount]).map { .integer($0) })),
            ("random_widths", .array(ticket.randomWidths.map { .integer($0) })),
            ("width_factor", .integer(ticket.samplesPerInput)),
            ("kept_weights", .integer(ticket.keptWeightCount)),
            ("random_weights", .integer(ticket.randomWeightCount)),
            ("target_weights", .integer(ticket.targetWeightCount)),
            ("max_weight_error", .number(ticket.maximumWeightError)),
            ("train", evaluation(train)),
            ("test", test.map(evaluation) ?? .null),
            ("seconds", .number(seconds)),
        ])
    }
}
