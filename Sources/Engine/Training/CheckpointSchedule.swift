import Foundation

/// The iterations at which a run measures the network and saves a checkpoint.
///
/// Accepted forms (steps are iteration counts; `3ep`-style entries are converted with the
/// run's iterations per epoch):
/// - `0,100,500` : an explicit list.
/// - `100,200,...`: an arithmetic continuation of the first two entries up to the last step.
/// - `every:100`  : every 100 iterations.
/// - `geom:1,2,...`: a geometric continuation (ratio = second / first > 1) up to the last step.
/// - `geometric:16` (or `geom:16`): 16 log-spaced points between 1 and the last step T,
///   round(T^(j/15)) for j = 0..15, duplicates removed (so possibly fewer than 16).
/// Step 0 (the initialization) and the last step T are always included; steps beyond T are
/// dropped; the result is sorted without duplicates.
public enum CheckpointSchedule: Sendable, Equatable, Codable, CustomStringConvertible {
    case list([TrainingLength])
    case arithmetic(first: Int, stride: Int)
    case every(Int)
    case geometricSequence(first: Int, ratio: Double)
    case logSpaced(count: Int)

    /// Parses the forms listed in the type's documentation.
    public init(parsing text: String) throws {
        let spec = text.trimmingCharacters(in: .whitespaces).lowercased()
        func bad(_ why: String) -> TrainingError {
            .invalidArgument("invalid checkpoint schedule '\(text)': \(why) (allowed: a list 0,100,500; 100,200,...; every:N; geom:1,2,...; geometric:COUNT)")
        }
        func integer(_ s: Substring) throws -> Int {
            guard let n = Int(s.trimmingCharacters(in: .whitespaces)), n >= 0 else { throw bad("'\(s)' is not a non-negative integer") }
            return n
        }
        if spec.hasPrefix("every:") {
            let n = try integer(spec.dropFirst(6))
            guard n > 0 else { throw bad("the interval must be positive") }
            self = .every(n)
        } else if spec.hasPrefix("geom:") || spec.hasPrefix("geometric:") {
            let body = spec[spec.index(after: spec.firstIndex(of: ":")!)...]
            let parts = body.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 1 {
                let n = try integer(Substring(parts[0]))
                guard n >= 2 else { throw bad("a log-spaced schedule needs at least 2 points") }
                self = .logSpaced(count: n)
            } else {
                guard parts.count == 3, parts[2] == "..." else { throw bad("a geometric sequence is written FIRST,SECOND,...") }
                let a = try integer(Substring(parts[0])), b = try integer(Substring(parts[1]))
                guard a >= 1, b > a else { throw bad("a geometric sequence needs 1 <= FIRST < SECOND") }
                self = .geometricSequence(first: a, ratio: Double(b) / Double(a))
            }
        } else {
            let parts = spec.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard !parts.isEmpty, !parts.contains(where: \.isEmpty) else { throw bad("empty entry") }
            if parts.last == "..." {
                guard parts.count == 3 else { throw bad("an arithmetic sequence is written FIRST,SECOND,...") }
                let a = try integer(Substring(parts[0])), b = try integer(Substring(parts[1]))
                guard b > a else { throw bad("an arithmetic sequence needs FIRST < SECOND") }
                self = .arithmetic(first: a, stride: b - a)
            } else {
                var entries: [TrainingLength] = []
                for p in parts {
                    guard let entry = try? TrainingLength(parsing: p) else { throw bad("'\(p)' is not a step such as 500 or 500it or 3ep") }
                    entries.append(entry)
                }
                self = .list(entries)
            }
        }
    }

    /// The sorted checkpoint steps for a run of `total` iterations (0 and `total` included).
    /// The work is proportional to the number of steps returned (at most total + 1), never to
    /// a larger count in the schedule; bound that number first with `countUpperBound`.
    public func steps(total: Int, perEpoch: Int = 1) -> [Int] {
        var set: Set<Int> = [0, total]
        switch self {
        case .list(let entries):
            for e in entries { set.insert(e.iterations(perEpoch: perEpoch)) }
        case .arithmetic(let first, let stride):
            var s = first
            while s <= total {
                set.insert(s)
                let (next, overflow) = s.addingReportingOverflow(stride)
                if overflow { break }
                s = next
            }
        case .every(let n):
            var s = 0
            while s <= total {
                set.insert(s)
                let (next, overflow) = s.addingReportingOverflow(n)
                if overflow { break }
                s = next
            }
        case .geometricSequence(let first, let ratio):
            var s = Double(first)
            while s.rounded() <= Double(total) { set.insert(Int(s.rounded())); s *= ratio }
        case .logSpaced(let count):
            if total >= 1 {
                // Consecutive points T^(j/(n-1)) are less than 1 apart everywhere once
                // n - 1 > T ln T (the spacing is at most T ln T / (n - 1)), so every integer
                // 1...T is hit: the schedule is every step.
                if Double(count - 1) > Double(total) * log(Double(total)) + 1 {
                    return Array(0...total)
                }
                for j in 0..<count {
                    set.insert(Int((pow(Double(total), Double(j) / Double(count - 1))).rounded()))
                }
            }
        }
        return set.filter { $0 >= 0 && $0 <= total }.sorted()
    }

    /// An upper bound on `steps(total:perEpoch:).count`, computed without building the steps
    /// (for the memory estimate before anything is allocated): at most total + 1.
    public func countUpperBound(total: Int, perEpoch: Int = 1) -> Int {
        let all = total < Int.max ? total + 1 : Int.max
        let bound: Int
        switch self {
        case .list(let entries): bound = entries.count + 2
        case .arithmetic(let first, let stride): bound = first > total ? 2 : (total - first) / stride + 3
        case .every(let n): bound = total / n + 2
        case .geometricSequence(let first, let ratio):
            bound = Double(total) < Double(first) ? 2 : Int(log(Double(total) / Double(first)) / log(ratio)) + 4
        case .logSpaced(let count): bound = count < Int.max - 1 ? count + 1 : Int.max
        }
        return max(1, min(all, bound))
    }

    public var description: String {
        switch self {
        case .list(let entries): return entries.map { e in
            if case .iterations(let n) = e { return String(n) } else { return e.description } }.joined(separator: ",")
        case .arithmetic(let first, let stride): return "\(first),\(first + stride),..."
        case .every(let n): return "every:\(n)"
        case .geometricSequence(let first, let ratio): return "geom:\(first),\(Int((Double(first) * ratio).rounded())),..."
        case .logSpaced(let count): return "geometric:\(count)"
        }
    }

    public init(from decoder: any Decoder) throws {
        try self.init(parsing: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
