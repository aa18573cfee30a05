// The AVX-512 build of the NTK step kernels: the definition of ntk_step_generic.c written with
// intrinsics and larger register tiles (8 samples x 32 neurons forward, 8 coordinates x 32
// neurons for the gradient); each output element sees the same operations in the same order.
#if defined(__x86_64__)
#include <immintrin.h>
#include "ntk_step_common.h"

#define LTH_A512 __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,fma")))

/// relu by the sign bit, 16 lanes: bits & ~(bits >> 31).
LTH_A512 static inline __m512 relu16(__m512 z) {
    const __m512i b = _mm512_castps_si512(z);
    return _mm512_castsi512_ps(_mm512_andnot_si512(_mm512_srai_epi32(b, 31), b));
}

/// 1{z + 0 >= 0} for 16 lanes (the sign bits of z + 0, inverted).
LTH_A512 static inline uint32_t active16(__m512 z) {
    return (uint32_t)(uint16_t)~_mm512_movepi32_mask(_mm512_add_ps(z, _mm512_setzero_ps()));
}

/// Input coordinates per packed slice of a sample tile (8 x 1024 floats, 32 KiB on the stack).
enum { LTH_NTK_SLICE = 1024 };

/// Copies coordinates k0 .. k0+count-1 of the 8 rows `rows` into `packed` coordinate-major
/// (packed[8 k + s] = x_{s, k0 + k}), so the tile's inner loop reads one pointer.
LTH_A512 static inline void pack8(const float *const rows[8], int64_t k0, int64_t count, float *packed) {
    for (int64_t k = 0; k < count; k++)
        for (int s = 0; s < 8; s++) packed[8 * k + s] = rows[s][k0 + k];
}

LTH_A512 void lth_ntk_forward_avx512(const lth_ntk_layer *L, int64_t i0, int64_t i1, double *sums, uint32_t *mask) {
    const int64_t d = L->d, np = L->np, n = L->n, rows = L->rows;
    const int64_t full = n / 128, blocks = (np + 127) / 128, chunk = lth_ntk_chunk_rows(d);
    float packed[8 * LTH_NTK_SLICE] __attribute__((aligned(64)));
    // neuron blocks whose weights (d x 128 floats each) fit in 32 KiB share one packing of a tile's rows
    const int64_t groupBlocks = d <= LTH_NTK_SLICE ? lth_ntk_max(1, 64 / d) : 1;
    for (int64_t i = i0; i < i1; i++) sums[i] = 0;
    for (int64_t c0 = i0; c0 < i1; c0 += chunk) {
        const int64_t c1 = lth_ntk_min(i1, c0 + chunk);
        for (int64_t group = 0; group < blocks; group += groupBlocks) {
            for (int64_t i = c0; i < c1; i += 8) {
              // rows past the chunk repeat its last row; their results are not used
              const float *xs[8];
              for (int s = 0; s < 8; s++) xs[s] = L->x + lth_ntk_min(i + s, c1 - 1) * d;
              const int valid = (int)lth_ntk_min(8, c1 - i);
              int64_t packedSlice = -1;
              for (int64_t b = group; b < lth_ntk_min(blocks, group + groupBlocks); b++) {
                const int64_t r0 = b * 128, r1 = lth_ntk_min(np, r0 + 128);
                const int isFull = b < full;
                __m512 lanes[8];
                for (int s = 0; s < 8; s++) lanes[s] = _mm512_setzero_ps();
                for (int64_t r = r0; r < r1; r += 32) {
                    __m512 c00 = _mm512_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
                    __m512 c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
                    for (int64_t k0 = 0; k0 < d; k0 += LTH_NTK_SLICE) {
                        const int64_t count = lth_ntk_min(LTH_NTK_SLICE, d - k0);
                        if (packedSlice != k0) {
                            pack8(xs, k0, count, packed);
                            packedSlice = k0;
                        }
                        const float *w = L->wt + LTH_NTK_INDEX(k0, r, d);
                        const float *p = packed;
                        for (int64_t k = 0; k < count; k++, w += 128, p += 8) {
                            const __m512 w0 = _mm512_loadu_ps(w), w1 = _mm512_loadu_ps(w + 16);
                            __m512 v;
                            v = _mm512_set1_ps(p[0]); c00 = _mm512_fmadd_ps(v, w0, c00); c01 = _mm512_fmadd_ps(v, w1, c01);
                            v = _mm512_set1_ps(p[1]); c10 = _mm512_fmadd_ps(v, w0, c10); c11 = _mm512_fmadd_ps(v, w1, c11);
                            v = _mm512_set1_ps(p[2]); c20 = _mm512_fmadd_ps(v, w0, c20); c21 = _mm512_fmadd_ps(v, w1, c21);
                            v = _mm512_set1_ps(p[3]); c30 = _mm512_fmadd_ps(v, w0, c30); c31 = _mm512_fmadd_ps(v, w1, c31);
                            v = _mm512_set1_ps(p[4]); c40 = _mm512_fmadd_ps(v, w0, c40); c41 = _mm512_fmadd_ps(v, w1, c41);
                            v = _mm512_set1_ps(p[5]); c50 = _mm512_fmadd_ps(v, w0, c50); c51 = _mm512_fmadd_ps(v, w1, c51);
                            v = _mm512_set1_ps(p[6]); c60 = _mm512_fmadd_ps(v, w0, c60); c61 = _mm512_fmadd_ps(v, w1, c61);
                            v = _mm512_set1_ps(p[7]); c70 = _mm512_fmadd_ps(v, w0, c70); c71 = _mm512_fmadd_ps(v, w1, c71);
                        }
                    }
                    const __m512 a0 = _mm512_loadu_ps(L->a + r), a1 = _mm512_loadu_ps(L->a + r + 16);
                    const __m512 z[8][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31},
                                            {c40, c41}, {c50, c51}, {c60, c61}, {c70, c71}};
                    for (int s = 0; s < 8; s++) {
                        if (s >= valid) break;
                        if (mask) mask[(r / 32) * rows + i + s] = active16(z[s][0]) | (active16(z[s][1]) << 16);
                        if (isFull) {
                            lanes[s] = _mm512_add_ps(lanes[s], _mm512_mul_ps(relu16(z[s][0]), a0));
                            lanes[s] = _mm512_add_ps(lanes[s], _mm512_mul_ps(relu16(z[s][1]), a1));
                        } else {
                            float values[32];
                            _mm512_storeu_ps(values, z[s][0]);
                            _mm512_storeu_ps(values + 16, z[s][1]);
                            lth_ntk_add_tail(values, L->a, r, n, &sums[i + s]);
                        }
                    }
                }
                if (isFull) {
                    for (int s = 0; s < 8; s++) {
                        if (s >= valid) break;
                        float values[16];
                        _mm512_storeu_ps(values, lanes[s]);
                        lth_ntk_add_lanes(values, &sums[i + s]);
                    }
                }
              }
            }
        }
    }
}

