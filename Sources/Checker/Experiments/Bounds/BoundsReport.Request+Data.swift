import Bounds
import Engine
import LinearAlgebra

extension BoundsReport.Request {
    /// The largest m for which Hinf (m^2 float64 values, twice: the matrix and its factor) is built.
    public static let largestDataSize = 20_000

    /// The request of Theorems A-C for a data set (`lth bounds --data`): m, d and ||y||^2 come
    /// from the data, the points at unit norm (||x_i|| = 1, as the theory assumes), and the
    /// theorems' data inputs from ``TheoremInputs`` (the same measurement as every cell of
    /// `lth check`): lambda0 is min(certified lower bound on lambda_min(Hinf), 1/2), with the
    /// estimate lambda-hat beside it, and sigma_max(X) enters the a priori diameter.
    ///
    /// ||y||^2 is that of the scalar labels the theory is stated for: the +-1 targets of a
    /// two-class subset (or of the synthetic teacher), a CSV's values, and otherwise (multi-class
    /// data without two classes) the raw class indices sum_i c_i^2, said in the description with `twoClassAdvice`.
    ///
    /// Order (nothing large is allocated before it is checked): the scalar parameters; m >= 1;
    /// `checkMemory` on the data's loading estimate; m <= `largestDataSize` for synthetic data;
    /// the data; m <= `largestDataSize`; `checkMemory` on the Gram estimate; the measurement.
    /// - Parameters:
    ///   - recipe: the data (`unitNorm` is the theory's: pass `true`); `recipe.samples` is m of a seeded subset.
    ///   - twoClassAdvice: how the caller picks two classes, said where the labels are raw class
    ///     indices (the command line names its flag).
    ///   - checkMemory: refuses an estimate above the memory limit (called before each allocation).
    /// - Throws: `BoundsError.invalidParameter` (naming `.samples`, `.width`, `.learningRate`, ...),
    ///   `DataBoundsError.gramTooLarge`, the data's `DataError`, `BoundsError.singularGram` when the
    ///   certified lower bound is not positive, and what `checkMemory` throws.
    public init(data recipe: DataRecipe, width: Int, learningRate: Double?, delta: Double, kappa: Double,
                subnetworkSize: Int?, epsilon: Double?, lossConvention: LossConvention, measuredDiameter: Double?,
                twoClassAdvice: String, checkMemory: (MemoryEstimate) throws -> Void) throws {
        // The scalar parameters before the (possibly long) computation of lambda0.
        _ = try NetworkParameters(samples: max(1, recipe.samples ?? 1), width: width, dimension: 1, lambda0: 0.5,
                                  learningRate: learningRate, delta: delta, kappa: kappa)
        if let samples = recipe.samples, samples < 1 {
            throw BoundsError.invalidParameter(.samples, value: "\(samples)", allowed: "an integer m >= 1")
        }
        try checkMemory(MemoryEstimate.dataSource(recipe.source))
        if case .syntheticSphere(let spec) = try DataSource.parse(recipe.source) {
            try Self.checkGramSize(recipe.samples ?? spec.sampleCount)
        }
        let dataset = try recipe.load().train
        try Self.checkGramSize(dataset.sampleCount)
        try checkMemory(MemoryEstimate.gram(samples: dataset.sampleCount, dimension: dataset.dimension))
        let m = dataset.sampleCount, d = dataset.dimension
        let points = Matrix(rows: m, columns: d, storage: dataset.x.storage.map(Double.init))
        let rawClassIndices = dataset.outputCount > 1
        let y2: Double
        if rawClassIndices, let labels = dataset.classLabels {
            y2 = labels.reduce(0.0) { $0 + Double($1 * $1) }
        } else {
            y2 = dataset.targetNorm2
        }
        let inputs = try TheoremInputs(points: points)
        let certificate = inputs.lambda0
        guard certificate.certifiedLowerBound > 0 else {
            throw BoundsError.singularGram(reason: "the certified lower bound on lambda0 is \(certificate.certifiedLowerBound) <= 0 (estimate \(certificate.estimate)): Hinf is numerically singular")
        }
        let lower = min(certificate.certifiedLowerBound, 0.5)
        let parameters = try NetworkParameters(samples: m, width: width, dimension: d, lambda0: lower,
                                               learningRate: learningRate, delta: delta, kappa: kappa, targetNorm2: y2)
        var description = dataset.description
        if !description.contains("unit norm") { description += "; inputs at unit norm (||x_i|| = 1, as the theory assumes)" }
        if rawClassIndices { description += "; labels as raw class indices (\(twoClassAdvice))" }
        self.init(parameters: parameters, lambda0Source: .data(estimate: certificate.estimate, certifiedLower: lower),
                  subnetworkSize: subnetworkSize, epsilon: epsilon, lossConvention: lossConvention,
                  largestSingularValue: inputs.largestSingularValue, measuredDiameter: measuredDiameter, dataDescription: description)
    }

    /// Refuses more than `largestDataSize` points: Hinf is built densely.
    static func checkGramSize(_ m: Int) throws {
        guard m <= largestDataSize else {
            throw DataBoundsError.gramTooLarge(samples: m, neededBytes: MemoryEstimate.product(m, m, 16), largest: largestDataSize)
        }
    }
}
