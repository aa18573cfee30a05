import Engine

/// Why the theorems' inputs cannot be measured from a data set (`BoundsReport.Request(data:...)`).
/// Errors name the quantity, never a command-line flag: the command line names its flag.
public enum DataBoundsError: Error, Equatable, CustomStringConvertible, Sendable {
    /// m points are more than the `largest` for which Hinf (m x m float64, built densely) is
    /// formed; `neededBytes` is what Hinf and its factor would take.
    case gramTooLarge(samples: Int, neededBytes: Int, largest: Int)

    public var description: String {
        switch self {
        case let .gramTooLarge(samples, neededBytes, largest):
            return "the data has m = \(samples) points; Hinf would need \(MemoryEstimate.format(neededBytes)): take a seeded subset of m <= \(largest) points"
        }
    }
}
