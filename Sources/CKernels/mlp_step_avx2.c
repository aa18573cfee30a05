// The AVX2 build of the MLP step kernels: the products of mlp_step_generic.c with register
// tiles of at most 6 rows (or coordinates) by 16 neurons (half a panel), 12 accumulators; each
// output element sees the same operations in the same order. The output and backward kernels
// are the portable ones of mlp_step_common.h.
#if defined(__x86_64__)
#include <immintrin.h>
#include "mlp_step_common.h"

#define LTH_A2 __attribute__((target("avx2,fma")))

/// s[r][l] = sum_k a[k stride + r] panel[32 k + l] for r < R and the 16 lanes l of `panel`
/// (fused multiply-adds from +0 in the order of k).
__attribute__((always_inline)) LTH_A2 static inline void tile(const int R, const float *a, int64_t stride, const float *panel,
                                                               int64_t depth, float *s) {
    __m256 c[6][2];
#pragma clang loop unroll(full)
    for (int r = 0; r < R; r++) c[r][0] = c[r][1] = _mm256_setzero_ps();
    for (int64_t k = 0; k < depth; k++, panel += 32, a += stride) {
        const __m256 w0 = _mm256_loadu_ps(panel), w1 = _mm256_loadu_ps(panel + 8);
#pragma clang loop unroll(full)
        for (int r = 0; r < R; r++) {
            const __m256 v = _mm256_broadcast_ss(a + r);
            c[r][0] = _mm256_fmadd_ps(v, w0, c[r][0]);
            c[r][1] = _mm256_fmadd_ps(v, w1, c[r][1]);
        }
    }
#pragma clang loop unroll(full)
    for (int r = 0; r < R; r++) {
        _mm256_storeu_ps(s + 32 * r, c[r][0]);
        _mm256_storeu_ps(s + 32 * r + 8, c[r][1]);
    }
}

/// A whole group (size <= 14) by a whole panel, in tiles of at most 6 by 16.
LTH_A2 static void group_tile(int64_t size, const float *a, const float *panel, int64_t depth, float s[LTH_MLP_GROUP][32]) {
    for (int half = 0; half < 2; half++) {
        for (int64_t r0 = 0; r0 < size; r0 += 6) {
            const float *ar = a + r0, *ph = panel + 16 * half;
            float *out = &s[r0][16 * half];
            switch (lth_mlp_min(6, size - r0)) {
            case 6: tile(6, ar, size, ph, depth, out); break;
            case 5: tile(5, ar, size, ph, depth, out); break;
            case 4: tile(4, ar, size, ph, depth, out); break;
            case 3: tile(3, ar, size, ph, depth, out); break;
            case 2: tile(2, ar, size, ph, depth, out); break;
            default: tile(1, ar, size, ph, depth, out); break;
            }
        }
    }
}

#define LTH_MLP_GROUP_TILE group_tile
#define LTH_MLP_TARGET LTH_A2
#define LTH_MLP_NAME(kernel) lth_mlp_##kernel##_avx2
#include "mlp_step_products.h"

LTH_MLP_PORTABLE_KERNELS(avx2, LTH_A2)
#endif
