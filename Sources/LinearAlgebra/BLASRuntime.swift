import CBLASRuntime
import COpenBLAS

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The BLAS runtime: which OpenBLAS kernels run, and on how many threads.
///
/// OpenBLAS 0.3.21 does not recognise some recent Xeon models and silently falls back to
/// SSE3 ("Prescott") kernels, about 5x slower. It reads `OPENBLAS_CORETYPE` only when the
/// library loads, so a program that wants the right kernels must be *started* with it.
/// ``ensureVectorKernels(arguments:)`` therefore re-executes the current program once with
/// `OPENBLAS_CORETYPE` set from the CPU's own feature flags (`SkylakeX` when the CPU has
/// AVX-512F, `Haswell` when it has AVX2 and FMA), and with a short OpenBLAS thread timeout
/// (``threadTimeout``). A value the user set is never overridden.
public enum BLASRuntime {
    /// The name of the kernel set OpenBLAS is using (e.g. `SkylakeX`, `Haswell`, `Prescott`).
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// The OpenBLAS configuration string (version, threading model, build target).
    public static var configuration: String {
        guard let config = openblas_get_config() else { return "unknown" }
        return String(cString: config)
    }

    /// Number of threads the engine uses (`ParallelLoop`, the greedy workers): the count
    /// OpenBLAS chose when the program loaded (`OPENBLAS_NUM_THREADS`, else the number of
    /// processors) until ``setThreadCount(_:)`` changes it.
    ///
    /// OpenBLAS itself always runs on one thread (`CBLASRuntime/include/blas_runtime.h`): its
    /// threaded drivers change the summation order of some results with the thread count (on
    /// the Haswell kernels every sgemm does), so every number the engine derives would depend on
    /// it. The engine splits work between its own threads in fixed pieces instead
    /// (`ThreadInvariantGEMM`), and results are bit for bit the same on any number of threads.
    public static var threadCount: Int { engineThreads.value }

    /// Sets the engine's thread count (1 or more); OpenBLAS stays on one thread.
    public static func setThreadCount(_ count: Int) {
        engineThreads.set(max(1, count))
        openblas_set_num_threads(1)
    }

    /// The engine's thread count, read and written under a lock (tests change it while others run).
    private static let engineThreads = LockedCount(Int(lth_blas_initial_threads()))

    private final class LockedCount: @unchecked Sendable {
        private var count: Int
        private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        init(_ count: Int) {
            self.count = max(1, count)
            pthread_mutex_init(lock, nil)
        }
        var value: Int {
            pthread_mutex_lock(lock); defer { pthread_mutex_unlock(lock) }
            return count
        }
        func set(_ newValue: Int) {
            pthread_mutex_lock(lock); defer { pthread_mutex_unlock(lock) }
            count = newValue
        }
    }

    /// The OpenBLAS kernel set this CPU should use, from its feature flags:
    /// `SkylakeX` with AVX-512F, `Haswell` with AVX2 and FMA, `nil` otherwise (keep the default).
    public static var preferredCoreType: String? {
        #if arch(x86_64)
        guard let flags = cpuFlags() else { return nil }
        if flags.contains("avx512f") && flags.contains("avx512dq") && flags.contains("avx512bw") { return "SkylakeX" }
        if flags.contains("avx2") && flags.contains("fma") { return "Haswell" }
        #endif
        return nil
    }

    /// The value of `OPENBLAS_THREAD_TIMEOUT` the programs start OpenBLAS with when it is unset:
    /// its idle threads wait 2^4 cycles for the next call before sleeping, instead of spinning
    /// with `sched_yield` for 2^28 (its default). The engine's own element-wise passes run on
    /// `ParallelLoop` threads between OpenBLAS calls; with spinning OpenBLAS threads the two
    /// compete for the two cores (perf: a fifth of an MLP training run in `__schedule` and
    /// `sched_yield`). Measured in `lth-bench training`: MLP step median 20.3 -> 18.7 ms, with
    /// momentum 23.7 -> 20.8 ms; certified lambda0 at m = 8000 7.6 -> 7.2 s (no loss).
    public static let threadTimeout = "4"

    /// Re-executes the running program once when OpenBLAS was loaded without the settings the
    /// engine wants, both read only when the library loads: `OPENBLAS_CORETYPE` set to
    /// ``preferredCoreType`` when the variable is unset and the library chose weaker kernels,
    /// and `OPENBLAS_THREAD_TIMEOUT` set to ``threadTimeout`` when unset. A value the user set is
    /// never overridden. Returns normally when nothing needs doing (or when the re-exec fails,
    /// which keeps the settings already loaded). `LTH_BLAS_REEXEC=0` disables the re-exec.
    public static func ensureVectorKernels(arguments: [String] = CommandLine.arguments) {
        guard getenv("LTH_BLAS_REEXEC").map({ String(cString: $0) }) != "0" else { return }
        var changed: [String] = []
        if getenv("OPENBLAS_CORETYPE") == nil, let wanted = preferredCoreType, coreName != wanted {
            setenv("OPENBLAS_CORETYPE", wanted, 1)
            changed.append("OPENBLAS_CORETYPE")
        }
        if getenv("OPENBLAS_THREAD_TIMEOUT") == nil {
            setenv("OPENBLAS_THREAD_TIMEOUT", threadTimeout, 1)
            changed.append("OPENBLAS_THREAD_TIMEOUT")
        }
        guard !changed.isEmpty else { return }
        var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        cArguments.append(nil)
        execv("/proc/self/exe", &cArguments)
        // execv only returns on failure: carry on with the settings already loaded.
        for name in changed { unsetenv(name) }
    }

    /// The `flags` line of `/proc/cpuinfo`, split into words.
    static func cpuFlags() -> Set<Substring>? {
        guard let file = fopen("/proc/cpuinfo", "r") else { return nil }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0 {
            guard let line else { break }
            let text = String(cString: line)
            if text.hasPrefix("flags") {
                guard let colon = text.firstIndex(of: ":") else { return nil }
                return Set(text[text.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }))
            }
        }
        return nil
    }
}
