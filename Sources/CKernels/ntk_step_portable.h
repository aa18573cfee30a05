// The portable definition of the NTK step kernels, included by ntk_step_generic.c (plain C)
// and ntk_step_avx2.c (the same code compiled for AVX2 + FMA, vectorised by the compiler).
// Requires LTH_NTK_ATTR (function attributes) and LTH_NTK_NAME(x) (name of a build's function).
// fmaf is a correctly rounded fused multiply-add in every build (an instruction with FMA, the C
// library's otherwise), so all builds give the same bits.
#include <math.h>
#include "ntk_step_common.h"

/// Samples per forward tile and input coordinates per gradient tile (loop shape only).
#define LTH_NTK_P_SAMPLES 2
#define LTH_NTK_P_COORDS 2

LTH_NTK_ATTR void LTH_NTK_NAME(forward)(const lth_ntk_layer *L, int64_t i0, int64_t i1, double *sums, uint32_t *mask) {
    const int64_t d = L->d, np = L->np, n = L->n, rows = L->rows;
    const int64_t full = n / 128, blocks = (np + 127) / 128, chunk = lth_ntk_chunk_rows(d);
    for (int64_t i = i0; i < i1; i++) sums[i] = 0;
    for (int64_t c0 = i0; c0 < i1; c0 += chunk) {
        const int64_t c1 = lth_ntk_min(i1, c0 + chunk);
        for (int64_t b = 0; b < blocks; b++) {
            const int64_t r0 = b * 128, r1 = lth_ntk_min(np, r0 + 128);
            for (int64_t i = c0; i < c1; i += LTH_NTK_P_SAMPLES) {
                const float *xs[LTH_NTK_P_SAMPLES];
                for (int s = 0; s < LTH_NTK_P_SAMPLES; s++) xs[s] = L->x + lth_ntk_min(i + s, c1 - 1) * d;
                const int64_t valid = lth_ntk_min(LTH_NTK_P_SAMPLES, c1 - i);
                float lanes[LTH_NTK_P_SAMPLES][16];
                memset(lanes, 0, sizeof lanes);
                for (int64_t r = r0; r < r1; r += 32) {
                    float acc[LTH_NTK_P_SAMPLES][32];
                    memset(acc, 0, sizeof acc);
                    const float *w = L->wt + LTH_NTK_INDEX(0, r, d);
                    for (int64_t k = 0; k < d; k++, w += 128) {
                        for (int s = 0; s < LTH_NTK_P_SAMPLES; s++) {
                            const float xv = xs[s][k];
                            for (int j = 0; j < 32; j++) acc[s][j] = fmaf(xv, w[j], acc[s][j]);
                        }
                    }
                    for (int s = 0; s < valid; s++) {
                        if (mask) {
                            uint32_t bits = 0;
                            for (int j = 0; j < 32; j++) bits |= lth_ntk_active(acc[s][j]) << j;
                            mask[(r / 32) * rows + i + s] = bits;
                        }
                        if (b < full) {
                            for (int j = 0; j < 32; j++) lanes[s][j & 15] += lth_ntk_relu_bits(acc[s][j]) * L->a[r + j];
                        } else {
                            lth_ntk_add_tail(acc[s], L->a, r, n, &sums[i + s]);
                        }
                    }
                }
                if (b < full)
                    for (int s = 0; s < valid; s++) lth_ntk_add_lanes(lanes[s], &sums[i + s]);
            }
        }
    }
}

LTH_NTK_ATTR void LTH_NTK_NAME(gradient)(const lth_ntk_layer *L, const float *c, const uint32_t *mask,
                                         int64_t t0, int64_t t1, float *gradient) {
    const int64_t d = L->d, rows = L->rows, chunk = lth_ntk_chunk_rows(d);
    for (int64_t c0 = 0; c0 < rows; c0 += chunk) {
        const int64_t c1 = lth_ntk_min(rows, c0 + chunk);
        for (int64_t t = t0; t < t1; t++) {
            const float *a = L->a + 32 * t;
            const uint32_t *bits = mask + t * rows;
            for (int64_t k0 = 0; k0 < d; k0 += LTH_NTK_P_COORDS) {
                const int64_t kt = lth_ntk_min(LTH_NTK_P_COORDS, d - k0);
                float acc[LTH_NTK_P_COORDS][32];
                for (int kk = 0; kk < LTH_NTK_P_COORDS; kk++)
                    for (int j = 0; j < 32; j++)
                        acc[kk][j] = (c0 == 0 || kk >= kt) ? 0.0f : gradient[LTH_NTK_INDEX(k0 + kk, 32 * t + j, d)];
                for (int64_t i = c0; i < c1; i++) {
                    const uint32_t m = bits[i];
                    const float ci = c[i];
                    float g[32];
                    for (int j = 0; j < 32; j++) g[j] = ((m >> j) & 1u) ? a[j] * ci : 0.0f;
                    const float *xi = L->x + i * d + k0;
                    for (int kk = 0; kk < LTH_NTK_P_COORDS; kk++) {
                        const float xv = kk < kt ? xi[kk] : 0.0f;
                        for (int j = 0; j < 32; j++) acc[kk][j] = fmaf(xv, g[j], acc[kk][j]);
                    }
                }
                for (int kk = 0; kk < kt; kk++)
                    for (int j = 0; j < 32; j++) gradient[LTH_NTK_INDEX(k0 + kk, 32 * t + j, d)] = acc[kk][j];
            }
        }
    }
}
