// The AVX-512 build of the MLP step kernels: the products of mlp_step_generic.c with register
// tiles of a whole row group (forward) or coordinate group (update) by the 32 neurons of a
// panel, at most 14 x 2 accumulators; each output element sees the same operations in the same
// order. The output and backward kernels are the portable ones of mlp_step_common.h.
#if defined(__x86_64__)
#include <immintrin.h>
#include "mlp_step_common.h"

#define LTH_A512 __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,fma")))

/// s[r][l] = sum_k a[k R + r] panel[32 k + l] for r < R (fused multiply-adds from +0 in the
/// order of k): the loop of both products, the forward one with a = a packed row group and the
/// panel of W0 (depth d), the update with a = a packed coordinate group and the panel of G0
/// (depth rows).
__attribute__((always_inline)) LTH_A512 static inline void tile(const int R, const float *a, const float *panel, int64_t depth,
                                                                 float s[LTH_MLP_GROUP][32]) {
    __m512 c[LTH_MLP_GROUP][2];
#pragma clang loop unroll(full)
    for (int r = 0; r < R; r++) c[r][0] = c[r][1] = _mm512_setzero_ps();
    for (int64_t k = 0; k < depth; k++, panel += 32, a += R) {
        const __m512 w0 = _mm512_loadu_ps(panel), w1 = _mm512_loadu_ps(panel + 16);
#pragma clang loop unroll(full)
        for (int r = 0; r < R; r++) {
            const __m512 v = _mm512_set1_ps(a[r]);
            c[r][0] = _mm512_fmadd_ps(v, w0, c[r][0]);
            c[r][1] = _mm512_fmadd_ps(v, w1, c[r][1]);
        }
    }
#pragma clang loop unroll(full)
    for (int r = 0; r < R; r++) {
        _mm512_storeu_ps(s[r], c[r][0]);
        _mm512_storeu_ps(s[r] + 16, c[r][1]);
    }
}

/// `tile` for a group size known at run time (1 ... 14).
LTH_A512 static void group_tile(int64_t size, const float *a, const float *panel, int64_t depth, float s[LTH_MLP_GROUP][32]) {
    switch (size) {
    case 14: tile(14, a, panel, depth, s); break;
    case 13: tile(13, a, panel, depth, s); break;
    case 12: tile(12, a, panel, depth, s); break;
    case 11: tile(11, a, panel, depth, s); break;
    case 10: tile(10, a, panel, depth, s); break;
    case 9: tile(9, a, panel, depth, s); break;
    case 8: tile(8, a, panel, depth, s); break;
    case 7: tile(7, a, panel, depth, s); break;
    case 6: tile(6, a, panel, depth, s); break;
    case 5: tile(5, a, panel, depth, s); break;
    case 4: tile(4, a, panel, depth, s); break;
    case 3: tile(3, a, panel, depth, s); break;
    case 2: tile(2, a, panel, depth, s); break;
    default: tile(1, a, panel, depth, s); break;
    }
}

#define LTH_MLP_GROUP_TILE group_tile
#define LTH_MLP_TARGET LTH_A512
#define LTH_MLP_NAME(kernel) lth_mlp_##kernel##_avx512
#include "mlp_step_products.h"

LTH_MLP_PORTABLE_KERNELS(avx512, LTH_A512)
#endif
