#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loop over tasks 0..<count run by the calling thread together with persistent helper
/// threads: the engine's element-wise passes on several cores, next to OpenBLAS's products.
///
/// A loop is a task function and a context: `body(context, task)`. The function is a C function
/// pointer (a closure that captures nothing) and the context the address of a value the caller
/// keeps alive during the loop, typically a struct of the pass's pointers and scalars; unlike a
/// Swift closure handed to another thread, this needs no allocation, so the training step loop
/// allocates nothing.
///
/// Determinism: the caller fixes the tasks (and so every floating-point operation); which
/// thread runs a task never matters because tasks write disjoint outputs and every reduction is
/// done inside one task or afterwards in a fixed order. Results are therefore the same on any
/// number of threads.
///
/// Threads: a loop uses at most `BLASRuntime.threadCount` threads (the calling thread
/// included), so `BLASRuntime.setThreadCount(1)` makes the engine single-threaded. Helpers
/// claim tasks in index order under a mutex and sleep on a condition variable between loops
/// (no spinning, so they never take a core from OpenBLAS's own threads during a product).
/// A loop started while another one runs (from another thread, or nested inside a task) runs
/// inline on the calling thread.
public final class ParallelLoop: @unchecked Sendable {
    /// A task function: `body(context, task)`.
    public typealias Task = @convention(c) (UnsafeRawPointer, Int) -> Void
    /// A range function: `body(context, start, end)` handles indices start..<end.
    public typealias RangeTask = @convention(c) (UnsafeRawPointer, Int, Int) -> Void

    /// The process-wide pool: one helper per online processor beyond the first (at most 15).
    public static let shared = ParallelLoop(helperCount: max(0, min(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 16) - 1))

    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let wake: UnsafeMutablePointer<pthread_cond_t>
    private let finished: UnsafeMutablePointer<pthread_cond_t>
    private let helperCount: Int
    // Loop state, guarded by `mutex`.
    private var body: Task?
    private var context: UnsafeRawPointer?
    private var isBusy = false
    private var taskCount = 0
    private var nextTask = 0
    private var doneCount = 0
    private var helpersWanted = 0
    private var helpersJoined = 0

    init(helperCount: Int) {
        self.helperCount = helperCount
        mutex = .allocate(capacity: 1)
        wake = .allocate(capacity: 1)
        finished = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(wake, nil)
        pthread_cond_init(finished, nil)
        for _ in 0..<helperCount {
            let pool = Unmanaged.passUnretained(self).toOpaque()
            #if canImport(Glibc)
            var thread = pthread_t()
            #else
            var thread: pthread_t? = nil
            #endif
            let created = pthread_create(&thread, nil, { pool in
                #if canImport(Glibc)
                Unmanaged<ParallelLoop>.fromOpaque(pool!).takeUnretainedValue().helperMain()
                #else
                Unmanaged<ParallelLoop>.fromOpaque(pool).takeUnretainedValue().helperMain()
                #endif
                return nil
            }, pool)
            #if canImport(Glibc)
            if created == 0 { pthread_detach(thread) }
            #else
            if created == 0, let thread { pthread_detach(thread) }
            #endif
        }
    }

    /// Number of threads a loop started now may use (the calling thread included).
    public var threadLimit: Int { min(helperCount + 1, max(1, BLASRuntime.threadCount)) }

    /// Runs `body(context, 0)`, ..., `body(context, count - 1)`, each exactly once, on up to
    /// `threadLimit` threads, and returns when all have finished. Each task must only write
    /// outputs it owns; `context` must stay valid until the call returns.
    public func run(count: Int, context: UnsafeRawPointer, _ body: Task) {
        guard count > 0 else { return }
        let helpers = min(threadLimit - 1, count - 1)
        guard helpers > 0 else {
            for task in 0..<count { body(context, task) }
            return
        }
        pthread_mutex_lock(mutex)
        if isBusy {
            pthread_mutex_unlock(mutex)
            for task in 0..<count { body(context, task) }
            return
        }
        self.body = body
        self.context = context
        isBusy = true
        taskCount = count
        nextTask = 0
        doneCount = 0
        helpersWanted = helpers
        helpersJoined = 0
        pthread_cond_broadcast(wake)
        runTasks()
        while doneCount < taskCount { pthread_cond_wait(finished, mutex) }
        self.body = nil
        self.context = nil
        isBusy = false
        pthread_mutex_unlock(mutex)
    }

    /// `run(count:context:_:)` with the context given as a value, whose address is passed to `body`.
    @inlinable
    public func run<Context>(count: Int, with context: Context, _ body: Task) {
        withUnsafePointer(to: context) { run(count: count, context: UnsafeRawPointer($0), body) }
    }

    /// Runs `body(context, start, end)` on consecutive ranges start..<end covering 0..<count, in
    /// parallel when there is enough work: ranges of at least `minimumLength` indices (a multiple
    /// of `alignment`, except the last), about `piecesPerThread` per thread (default four) so that
    /// a thread slowed by other processes, or woken late, is helped by the others; long loops
    /// whose tail would otherwise run on one thread ask for more. `body` must give results that
    /// do not depend on how 0..<count is partitioned. The context is a value whose address is
    /// passed to `body`.
    @inlinable
    public func forEachRange<Context>(of count: Int, minimumLength: Int, alignment: Int = 16, piecesPerThread: Int = 4,
                                      with context: Context, _ body: RangeTask) {
        withUnsafePointer(to: context) { context in
            forEachRange(of: count, minimumLength: minimumLength, alignment: alignment, piecesPerThread: piecesPerThread,
                         context: UnsafeRawPointer(context), body)
        }
    }

    /// `forEachRange` with the context given as an address.
    public func forEachRange(of count: Int, minimumLength: Int, alignment: Int = 16, piecesPerThread: Int = 4,
                             context: UnsafeRawPointer, _ body: RangeTask) {
        guard count > 0 else { return }
        let threads = threadLimit
        let wanted = min(max(1, piecesPerThread) * threads, count / max(minimumLength, 1))
        guard threads > 1, wanted > 1 else {
            body(context, 0, count)
            return
        }
        let step = (count + wanted - 1) / wanted
        let length = (step + alignment - 1) / alignment * alignment
        let ranges = Ranges(context: context, body: body, count: count, length: length)
        run(count: (count + length - 1) / length, with: ranges) { ranges, piece in
            let r = ranges.assumingMemoryBound(to: Ranges.self).pointee
            r.body(r.context, piece * r.length, min(r.count, (piece + 1) * r.length))
        }
    }

    /// The context of `forEachRange`'s tasks: task p handles p * length ..< min(count, (p + 1) * length).
    private struct Ranges {
        let context: UnsafeRawPointer
        let body: RangeTask
        let count: Int
        let length: Int
    }

    /// Claims and runs tasks until none is left; called and returns with `mutex` held.
    private func runTasks() {
        let (body, context) = (self.body!, self.context!)
        while nextTask < taskCount {
            let task = nextTask
            nextTask += 1
            pthread_mutex_unlock(mutex)
            body(context, task)
            pthread_mutex_lock(mutex)
            doneCount += 1
        }
        if doneCount == taskCount { pthread_cond_signal(finished) }
    }

    private func helperMain() {
        pthread_mutex_lock(mutex)
        while true {
            while !(isBusy && nextTask < taskCount && helpersJoined < helpersWanted) {
                pthread_cond_wait(wake, mutex)
            }
            helpersJoined += 1
            runTasks()
        }
    }
}
