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

    /// Number of threads OpenBLAS uses for level-3 and large level-2 calls.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// Sets the OpenBLAS thread count (1 or more).
    public static func setThreadCount(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }

    /// OpenBLAS's sgemm blocking: the depth Q of its k-blocks and the row count U of its register
    /// tile. A product C += A B with inner dimension k > Q is summed in k-blocks (each block's
    /// partial sum is added to C) whose lengths depend on the number of threads: while more than
    /// 2Q terms remain both drivers take a block of Q; of a rest r in (Q, 2Q) the single-threaded
    /// driver takes r/2 rounded up to a multiple of U first, the threaded one ceil(r/2).
    /// `ThreadInvariantGEMM` uses this to keep results independent of the thread count.
    ///
    /// Read from the parameter table OpenBLAS 0.3 exports as `gotoblas` (dtb_entries, offsetA,
    /// offsetB, align, sgemm_p, sgemm_q, sgemm_r, sgemm_unroll_m, sgemm_unroll_n, ...; Q = 448,
    /// U = 16 for the SkylakeX kernels, Q = 320, U = 8 for Haswell) when the table passes a
    /// plausibility check; otherwise nil.
    public static let sgemmBlocking: (depth: Int, unrollM: Int)? = {
        #if os(Linux)
        let everyLoadedLibrary = UnsafeMutableRawPointer(bitPattern: 0)  // RTLD_DEFAULT
        #else
        let everyLoadedLibrary = UnsafeMutableRawPointer(bitPattern: -2)  // RTLD_DEFAULT
        #endif
        guard let symbol = dlsym(everyLoadedLibrary, "gotoblas"),
              let table = symbol.assumingMemoryBound(to: UnsafeRawPointer?.self).pointee
        else { return nil }
        let fields = table.assumingMemoryBound(to: Int32.self)
        let (offsetA, offsetB, align) = (fields[1], fields[2], fields[3])
        let (p, q, r) = (fields[4], fields[5], fields[6])
        let (unrollM, unrollN) = (fields[7], fields[8])
        func isPowerOfTwo(_ x: Int32) -> Bool { x > 0 && x & (x - 1) == 0 }
        guard (0...4096).contains(offsetA), (0...4096).contains(offsetB), isPowerOfTwo(align &+ 1),
              (16...65536).contains(p), (32...8192).contains(q), r >= q,
              isPowerOfTwo(unrollM), unrollM <= 64, isPowerOfTwo(unrollN), unrollN <= 64
        else { return nil }
        return (Int(q), Int(unrollM))
    }()

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
