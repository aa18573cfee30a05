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
              lth bounds --samples 100 --width 1000000 --dim 10 --lambda0 0.05 --subnet-size 50 --epsilon 1
              lth bounds --data 'synthetic:sphere?m=500&d=10&seed=1' --width 4096 --k 100 --epsilon 0.1 --reduction mean
              lth bounds --data fashion-mnist --classes 0,1 --samples 1000 --width 10000 --json
            """)

    @Option(name: .customLong("samples"), help: "Number of training points m (with --data: the size of a seeded subset; default all).")
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

    @Option(name: .customLong("classes"), help: ArgumentHelp("Two classes a,b of the data, labelled +1 and -1.", valueName: "a,b"))
    var classes: String?

    @Option(name: .customLong("label-column"), help: "0-based label column of a CSV file (default: the last column).")
    var labelColumn: Int?

    @Option(name: .customLong("seed"), help: "Seed for the subset drawn with --samples and for synthetic data without seed=.")
    var seed: UInt64 = 0

    @Option(name: .customLong("lr"), help: "Step size eta (default: eta_max = lambda0 / (2 m^2)).")
    var learningRate: Double?

    @Option(name: .customLong("delta"), help: "Failure probability delta in (0, 1), split into four shares.")
    var delta: Double = 0.1

    @Option(name: .customLong("kappa"), help: "Initial weight scale kappa > 0: w_r(0) ~ N(0, kappa^2 I).")
    var kappa: Double = 1

    @Option(name: .customLong("y-norm2"), help: "||y||^2 (default: m, as for +-1 labels; from the data with --data).")
    var targetNorm2: Double?

    @Option(name: .customLong("k"), help: "Size k of the greedy subnetwork.")
    var k: Int?

    @Option(name: .customLong("epsilon"), help: "Loss target eps > 0 (in the --reduction convention).")
    var epsilon: Double?

    @Option(name: .customLong("diameter"), help: "A measured diameter D of the neuron features, used instead of the a priori bound.")
    var diameter: Double?

    @Option(name: .customLong("reduction"), help: "Loss reduction of eps and the greedy term: sum (1/2 ||u - y||^2) or mean (divided by m); default sum.")
    var reduction: String?

    /// k from --k or its old spelling --subnet-size (`run` refuses both).
    private var subnetworkSize: Int? { k ?? deprecatedSubnetSize }

    /// Old spellings of --k and --reduction (deprecated; see `adoptDeprecated`).
    @Option(name: .customLong("subnet-size"), help: .hidden) var deprecatedSubnetSize: Int?
    @Option(name: .customLong("loss"), help: .hidden) var deprecatedLoss: String?

    @Flag(name: .customLong("json"), help: "Print one JSON object instead of the table.")
    var json = false

    @OptionGroup var memory: MemoryOptions

    /// The largest m for which Hinf (m^2 float64 values, twice: the matrix and its factor) is built.
    static let largestGramSize = 20_000

    /// Refuses more than `largestGramSize` points: Hinf is built densely.
    static func checkGramSize(_ m: Int) throws {
        guard m <= largestGramSize else {
            throw UsageError("the data has m = \(m) points; Hinf would need \(MemoryEstimate.format(MemoryEstimate.product(m, m, 16))): pass --samples m <= \(largestGramSize) for a seeded subset")
        }
    }

    func run() throws {
        _ = try adoptDeprecated(k, "--k", old: deprecatedSubnetSize, "--subnet-size")  // the notice; `subnetworkSize` reads either
        let loss = try adoptDeprecated(reduction, "--reduction", old: deprecatedLoss, "--loss") ?? "sum"
        guard let convention = LossConvention(rawValue: loss) else {
            throw UsageError("invalid value '\(loss)' for --reduction: expected sum or mean")
        }
        let request: BoundsReport.Request
        if let data {
            request = try requestFromData(source: data, convention: convention)
        } else {
            request = try requestFromParameters(convention: convention)
        }
        let report = try BoundsReport(request)
        print(json ? report.json.rendered(indent: 2) : report.table)
    }

    private func requestFromParameters(convention: LossConvention) throws -> BoundsReport.Request {
        guard let samples else { throw UsageError("missing --samples: give m (an integer >= 1), or --data") }
        guard let dimension else { throw UsageError("missing --dim: give d (an integer >= 1), or --data") }
        guard let lambda0 else { throw UsageError("missing --lambda0: give a lower bound on lambda_min(Hinf) in (0, 1/2], or --data to compute it") }
        for (flag, given) in [("--classes", classes != nil), ("--label-column", labelColumn != nil)] where given {
            throw UsageError("\(flag) needs --data")
        }
        let parameters = try NetworkParameters(samples: samples, width: width, dimension: dimension, lambda0: lambda0,
                                               learningRate: learningRate, delta: delta, kappa: kappa, targetNorm2: targetNorm2)
        return BoundsReport.Request(parameters: parameters, lambda0Source: .given, subnetworkSize: subnetworkSize,
                                    epsilon: epsilon, lossConvention: convention, measuredDiameter: diameter)
    }

    private func requestFromData(source: String, convention: LossConvention) throws -> BoundsReport.Request {
        if lambda0 != nil { throw UsageError("--lambda0 and --data exclude each other: lambda0 is computed from the data") }
        if dimension != nil { throw UsageError("--dim and --data exclude each other: d comes from the data") }
        if targetNorm2 != nil { throw UsageError("--y-norm2 and --data exclude each other: ||y||^2 comes from the data") }
        // Check the scalar parameters before the (possibly long) computation of lambda0.
        _ = try NetworkParameters(samples: max(1, samples ?? 1), width: width, dimension: 1, lambda0: 0.5,
                                  learningRate: learningRate, delta: delta, kappa: kappa)
        if let samples, samples < 1 {
            throw UsageError("invalid value \(samples) for --samples: expected an integer m >= 1")
        }
        var sourceText = source
        if let labelColumn {
            guard case .csv = try DataSource.parse(source) else { throw UsageError("--label-column applies to CSV data only") }
            sourceText += "?label=\(labelColumn)"
        }
        var classList: [Int]? = nil
        if let classes {
            let list = classes.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard list.count == 2, let a = list[0], let b = list[1], a != b else {
                throw UsageError("invalid value '\(classes)' for --classes: expected two different class labels a,b (labelled +1 and -1)")
            }
            classList = [a, b]
        }
        let recipe = DataRecipe(source: sourceText, classes: classList, samples: samples, seed: seed, unitNorm: true)
        // Sizes are checked before the data is generated or read.
        try memory.check(MemoryEstimate.dataSource(sourceText), flags: [.data: "--data \(source)"])
        if case .syntheticSphere(let spec) = try DataSource.parse(sourceText) { try Self.checkGramSize(samples ?? spec.sampleCount) }
        let dataset = try recipe.load().train
        try Self.checkGramSize(dataset.sampleCount)
        try memory.check(MemoryEstimate.gram(samples: dataset.sampleCount, dimension: dataset.dimension),
                         flags: [.samples: "--samples \(dataset.sampleCount)"])
        let m = dataset.sampleCount, d = dataset.dimension
        let points = Matrix(rows: m, columns: d, storage: dataset.x.storage.map(Double.init))
        // ||y||^2 of the scalar labels the theory is stated for: the +-1 targets of a two-class
        // subset (or of the synthetic teacher), the CSV's values, and otherwise (multi-class data
        // without --classes) the raw class indices.
        let rawClassIndices = dataset.outputCount > 1
        let y2: Double
        if rawClassIndices, let labels = dataset.classLabels {
            y2 = labels.reduce(0.0) { $0 + Double($1 * $1) }
        } else {
            y2 = dataset.targetNorm2
        }
        let certificate = try Lambda0Certificate.compute(points: points)
        guard certificate.certifiedLowerBound > 0 else {
            throw BoundsError.singularGram(reason: "the certified lower bound on lambda0 is \(certificate.certifiedLowerBound) <= 0 (estimate \(certificate.estimate)): Hinf is numerically singular")
        }
        let lower = min(certificate.certifiedLowerBound, 0.5)
        let sigma = try APrioriDiameter.largestSingularValue(points: points.storage, rows: m, columns: d)
        let parameters = try NetworkParameters(samples: m, width: width, dimension: d, lambda0: lower,
                                               learningRate: learningRate, delta: delta, kappa: kappa, targetNorm2: y2)
        var description = dataset.description
        if !description.contains("unit norm") { description += "; inputs at unit norm (||x_i|| = 1, as the theory assumes)" }
        if rawClassIndices { description += "; labels as raw class indices (use --classes a,b for +-1 labels)" }
        return BoundsReport.Request(parameters: parameters,
                                    lambda0Source: .data(estimate: certificate.estimate, certifiedLower: lower),
                                    subnetworkSize: subnetworkSize, epsilon: epsilon, lossConvention: convention,
                                    largestSingularValue: sigma, measuredDiameter: diameter, dataDescription: description)
    }
}
