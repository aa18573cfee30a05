import ArgumentParser
import Bounds
import Engine
import Foundation
import LinearAlgebra

/// `lth bounds`: the analytic side. `lth bounds [theorems] ...` (the default) evaluates
/// Theorems A-C; `lth bounds strong ...` the SubsetSum width bounds of strong tickets.
struct BoundsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bounds",
        abstract: "Evaluate the theorems' bounds: Theorems A-C (default) or the strong-ticket widths.",
        discussion: "'lth bounds OPTIONS' runs 'lth bounds theorems OPTIONS'; 'lth bounds theorems --help' lists its options, 'lth bounds strong --help' those of the strong-ticket widths.",
        subcommands: [BoundsTheoremsCommand.self, BoundsStrongCommand.self],
        defaultSubcommand: BoundsTheoremsCommand.self)
}

/// `lth bounds [theorems]`: every quantity of Theorems A-C from network parameters or from data.
struct BoundsTheoremsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theorems",
        abstract: "Compute every quantity of Theorems A-C from network parameters or from data.",
        discussion: """
            Either give the data set's size and lambda0 (--samples, --dim, --lambda0), or give \
            the data (--data): then m, d and ||y||^2 come from it, the inputs are scaled to unit \
            norm, and lambda0 is computed from the infinite-width Gram matrix Hinf with a certified \
            lower bound, which is what the theorems use. Losses are sums 1/2||u - y||^2 unless \
            --reduction mean. Quantities that the theorems do not imply are printed as 'none' (null \
            in JSON) with a note saying why.

            Examples:
              lth bounds --samples 100 --width 1000000 --dim 10 --lambda0 0.05 \\
                --k 50 --epsilon 1
              lth bounds --data 'synthetic:sphere?m=500&d=10&seed=1' --width 4096 \\
                --k 100 --epsilon 0.1 --reduction mean
              lth bounds --data fashion-mnist --classes 0,1 --samples 1000 \\
                --width 10000 --json
            """)

    @Option(name: .customLong("samples"), help: "Number of training points m: here with --data the size of a seeded subset (all points without --samples).")
    var samples: Int?

    @Option(name: .customLong("width"), help: "Hidden width N of the dense network.")
    var width: Int

    @Option(name: .customLong("dim"), help: "Input dimension d (from the data with --data).")
    var dimension: Int?

    @Option(name: .customLong("lambda0"), help: "A lower bound on lambda_min(Hinf), in (0, 1/2]. Exclusive with --data.")
    var lambda0: Double?

    @Option(name: .customLong("data"), help: ArgumentHelp(
        "Data: an MNIST-layout IDX directory, 'fashion-mnist', a CSV file, or synthetic:sphere?m=M&d=D&seed=S.",
        valueName: "SRC"))
    var data: String?

    @Option(name: .customLong("classes"), help: ArgumentHelp("Two classes a,b of the data to keep, labelled +1 and -1 (otherwise every class, each point with its own label: the class index of IDX data) (default: all)", valueName: "a,b"))
    var classes: String?

    @Option(name: .customLong("label-column"), help: "0-based label column of a CSV file (default: the last column).")
    var labelColumn: Int?

    @Option(name: .customLong("seed"), help: "Seed of the command's random draws: here the subset drawn with --samples and synthetic data without seed=.")
    var seed: UInt64 = 0

    @Option(name: .customLong("lr"), help: "Step size eta (default: eta_max = lambda0 / (2 m^2)).")
    var learningRate: Double?

    @Option(name: .customLong("delta"), help: "Failure probability delta in (0, 1): here split into four shares.")
    var delta: Double = 0.1

    @Option(name: .customLong("kappa"), help: "Initial weight scale kappa > 0: w_r(0) ~ N(0, kappa^2 I).")
    var kappa: Double = 1

    @Option(name: .customLong("y-norm2"), help: "||y||^2 (default: m, as for +-1 labels; from the data with --data).")
    var targetNorm2: Double?

    @Option(name: .customLong("k"), help: "Size k of the greedy subnetwork.")
    var k: Int?

    @Option(name: .customLong("epsilon"), help: "Accuracy target eps: here the loss target eps > 0 (in the --reduction convention).")
    var epsilon: Double?

    @Option(name: .customLong("diameter"), help: "A measured diameter D of the neuron features, used instead of the a priori bound.")
    var diameter: Double?

    @Option(name: .customLong("reduction"), help: "Loss reduction, sum (1/2 ||u - y||^2) or mean (divided by m): here of eps and the greedy term (default: sum)")
    var reduction: String?

    /// k from --k or its old spelling --subnet-size (`run` refuses both).
    private var subnetworkSize: Int? { k ?? deprecatedSubnetSize }

    /// Old spellings of --k and --reduction (deprecated; see `adoptDeprecated`).
    @Option(name: .customLong("subnet-size"), help: .hidden) var deprecatedSubnetSize: Int?
    @Option(name: .customLong("loss"), help: .hidden) var deprecatedLoss: String?

    @Flag(name: .customLong("json"), help: "Print one JSON object instead of the table.")
    var json = false

    @OptionGroup var memory: MemoryOptions

    /// The loss reduction from --reduction or its old spelling --loss (`validate` refuses both).
    private var reductionText: String? { reduction ?? deprecatedLoss }

    /// Option-level checks, before anything is read: exclusive and missing options, the two
    /// classes, the reduction.
    func validate() throws {
        if let reductionText, LossConvention(rawValue: reductionText) == nil {
            throw UsageError("invalid value '\(reductionText)' for \(typedSpelling("--reduction", old: "--loss", given: reduction == nil)): expected sum or mean")
        }
        if data != nil {
            if lambda0 != nil { throw UsageError("--lambda0 and --data exclude each other: lambda0 is computed from the data") }
            if dimension != nil { throw UsageError("--dim and --data exclude each other: d comes from the data") }
            if targetNorm2 != nil { throw UsageError("--y-norm2 and --data exclude each other: ||y||^2 comes from the data") }
            if labelColumn != nil, let data, let source = try? DataSource.parse(data) {
                guard case .csv = source else { throw UsageError("--label-column applies to CSV data only") }
            }
            if let classes, Self.twoClasses(classes) == nil {
                throw UsageError("invalid value '\(classes)' for --classes: expected two different class labels a,b (labelled +1 and -1)")
            }
        } else {
            if samples == nil { throw UsageError("missing --samples: give m (an integer >= 1), or --data") }
            if dimension == nil { throw UsageError("missing --dim: give d (an integer >= 1), or --data") }
            if lambda0 == nil { throw UsageError("missing --lambda0: give a lower bound on lambda_min(Hinf) in (0, 1/2], or --data to compute it") }
            for (flag, given) in [("--classes", classes != nil), ("--label-column", labelColumn != nil)] where given {
                throw UsageError("\(flag) needs --data")
            }
        }
    }

    /// The two classes a,b of --classes; nil unless two different integers.
    static func twoClasses(_ text: String) -> [Int]? {
        guard let list = try? CommaList.integers(text, flag: "--classes"), list.count == 2, list[0] != list[1] else { return nil }
        return list
    }

    func run() throws {
        _ = try adoptDeprecated(k, "--k", old: deprecatedSubnetSize, "--subnet-size")  // the notice; `subnetworkSize` reads either
        let convention = LossConvention(rawValue: try adoptDeprecated(reduction, "--reduction", old: deprecatedLoss, "--loss") ?? "sum")!
        let spellings = deprecatedSubnetSize != nil ? ["--k": "--subnet-size"] : [:]
        let request: BoundsReport.Request = try withTypedSpellings(spellings) {
            if let data {
                return try requestFromData(source: data, convention: convention)
            }
            let parameters = try NetworkParameters(samples: samples!, width: width, dimension: dimension!, lambda0: lambda0!,
                                                   learningRate: learningRate, delta: delta, kappa: kappa, targetNorm2: targetNorm2)
            return BoundsReport.Request(parameters: parameters, lambda0Source: .given, subnetworkSize: subnetworkSize,
                                        epsilon: epsilon, lossConvention: convention, measuredDiameter: diameter)
        }
        let report = try withTypedSpellings(spellings) { try BoundsReport(request) }
        print(json ? report.json.rendered(indent: 2) : report.table)
    }

    /// `BoundsReport.Request(data:...)` for --data, its label column (of a CSV file, checked by
    /// `validate`) and two classes.
    private func requestFromData(source: String, convention: LossConvention) throws -> BoundsReport.Request {
        let sourceText = labelColumn.map { source + "?label=\($0)" } ?? source
        let recipe = DataRecipe(source: sourceText, classes: classes.flatMap(Self.twoClasses), samples: samples, seed: seed, unitNorm: true)
        return try BoundsReport.Request(
            data: recipe, width: width, learningRate: learningRate, delta: delta, kappa: kappa, subnetworkSize: subnetworkSize,
            epsilon: epsilon, lossConvention: convention, measuredDiameter: diameter, twoClassAdvice: "use --classes a,b for +-1 labels") { estimate in
            try memory.check(estimate, flags: [.data: "--data \(source)", .samples: samples.map { "--samples \($0)" } ?? "--data \(source)"])
        }
    }
}
