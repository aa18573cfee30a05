// The generic C build of the NTK step kernels (any CPU): the reference definition, which the
// AVX2 and AVX-512 builds (ntk_step_avx2.c, ntk_step_avx512.c) follow operation for operation.
// fmaf is a correctly rounded fused multiply-add (an instruction where the CPU has one, the C
// library's otherwise), so all builds give the same bits.
#include <math.h>
#include "ntk_step_common.h"

/// Loop shape only (no effect on any result): samples per forward tile, coordinates per packed
/// slice, coordinates per gradient tile, rows per run of precomputed g_ir.
#define LTH_NTK_P_SAMPLES 2
#define LTH_NTK_P_SLICE 1024
#define LTH_NTK_P_COORDS 2
#define LTH_NTK_P_RUN 64

void lth_ntk_forward_generic(const lth_ntk_layer *L, int64_t i0, int64_t i1, double *sums, uint32_t *mask) {
    const int64_t d = L->d, np = L->np, n = L->n, rows = L->rows;
    const int64_t full = n / 128, blocks = (np + 127) / 128, chunk = lth_ntk_chunk_rows(d);
    // coordinates k0 .. k0+count-1 of the tile's rows, coordinate-major: packed[S k + s]
    float packed[LTH_NTK_P_SAMPLES * LTH_NTK_P_SLICE];
    for (int64_t i = i0; i < i1; i++) sums[i] = 0;
    for (int64_t c0 = i0; c0 < i1; c0 += chunk) {
        const int64_t c1 = lth_ntk_min(i1, c0 + chunk);
        for (int64_t b = 0; b < blocks; b++) {
            const int64_t r0 = b * 128, r1 = lth_ntk_min(np, r0 + 128);
            for (int64_t i = c0; i < c1; i += LTH_NTK_P_SAMPLES) {
                // rows past the chunk repeat its last row; their results are not used
                const float *xs[LTH_NTK_P_SAMPLES];
                for (int s = 0; s < LTH_NTK_P_SAMPLES; s++) xs[s] = L->x + lth_ntk_min(i + s, c1 - 1) * d;
                const int64_t valid = lth_ntk_min(LTH_NTK_P_SAMPLES, c1 - i);
                int64_t packedSlice = -1;
                float lanes[LTH_NTK_P_SAMPLES][16];
                memset(lanes, 0, sizeof lanes);
                for (int64_t r = r0; r < r1; r += 32) {
                    float acc[LTH_NTK_P_SAMPLES][32];
                    memset(acc, 0, sizeof acc);
                    for (int64_t k0 = 0; k0 < d; k0 += LTH_NTK_P_SLICE) {
                        const int64_t count = lth_ntk_min(LTH_NTK_P_SLICE, d - k0);
                        if (packedSlice != k0) {
                            for (int64_t k = 0; k < count; k++)
                                for (int s = 0; s < LTH_NTK_P_SAMPLES; s++) packed[LTH_NTK_P_SAMPLES * k + s] = xs[s][k0 + k];
                            packedSlice = k0;
                        }
                        const float *w = L->wt + LTH_NTK_INDEX(k0, r, d);
                        const float *p = packed;
                        for (int64_t k = 0; k < count; k++, w += 128, p += LTH_NTK_P_SAMPLES) {
                            for (int s = 0; s < LTH_NTK_P_SAMPLES; s++) {
                                const float xv = p[s];
                                for (int j = 0; j < 32; j++) acc[s][j] = fmaf(xv, w[j], acc[s][j]);
                            }
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

void lth_ntk_gradient_generic(const lth_ntk_layer *L, const float *c, const uint32_t *mask,
                              int64_t t0, int64_t t1, float *gradient) {
    const int64_t d = L->d, rows = L->rows, chunk = lth_ntk_chunk_rows(d);
    // g_ir of a run of rows of one tile, formed once for all coordinates
    float g[LTH_NTK_P_RUN][32];
    for (int64_t c0 = 0; c0 < rows; c0 += chunk) {
        const int64_t c1 = lth_ntk_min(rows, c0 + chunk);
        for (int64_t t = t0; t < t1; t++) {
            const float *a = L->a + 32 * t;
            const uint32_t *bits = mask + t * rows;
            for (int64_t s0 = c0; s0 < c1; s0 += LTH_NTK_P_RUN) {
                const int64_t run = lth_ntk_min(LTH_NTK_P_RUN, c1 - s0);
                for (int64_t i = 0; i < run; i++) {
                    const uint32_t m = bits[s0 + i];
                    const float ci = c[s0 + i];
                    for (int j = 0; j < 32; j++) g[i][j] = ((m >> j) & 1u) ? a[j] * ci : 0.0f;
                }
                for (int64_t k0 = 0; k0 < d; k0 += LTH_NTK_P_COORDS) {
                    const int64_t kt = lth_ntk_min(LTH_NTK_P_COORDS, d - k0);
                    float acc[LTH_NTK_P_COORDS][32];
                    for (int kk = 0; kk < LTH_NTK_P_COORDS; kk++)
                        for (int j = 0; j < 32; j++)
                            acc[kk][j] = (s0 == 0 || kk >= kt) ? 0.0f : gradient[LTH_NTK_INDEX(k0 + kk, 32 * t + j, d)];
                    for (int64_t i = 0; i < run; i++) {
                        const float *xi = L->x + (s0 + i) * d + k0;
                        for (int kk = 0; kk < LTH_NTK_P_COORDS; kk++) {
                            const float xv = kk < kt ? xi[kk] : 0.0f;
                            for (int j = 0; j < 32; j++) acc[kk][j] = fmaf(xv, g[i][j], acc[kk][j]);
                        }
                    }
                    for (int kk = 0; kk < kt; kk++)
                        for (int j = 0; j < 32; j++) gradient[LTH_NTK_INDEX(k0 + kk, 32 * t + j, d)] = acc[kk][j];
                }
            }
        }
    }
}
