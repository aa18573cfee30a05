// The AVX2 + FMA build of the NTK step kernels: the portable definition, vectorised by the compiler.
#if defined(__x86_64__)
#define LTH_NTK_ATTR __attribute__((target("avx2,fma")))
#define LTH_NTK_NAME(x) lth_ntk_##x##_avx2
#include "ntk_step_portable.h"
#endif
