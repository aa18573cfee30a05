import ArgumentParser
import Bounds
import Engine
import Foundation

/// `lth bounds strong`: the width factors of the strong lottery ticket for a target
/// architecture (THEORY.md section 5, `Proofs/SubsetSumWidth.tex`).
struct BoundsStrongCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strong",
        abstract: "Width factors of the strong lottery ticket: Pensia et al. (logarithmic) beside Malach et al. (polynomial).",
        discussion: """
            For a target with widths d_0,...,d_l, prints per layer pair i the Pensia et al. factor \
            C log(d_{i-1} d_i l / min(eps, delta)) (natural log) and the hidden width n_i d_{i-1} of \
            the random pair, and Malach et al.'s factor d^4 l^2 (d = the largest width; the order \
            only, constant 1, without its eps and delta terms). C is either given (--constant) or \
            measured here by Monte Carlo (--measure, as lth subsetsum measure). With a measured or \
            guessed C the Pensia factor is an ESTIMATE: the theorem's constant is not Lueker's C.

            Examples:
              lth bounds strong --widths 784,300,100,10 --epsilon 0.01 --delta 0.05 --constant 2.5
              lth bounds strong --widths 784,300,100,10 --epsilon 0.01 --delta 0.05 --measure --json
            """)

    @Option(name: .customLong("widths"), help: ArgumentHelp("Target widths d_0,...,d_l (input first).", valueName: "d0,d1,..."))
    var widths: String

    @Option(name: .customLong("epsilon"), help: "Approximation error eps in (0, 1).")
    var epsilon: Double

    @Option(name: .customLong("delta"), help: "Failure probability delta in (0, 1).")
    var delta: Double = 0.05

    @Option(name: .customLong("constant"), help: "SubsetSum constant C > 0 (per natural log).")
    var constant: Double?

    @Flag(name: .customLong("measure"), help: "Measure C by Monte Carlo (see lth subsetsum measure).")
    var measure = false

    @Option(name: .customLong("trials"), help: "Monte Carlo trials with --measure.")
    var trials: Int = 1000

    @Option(name: .customLong("seed"), help: "Seed of the Monte Carlo with --measure.")
    var seed: UInt64 = 0

    @Flag(name: .customLong("json"), help: "Print one JSON object instead of the table.")
    var json = false

    @OptionGroup var memory: MemoryOptions

    func run() throws {
        let ds = try parseList(widths, flag: "--widths", expected: "at least two positive integers d_0,...,d_l separated by commas") {
            Int($0).flatMap { $0 > 0 ? $0 : nil }
        }
        guard ds.count >= 2 else {
            throw UsageError("invalid value '\(widths)' for --widths: expected at least two positive integers d_0,...,d_l separated by commas")
        }
        guard epsilon.isFinite, epsilon > 0, epsilon < 1 else { throw UsageError("invalid value \(epsilon) for --epsilon: expected a number in (0, 1)") }
        guard delta.isFinite, delta > 0, delta < 1 else { throw UsageError("invalid value \(delta) for --delta: expected a number in (0, 1)") }
        let c: Double
        var interval: ClosedRange<Double>? = nil
        let source: String
        switch (constant, measure) {
        case (.some, true):
            throw UsageError("--constant and --measure exclude each other: give C or measure it")
        case (nil, false):
            throw UsageError("missing --constant or --measure: give the SubsetSum constant C > 0, or --measure to estimate it")
        case (.some(let given), false):
            c = given
            source = "given"
        case (nil, true):
            let experiment = try LuekerExperiment(trials: trials, seed: seed)
            try memory.check(MemoryEstimate.subsetSumMeasurement(epsilons: experiment.epsilons.count, trials: trials,
                                                                 maximumCount: experiment.maximumCount, resamples: experiment.bootstrapResamples),
                             flags: [.trials: "--trials \(trials)", .maximumCount: "--measure", .resamples: "--measure"])
            let m = try experiment.run()
            c = m.fit.naturalLogConstant
            interval = m.naturalLogConstantInterval
            source = "measured (Lueker's constant, \(trials) trials, seed \(seed))"
        }
        let pensia = try SubsetSumWidth.pensiaWidthFactorEstimates(widths: ds, epsilon: epsilon, delta: delta, measuredLuekerConstant: c)
        let pensiaLow = try interval.map { try SubsetSumWidth.pensiaWidthFactorEstimates(widths: ds, epsilon: epsilon, delta: delta, measuredLuekerConstant: $0.lowerBound) }
        let pensiaHigh = try interval.map { try SubsetSumWidth.pensiaWidthFactorEstimates(widths: ds, epsilon: epsilon, delta: delta, measuredLuekerConstant: $0.upperBound) }
        let malach = try SubsetSumWidth.malachWidthFactor(widths: ds)
        if json {
            var rows: [JSONValue] = []
            for i in 1..<ds.count {
                var fields: [(String, JSONValue)] = [
                    ("pair", .integer(i)), ("d_in", .integer(ds[i - 1])), ("d_out", .integer(ds[i])),
                    ("pensia_factor_estimate", .number(pensia[i - 1])),
                    ("pensia_hidden_width_estimate", .number(SubsetSumWidth.pensiaHiddenWidth(factor: pensia[i - 1], inputWidth: ds[i - 1]))),
                ]
                if let pensiaLow, let pensiaHigh {
                    fields.append(("pensia_factor_interval", .array([.number(pensiaLow[i - 1]), .number(pensiaHigh[i - 1])])))
                }
                fields.append(("malach_factor_order", .number(malach)))
                rows.append(.object(fields))
            }
            let out: JSONValue = .object([
                ("widths", .array(ds.map { .integer($0) })), ("epsilon", .number(epsilon)), ("delta", .number(delta)),
                ("constant", .number(c)), ("constant_source", .string(source)),
                ("constant_interval", interval.map { .array([.number($0.lowerBound), .number($0.upperBound)]) } ?? .null),
                ("pairs", .array(rows)),
                ("notes", .array([
                    .string("Pensia factor = C log(d_{i-1} d_i l / min(eps, delta)), natural log: an ESTIMATE with the given or measured C, not a certified width (the theorem's constant is at most 3 C_w, not Lueker's C)"),
                    .string("Malach factor = d^4 l^2 with d = max width: the order only, constant 1, without its eps and delta terms (not recoverable from the sources); not a certified width"),
                ])),
            ])
            print(out.rendered(indent: 2))
        } else {
            var text = "Strong lottery ticket width factors for target widths \(ds.map(String.init).joined(separator: ",")) (depth l = \(ds.count - 1)), eps = \(epsilon), delta = \(delta)\n"
            text += "SubsetSum constant C = \(String(format: "%.4f", c)) per natural log (\(source))"
            if let interval { text += String(format: ", 95%% interval [%.4f, %.4f]", interval.lowerBound, interval.upperBound) }
            text += "\n\npair  d_in -> d_out   Pensia factor (estimate)   hidden width n_i d_in   Malach factor (order)\n"
            for i in 1..<ds.count {
                var f = String(format: "%.2f", pensia[i - 1])
                if let pensiaLow, let pensiaHigh { f += String(format: " [%.2f, %.2f]", pensiaLow[i - 1], pensiaHigh[i - 1]) }
                text += String(format: "%4d  %5d -> %-5d  ", i, ds[i - 1], ds[i]) + f.padding(toLength: 27, withPad: " ", startingAt: 0)
                    + JSONValue.number(SubsetSumWidth.pensiaHiddenWidth(factor: pensia[i - 1], inputWidth: ds[i - 1])).rendered()
                        .padding(toLength: 24, withPad: " ", startingAt: 0)
                    + String(format: "%.3g", malach) + "\n"
            }
            text += "\nPensia factor = C log(d_{i-1} d_i l / min(eps, delta)): an ESTIMATE with this C, not a certified width (the theorem's constant is at most 3 C_w, not Lueker's C).\n"
            text += "Malach factor = d^4 l^2, d = max width: the order of Malach et al.'s polynomial with constant 1, without its eps and delta terms; not a certified width."
            print(text)
        }
    }
}
