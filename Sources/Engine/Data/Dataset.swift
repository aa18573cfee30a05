import LinearAlgebra

/// A supervised data set held in memory: inputs `x` (m x d, one sample per row, float32)
/// and labels.
///
/// Labels are kept as class indices when the source has classes (`classLabels`), and as
/// real-valued targets `targets` (m x C) ready for a squared loss: for a two-class subset
/// chosen with `--classes a,b` the targets are +1 for `a` and -1 for `b` (C = 1); for raw
/// regression data they are the values themselves. `description` says where the data came
/// from and every transformation applied (subset, class filter, unit-norm scaling), so
/// that every report can state it.
public struct Dataset: Sendable {
    /// Inputs, m x d, row i is x_i.
    public var x: Matrix<Float>
    /// Regression targets, m x C (C = 1 for scalar labels).
    public var targets: Matrix<Float>
    /// Class index of each sample, when the data has classes (`nil` for regression data).
    public var classLabels: [Int]?
    /// Number of classes C for classification data (`nil` for regression data).
    public var classCount: Int?
    /// Human-readable provenance: source and transformations, e.g.
    /// "Fashion-MNIST train (/usr/share/datasets/fashion-mnist), classes 0,1 as +1/-1, 1000 samples (seed 0), unit-norm rows".
    public var description: String
    /// Whether every row of `x` was scaled to unit Euclidean norm.
    public var isUnitNorm: Bool

    public init(x: Matrix<Float>, targets: Matrix<Float>, classLabels: [Int]?, classCount: Int?,
                description: String, isUnitNorm: Bool) {
        precondition(x.rows == targets.rows, "inputs and targets must have the same number of rows")
        self.x = x
        self.targets = targets
        self.classLabels = classLabels
        self.classCount = classCount
        self.description = description
        self.isUnitNorm = isUnitNorm
    }

    /// Number of samples m.
    public var sampleCount: Int { x.rows }
    /// Input dimension d.
    public var dimension: Int { x.columns }
    /// Number of output columns of `targets` (C = 1 for scalar labels).
    public var outputCount: Int { targets.columns }

    /// ||y||^2, the squared Frobenius norm of the targets, accumulated in float64.
    public var targetNorm2: Double {
        targets.storage.reduce(0.0) { $0 + Double($1) * Double($1) }
    }
}
