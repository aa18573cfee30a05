// Instruction-set selection for the engine's hand-written kernels (CKernels).
//
// Every kernel in this target exists in three builds of one definition: AVX-512
// (avx512f, avx512dq, avx512bw, avx512vl, fma), AVX2 (avx2, fma) and generic C. The three
// perform, for every output element, the same IEEE float operations in the same order
// (explicit fused multiply-adds where the definition says so, no other contraction: the target
// is compiled with -ffp-contract=off), so they return the same bits; the widest one the CPU and
// the operating system support is used.
#ifndef LTH_KERNEL_ISA_H
#define LTH_KERNEL_ISA_H

#ifdef __cplusplus
extern "C" {
#endif

/// The kernel builds, in increasing width.
typedef enum {
    LTH_ISA_GENERIC = 0,
    LTH_ISA_AVX2 = 1,
    LTH_ISA_AVX512 = 2,
} lth_isa;

/// The widest build this CPU runs (cpuid and the OS's saved register state), capped by the
/// environment variable `LTH_KERNEL_ISA` (`generic`, `avx2` or `avx512`; other values are
/// ignored) so that a whole program or test run can be made to use a narrower build
/// (`make test` runs the kernel and determinism suites with `LTH_KERNEL_ISA=generic` too).
lth_isa lth_isa_supported(void);

/// The build the kernels use now: `lth_isa_supported()` unless `lth_isa_select` chose another.
lth_isa lth_isa_active(void);

/// Makes the kernels use `isa` (for tests that compare the builds); returns 0, or -1 and
/// changes nothing when the CPU does not run it. Not thread-safe: call it between kernel calls.
int lth_isa_select(lth_isa isa);

/// "avx512", "avx2" or "generic".
const char *lth_isa_name(lth_isa isa);

#ifdef __cplusplus
}
#endif
#endif
