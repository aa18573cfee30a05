/// The memory a command will allocate, estimated before anything is allocated, as a sum of
/// terms, each tied to the size parameter that drives it (so that a refusal can name the flag).
///
/// Every product and sum saturates at `Int.max` (checked with `multipliedReportingOverflow`
/// and `addingReportingOverflow`): an absurd size gives `Int.max` bytes, never a trap. The
/// terms count the large arrays of each stage (float32 = 4 bytes, float64 and Int = 8
/// bytes) with the number of copies the code keeps; small objects are left out, so the
/// estimate is close to, and not above, the peak resident memory of a run. The formulas are
/// stated on each factory function (`training`, `greedySelection`, `dataSource`, ... in
/// `MemoryEstimate+Commands.swift`).
public struct MemoryEstimate: Sendable, Equatable, CustomStringConvertible {
    /// The size parameters that allocate.
    public enum Parameter: String, Sendable, CaseIterable {
        case data, samples, testSamples, width, batch, steps, checkpoints, levels, rewindPoints, seeds, copies, points,
             densities, subnetworkSize, trials, epsilons, maximumCount, resamples, factor, iterations
    }

    /// One term: `bytes` allocated for `what`, the product of `parameters` (and constants).
    public struct Term: Sendable, Equatable {
        public var what: String
        public var parameters: [Parameter]
        public var bytes: Int
    }

    public private(set) var terms: [Term] = []

    public init() {}

    /// Adds a term growing with the product of `parameters` (negative byte counts count as 0).
    public mutating func add(_ what: String, _ parameters: Parameter..., bytes: Int) {
        terms.append(Term(what: what, parameters: parameters, bytes: max(0, bytes)))
    }

    /// Adds every term of `other`.
    public mutating func add(_ other: MemoryEstimate) {
        terms += other.terms
    }

    /// The total, saturating at `Int.max`.
    public var bytes: Int { MemoryEstimate.sum(terms.map(\.bytes)) }

    /// The largest term (the one a refusal names).
    public var dominant: Term? { terms.max { $0.bytes < $1.bytes } }

    /// The total bytes of the terms of `parameter`.
    public func bytes(of parameter: Parameter) -> Int {
        MemoryEstimate.sum(terms.filter { $0.parameters.contains(parameter) }.map(\.bytes))
    }

    public var description: String {
        terms.map { "\($0.what): \(MemoryEstimate.format($0.bytes))" }.joined(separator: ", ")
    }

    /// The product of `factors` (negative factors count as 0), `Int.max` on overflow.
    public static func product(_ factors: Int...) -> Int { product(factors) }

    /// The product of `factors` (negative factors count as 0), `Int.max` on overflow.
    public static func product(_ factors: [Int]) -> Int {
        var result = 1
        for f in factors {
            let (value, overflow) = result.multipliedReportingOverflow(by: max(0, f))
            if overflow { return factors.contains { $0 <= 0 } ? 0 : Int.max }
            result = value
        }
        return result
    }

    /// The sum of `terms` (negative terms count as 0), `Int.max` on overflow.
    public static func sum(_ terms: [Int]) -> Int {
        var result = 0
        for t in terms {
            let (value, overflow) = result.addingReportingOverflow(max(0, t))
            if overflow { return Int.max }
            result = value
        }
        return result
    }

    /// `bytes` in binary units with three significant digits: "512 B", "1.50 KiB", "18.0 GiB",
    /// and "more than 8 EiB" for `Int.max` (a saturated estimate).
    public static func format(_ bytes: Int) -> String {
        if bytes == Int.max { return "more than 8 EiB" }
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes), unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        if unit == 0 { return "\(bytes) B" }
        let digits = value >= 100 ? 0 : value >= 10 ? 1 : 2
        return String(format: "%.\(digits)f %@", value, units[unit])
    }
}
