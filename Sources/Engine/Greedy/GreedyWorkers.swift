import Dispatch
import LinearAlgebra

/// The worker threads of the greedy selection's own streaming loops (the column statistics,
/// the 16-bit copy of the activations and its Gram-column passes).
///
/// Work is split into disjoint ranges, one per worker (`DispatchQueue.concurrentPerform`); every
/// worker computes its entries with the same arithmetic in the same order as one thread would,
/// so results do not depend on the number of workers. The number of workers is the OpenBLAS
/// thread count (the same threads as the BLAS passes), and 1 for small work.
enum GreedyWorkers {
    /// Number of workers for a loop touching `entries` matrix entries: 1 below 2^18 entries,
    /// otherwise the OpenBLAS thread count (at least 1, at most 16).
    static func count(forEntries entries: Int) -> Int {
        entries < 1 << 18 ? 1 : max(1, min(16, BLASRuntime.threadCount))
    }

    /// Runs `body(part)` for part in 0..<parts, in parallel when parts > 1.
    static func run(parts: Int, _ body: (Int) -> Void) {
        if parts <= 1 {
            body(0)
        } else {
            withoutActuallyEscaping(body) { escapable in
                let box = UncheckedBox(escapable)
                DispatchQueue.concurrentPerform(iterations: parts) { part in box.value(part) }
            }
        }
    }

    /// `0..<count` cut into `parts` consecutive ranges whose bounds are multiples of `multiple`
    /// (except the final end); empty ranges are dropped.
    static func ranges(count: Int, parts: Int, multiple: Int) -> [Range<Int>] {
        let units = (count + multiple - 1) / multiple
        var result: [Range<Int>] = []
        for part in 0..<max(1, parts) {
            let lower = min(count, part * units / max(1, parts) * multiple)
            let upper = min(count, (part + 1) * units / max(1, parts) * multiple)
            if upper > lower { result.append(lower..<upper) }
        }
        return result
    }
}

/// A value handed to the workers of one `concurrentPerform` (closures and raw pointers). Every
/// worker only reads shared data or writes its own disjoint range.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
