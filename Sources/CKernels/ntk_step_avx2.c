// The AVX2 + FMA build of the NTK step kernels: the definition of ntk_step_generic.c written with
// intrinsics and register tiles that fit AVX2's sixteen registers (4 samples x 16 neurons
// forward, 4 coordinates x 16 neurons for the gradient); each output element sees the same
// operations in the same order as in the other builds.
#if defined(__x86_64__)
#include <immintrin.h>
#include "ntk_step_common.h"

#define LTH_A2 __attribute__((target("avx2,fma")))

/// Input coordinates per packed slice of a sample tile (4 x 1024 floats on the stack).
enum { LTH_NTK2_SLICE = 1024, LTH_NTK2_RUN = 64 };

/// relu by the sign bit, 8 lanes: bits & ~(bits >> 31).
LTH_A2 static inline __m256 relu8(__m256 z) {
    const __m256i b = _mm256_castps_si256(z);
    return _mm256_castsi256_ps(_mm256_andnot_si256(_mm256_srai_epi32(b, 31), b));
}

/// 1{z + 0 >= 0} for 8 lanes (the sign bits of z + 0, inverted).
LTH_A2 static inline uint32_t active8(__m256 z) {
    return (uint32_t)(~_mm256_movemask_ps(_mm256_add_ps(z, _mm256_setzero_ps())) & 0xff);
}

/// All-ones lanes where bit l of `bits` (8 bits) is set, zero elsewhere.
LTH_A2 static inline __m256 expand8(uint32_t bits) {
    const __m256i lane = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
    const __m256i set = _mm256_and_si256(_mm256_set1_epi32((int)bits), lane);
    return _mm256_castsi256_ps(_mm256_cmpeq_epi32(set, lane));
}

LTH_A2 void lth_ntk_forward_avx2(const lth_ntk_layer *L, int64_t i0, int64_t i1, double *sums, uint32_t *mask) {
    const int64_t d = L->d, np = L->np, n = L->n, rows = L->rows;
    const int64_t full = n / 128, blocks = (np + 127) / 128, chunk = lth_ntk_chunk_rows(d);
    float packed[4 * LTH_NTK2_SLICE] __attribute__((aligned(32)));
    const int64_t groupBlocks = d <= LTH_NTK2_SLICE ? lth_ntk_max(1, 64 / d) : 1;
    for (int64_t i = i0; i < i1; i++) sums[i] = 0;
    for (int64_t c0 = i0; c0 < i1; c0 += chunk) {
        const int64_t c1 = lth_ntk_min(i1, c0 + chunk);
        for (int64_t group = 0; group < blocks; group += groupBlocks) {
            for (int64_t i = c0; i < c1; i += 4) {
                // rows past the chunk repeat its last row; their results are not used
                const float *xs[4];
                for (int s = 0; s < 4; s++) xs[s] = L->x + lth_ntk_min(i + s, c1 - 1) * d;
                const int valid = (int)lth_ntk_min(4, c1 - i);
                int64_t packedSlice = -1;
                for (int64_t b = group; b < lth_ntk_min(blocks, group + groupBlocks); b++) {
                    const int64_t r0 = b * 128, r1 = lth_ntk_min(np, r0 + 128);
                    const int isFull = b < full;
                    float lanes[4][16] __attribute__((aligned(32)));
                    memset(lanes, 0, sizeof lanes);
                    for (int64_t r = r0; r < r1; r += 32) {
                        uint32_t bits[4] = {0, 0, 0, 0};
                        float z[4][32] __attribute__((aligned(32)));
                        for (int h = 0; h < 2; h++) {
                            __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00;
                            __m256 c20 = c00, c21 = c00, c30 = c00, c31 = c00;
                            for (int64_t k0 = 0; k0 < d; k0 += LTH_NTK2_SLICE) {
                                const int64_t count = lth_ntk_min(LTH_NTK2_SLICE, d - k0);
                                if (packedSlice != k0) {
                                    for (int64_t k = 0; k < count; k++)
                                        for (int s = 0; s < 4; s++) packed[4 * k + s] = xs[s][k0 + k];
                                    packedSlice = k0;
                                }
                                const float *w = L->wt + LTH_NTK_INDEX(k0, r, d) + 16 * h;
                                const float *p = packed;
                                for (int64_t k = 0; k < count; k++, w += 128, p += 4) {
                                    const __m256 w0 = _mm256_loadu_ps(w), w1 = _mm256_loadu_ps(w + 8);
                                    __m256 v;
                                    v = _mm256_broadcast_ss(p + 0); c00 = _mm256_fmadd_ps(v, w0, c00); c01 = _mm256_fmadd_ps(v, w1, c01);
                                    v = _mm256_broadcast_ss(p + 1); c10 = _mm256_fmadd_ps(v, w0, c10); c11 = _mm256_fmadd_ps(v, w1, c11);
                                    v = _mm256_broadcast_ss(p + 2); c20 = _mm256_fmadd_ps(v, w0, c20); c21 = _mm256_fmadd_ps(v, w1, c21);
                                    v = _mm256_broadcast_ss(p + 3); c30 = _mm256_fmadd_ps(v, w0, c30); c31 = _mm256_fmadd_ps(v, w1, c31);
                                }
                            }
                            const __m256 acc[4][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}};
                            const __m256 a0 = _mm256_loadu_ps(L->a + r + 16 * h), a1 = _mm256_loadu_ps(L->a + r + 16 * h + 8);
                            for (int s = 0; s < 4; s++) {
                                if (s >= valid) break;
                                bits[s] |= (active8(acc[s][0]) | (active8(acc[s][1]) << 8)) << (16 * h);
                                if (isFull) {
                                    // lane l of the 16 takes neuron r + l, then r + 16 + l: the order of the other builds
                                    _mm256_store_ps(lanes[s], _mm256_add_ps(_mm256_load_ps(lanes[s]), _mm256_mul_ps(relu8(acc[s][0]), a0)));
                                    _mm256_store_ps(lanes[s] + 8, _mm256_add_ps(_mm256_load_ps(lanes[s] + 8), _mm256_mul_ps(relu8(acc[s][1]), a1)));
                                } else {
                                    _mm256_store_ps(z[s] + 16 * h, acc[s][0]);
                                    _mm256_store_ps(z[s] + 16 * h + 8, acc[s][1]);
                                }
                            }
                        }
                        for (int s = 0; s < valid; s++) {
                            if (mask) mask[(r / 32) * rows + i + s] = bits[s];
                            if (!isFull) lth_ntk_add_tail(z[s], L->a, r, n, &sums[i + s]);
                        }
                    }
                    if (isFull)
                        for (int s = 0; s < valid; s++) lth_ntk_add_lanes(lanes[s], &sums[i + s]);
                }
            }
        }
    }
}

