/// Mean and spread of one quantity over seeds: count n, mean, sample standard deviation
/// sqrt(sum (x - mean)^2 / (n - 1)) (nil for n < 2), minimum and maximum.
public struct SampleSummary: Sendable, Equatable, Codable {
    public let count: Int
    public let mean: Double
    /// Sample standard deviation (divisor n - 1); nil when n < 2.
    public let standardDeviation: Double?
    public let minimum: Double
    public let maximum: Double

    /// nil for an empty sample. Two-pass sums; the standard deviation of equal values is exactly 0.
    public init?(_ values: [Double]) {
        guard let first = values.first else { return nil }
        count = values.count
        let minimum = values.reduce(first) { Swift.min($0, $1) }
        let maximum = values.reduce(first) { Swift.max($0, $1) }
        let mean = minimum == maximum ? first : values.reduce(0, +) / Double(values.count)
        self.minimum = minimum
        self.maximum = maximum
        self.mean = mean
        if values.count >= 2, minimum == maximum {
            standardDeviation = 0
        } else if values.count >= 2 {
            let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            standardDeviation = (squares / Double(values.count - 1)).squareRoot()
        } else {
            standardDeviation = nil
        }
    }
}
