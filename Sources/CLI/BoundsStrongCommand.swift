import ArgumentParser
import Checker
import Engine

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
              lth bounds strong --widths 784,300,100,10 --epsilon 0.01 \\
                --delta 0.05 --constant 2.5
              lth bounds strong --widths 784,300,100,10 --epsilon 0.01 \\
                --delta 0.05 --measure --json
            """)

    @Option(name: .customLong("widths"), help: ArgumentHelp("Target widths d_0,...,d_l (input first).", valueName: "d0,d1,..."))
    var widths: String

    @Option(name: .customLong("epsilon"), help: "Approximation error eps in (0, 1).")
    var epsilon: Double

    @Option(name: .customLong("delta"), help: "Failure probability delta in (0, 1).")
    var delta: Double = 0.1

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

    /// d_0, ..., d_l from --widths.
    private func targetWidths() throws -> [Int] {
        let ds = try CommaList.parse(widths, flag: "--widths", expected: "at least two positive integers d_0,...,d_l separated by commas") {
            Int($0).flatMap { $0 > 0 ? $0 : nil }
        }
        guard ds.count >= 2 else {
            throw UsageError("invalid value '\(widths)' for --widths: expected at least two positive integers d_0,...,d_l separated by commas")
        }
        return ds
    }

    /// Option-level checks: the widths, eps and delta in (0, 1), one source of C.
    func validate() throws {
        _ = try targetWidths()
        guard epsilon.isFinite, epsilon > 0, epsilon < 1 else { throw UsageError("invalid value \(epsilon) for --epsilon: expected a number in (0, 1)") }
        guard delta.isFinite, delta > 0, delta < 1 else { throw UsageError("invalid value \(delta) for --delta: expected a number in (0, 1)") }
        switch (constant, measure) {
        case (.some, true): throw UsageError("--constant and --measure exclude each other: give C or measure it")
        case (nil, false): throw UsageError("missing --constant or --measure: give the SubsetSum constant C > 0, or --measure to estimate it")
        default: break
        }
    }

    func run() throws {
        let source: StrongTicketWidths.Constant = constant.map { .given($0) } ?? .measured(trials: trials, seed: seed)
        let factors = try StrongTicketWidths(widths: try targetWidths(), epsilon: epsilon, delta: delta, constant: source) { estimate, _ in
            try memory.check(estimate, flags: [.trials: "--trials \(trials)", .maximumCount: "--measure", .resamples: "--measure"])
        }
        print(json ? factors.summaryJSON.rendered(indent: 2) : factors.summaryTable)
    }
}