/// acc[kk] += g_i x_{i, kk} (x from `x`, row stride d) for the run's rows in order and kk < kt,
/// on the 16-neuron half h of the tile.
LTH_A2 static inline __attribute__((always_inline)) void gradient_rows8(
    const float *x, int64_t d, const float g[][32], int64_t run, int h, int kt, __m256 acc[4][2]) {
    for (int64_t i = 0; i < run; i++) {
        const __m256 g0 = _mm256_load_ps(g[i] + 16 * h), g1 = _mm256_load_ps(g[i] + 16 * h + 8);
        const float *xi = x + i * d;
        for (int kk = 0; kk < kt; kk++) {
            const __m256 v = _mm256_broadcast_ss(xi + kk);
            acc[kk][0] = _mm256_fmadd_ps(v, g0, acc[kk][0]);
            acc[kk][1] = _mm256_fmadd_ps(v, g1, acc[kk][1]);
        }
    }
}

LTH_A2 void lth_ntk_gradient_avx2(const lth_ntk_layer *L, const float *c, const uint32_t *mask,
                                  int64_t t0, int64_t t1, float *gradient) {
    const int64_t d = L->d, rows = L->rows, chunk = lth_ntk_chunk_rows(d);
    // g_ir of a run of rows of one tile, formed once for all coordinates
    float g[LTH_NTK2_RUN][32] __attribute__((aligned(32)));
    for (int64_t c0 = 0; c0 < rows; c0 += chunk) {
        const int64_t c1 = lth_ntk_min(rows, c0 + chunk);
        for (int64_t t = t0; t < t1; t++) {
            const float *a = L->a + 32 * t;
            const __m256 a0 = _mm256_loadu_ps(a), a1 = _mm256_loadu_ps(a + 8);
            const __m256 a2 = _mm256_loadu_ps(a + 16), a3 = _mm256_loadu_ps(a + 24);
            const uint32_t *bits = mask + t * rows;
            for (int64_t s0 = c0; s0 < c1; s0 += LTH_NTK2_RUN) {
                const int64_t run = lth_ntk_min(LTH_NTK2_RUN, c1 - s0);
                for (int64_t i = 0; i < run; i++) {
                    const uint32_t m = bits[s0 + i];
                    const __m256 ci = _mm256_set1_ps(c[s0 + i]);
                    _mm256_store_ps(g[i], _mm256_and_ps(_mm256_mul_ps(a0, ci), expand8(m & 0xff)));
                    _mm256_store_ps(g[i] + 8, _mm256_and_ps(_mm256_mul_ps(a1, ci), expand8((m >> 8) & 0xff)));
                    _mm256_store_ps(g[i] + 16, _mm256_and_ps(_mm256_mul_ps(a2, ci), expand8((m >> 16) & 0xff)));
                    _mm256_store_ps(g[i] + 24, _mm256_and_ps(_mm256_mul_ps(a3, ci), expand8(m >> 24)));
                }
                for (int64_t k0 = 0; k0 < d; k0 += 4) {
                    const int kt = (int)lth_ntk_min(4, d - k0);
                    float *out = gradient + LTH_NTK_INDEX(k0, 32 * t, d);
                    for (int h = 0; h < 2; h++) {
                        __m256 acc[4][2];
                        for (int kk = 0; kk < 4; kk++) {
                            const int load = s0 > 0 && kk < kt;
                            acc[kk][0] = load ? _mm256_loadu_ps(out + kk * 128 + 16 * h) : _mm256_setzero_ps();
                            acc[kk][1] = load ? _mm256_loadu_ps(out + kk * 128 + 16 * h + 8) : _mm256_setzero_ps();
                        }
                        // kt == 4 is the common case: a constant count lets the compiler unroll
                        if (kt == 4) gradient_rows8(L->x + s0 * d + k0, d, g, run, h, 4, acc);
                        else gradient_rows8(L->x + s0 * d + k0, d, g, run, h, kt, acc);
                        for (int kk = 0; kk < kt; kk++) {
                            _mm256_storeu_ps(out + kk * 128 + 16 * h, acc[kk][0]);
                            _mm256_storeu_ps(out + kk * 128 + 16 * h + 8, acc[kk][1]);
                        }
                    }
                }
            }
        }
    }
}
#endif