/// acc[kk] += g_i x_{i, k0 + kk} for rows c0 <= i < c1 in order and kk < kt (two 16-neuron halves
/// of one tile), g_i = a c_i where the tile's bit of row i is set, else +0.
LTH_A512 static inline __attribute__((always_inline)) void gradient_rows(
    const lth_ntk_layer *L, const float *c, const uint32_t *bits, __m512 a0, __m512 a1,
    int64_t k0, int64_t c0, int64_t c1, int kt, __m512 acc[8][2]) {
    for (int64_t i = c0; i < c1; i++) {
        const uint32_t m = bits[i];
        const __m512 ci = _mm512_set1_ps(c[i]);
        const __m512 g0 = _mm512_maskz_mul_ps((__mmask16)m, a0, ci);
        const __m512 g1 = _mm512_maskz_mul_ps((__mmask16)(m >> 16), a1, ci);
        const float *xi = L->x + i * L->d + k0;
        for (int kk = 0; kk < kt; kk++) {
            const __m512 v = _mm512_set1_ps(xi[kk]);
            acc[kk][0] = _mm512_fmadd_ps(v, g0, acc[kk][0]);
            acc[kk][1] = _mm512_fmadd_ps(v, g1, acc[kk][1]);
        }
    }
}

LTH_A512 void lth_ntk_gradient_avx512(const lth_ntk_layer *L, const float *c, const uint32_t *mask,
                                      int64_t t0, int64_t t1, float *gradient) {
    const int64_t d = L->d, rows = L->rows, chunk = lth_ntk_chunk_rows(d);
    for (int64_t c0 = 0; c0 < rows; c0 += chunk) {
        const int64_t c1 = lth_ntk_min(rows, c0 + chunk);
        for (int64_t t = t0; t < t1; t++) {
            const __m512 a0 = _mm512_loadu_ps(L->a + 32 * t), a1 = _mm512_loadu_ps(L->a + 32 * t + 16);
            const uint32_t *bits = mask + t * rows;
            for (int64_t k0 = 0; k0 < d; k0 += 8) {
                const int kt = (int)lth_ntk_min(8, d - k0);
                float *out = gradient + LTH_NTK_INDEX(k0, 32 * t, d);
                __m512 acc[8][2];
                for (int kk = 0; kk < 8; kk++) {
                    const int load = c0 > 0 && kk < kt;
                    acc[kk][0] = load ? _mm512_loadu_ps(out + kk * 128) : _mm512_setzero_ps();
                    acc[kk][1] = load ? _mm512_loadu_ps(out + kk * 128 + 16) : _mm512_setzero_ps();
                }
                // kt == 8 is the common case: a constant count lets the compiler unroll and keep acc in registers
                if (kt == 8) gradient_rows(L, c, bits, a0, a1, k0, c0, c1, 8, acc);
                else gradient_rows(L, c, bits, a0, a1, k0, c0, c1, kt, acc);
                for (int kk = 0; kk < kt; kk++) {
                    _mm512_storeu_ps(out + kk * 128, acc[kk][0]);
                    _mm512_storeu_ps(out + kk * 128 + 16, acc[kk][1]);
                }
            }
        }
    }
}
#endif
