// The AVX-512 build of the NTK step kernels: the register tiles of ntk_step_loops.h (8 samples x
// 32 neurons forward, 8 coordinates x 32 neurons for the gradient, two 16-lane registers per
// sample or coordinate) written with intrinsics; each output element sees the same operations in
// the same order as in the other builds.
#if defined(__x86_64__)
#include <immintrin.h>
#include "ntk_step_common.h"

#define LTH_A512 __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,fma")))
#define LTH_NTK_TILE LTH_A512 LTH_NTK_INLINE

/// relu by the sign bit, 16 lanes: bits & ~(bits >> 31).
LTH_NTK_TILE __m512 relu16(__m512 z) {
    const __m512i b = _mm512_castps_si512(z);
    return _mm512_castsi512_ps(_mm512_andnot_si512(_mm512_srai_epi32(b, 31), b));
}

/// 1{z + 0 >= 0} for 16 lanes (the sign bits of z + 0, inverted).
LTH_NTK_TILE uint32_t active16(__m512 z) {
    return (uint32_t)(uint16_t)~_mm512_movepi32_mask(_mm512_add_ps(z, _mm512_setzero_ps()));
}

typedef struct { __m512 c[8][2]; } lth_ntk_forward_acc;
typedef struct { __m512 l[8]; } lth_ntk_lanes;

LTH_NTK_TILE void forward_zero(lth_ntk_forward_acc *acc) {
#pragma clang loop unroll(full)
    for (int s = 0; s < 8; s++) acc->c[s][0] = acc->c[s][1] = _mm512_setzero_ps();
}

LTH_NTK_TILE void forward_products(lth_ntk_forward_acc *acc, const float *p, const float *w, int64_t count) {
    for (int64_t k = 0; k < count; k++, w += 128, p += 8) {
        const __m512 w0 = _mm512_loadu_ps(w), w1 = _mm512_loadu_ps(w + 16);
#pragma clang loop unroll(full)
        for (int s = 0; s < 8; s++) {
            const __m512 v = _mm512_set1_ps(p[s]);
            acc->c[s][0] = _mm512_fmadd_ps(v, w0, acc->c[s][0]);
            acc->c[s][1] = _mm512_fmadd_ps(v, w1, acc->c[s][1]);
        }
    }
}

LTH_NTK_TILE void forward_epilogue(const lth_ntk_forward_acc *acc, const float *a, int part, int valid, int isFull,
                                   uint32_t *bits, lth_ntk_lanes *lanes, float z[8][32]) {
    (void)part;
    const __m512 a0 = _mm512_loadu_ps(a), a1 = _mm512_loadu_ps(a + 16);
    // a copy indexed by the sample, so that the accumulators themselves stay in registers
    __m512 c[8][2];
#pragma clang loop unroll(full)
    for (int s = 0; s < 8; s++) c[s][0] = acc->c[s][0], c[s][1] = acc->c[s][1];
    for (int s = 0; s < 8; s++) {
        if (s >= valid) break;
        if (bits) bits[s] = active16(c[s][0]) | (active16(c[s][1]) << 16);
        if (isFull) {
            lanes->l[s] = _mm512_add_ps(lanes->l[s], _mm512_mul_ps(relu16(c[s][0]), a0));
            lanes->l[s] = _mm512_add_ps(lanes->l[s], _mm512_mul_ps(relu16(c[s][1]), a1));
        } else {
            _mm512_store_ps(z[s], c[s][0]);
            _mm512_store_ps(z[s] + 16, c[s][1]);
        }
    }
}

LTH_NTK_TILE void lanes_zero(lth_ntk_lanes *lanes) {
#pragma clang loop unroll(full)
    for (int s = 0; s < 8; s++) lanes->l[s] = _mm512_setzero_ps();
}

LTH_NTK_TILE void lanes_sum(const lth_ntk_lanes *lanes, int s, double *sum) {
    float values[16];
    _mm512_storeu_ps(values, lanes->l[s]);
    lth_ntk_add_lanes(values, sum);
}

LTH_NTK_TILE void gradient_factors(const uint32_t *bits, const float *c, const float *a, int64_t run, float g[][32]) {
    const __m512 a0 = _mm512_loadu_ps(a), a1 = _mm512_loadu_ps(a + 16);
    for (int64_t i = 0; i < run; i++) {
        const uint32_t m = bits[i];
        const __m512 ci = _mm512_set1_ps(c[i]);
        _mm512_store_ps(g[i], _mm512_maskz_mul_ps((__mmask16)m, a0, ci));
        _mm512_store_ps(g[i] + 16, _mm512_maskz_mul_ps((__mmask16)(m >> 16), a1, ci));
    }
}

LTH_NTK_TILE void gradient_tile(const float *x, int64_t d, const float (*g)[32], int64_t run, const int kt, int part, int first,
                                float *out) {
    (void)part;
    __m512 acc[8][2];
#pragma clang loop unroll(full)
    for (int kk = 0; kk < 8; kk++) {
        const int load = !first && kk < kt;
        acc[kk][0] = load ? _mm512_loadu_ps(out + kk * 128) : _mm512_setzero_ps();
        acc[kk][1] = load ? _mm512_loadu_ps(out + kk * 128 + 16) : _mm512_setzero_ps();
    }
    for (int64_t i = 0; i < run; i++) {
        const __m512 g0 = _mm512_load_ps(g[i]), g1 = _mm512_load_ps(g[i] + 16);
        const float *xi = x + i * d;
        for (int kk = 0; kk < kt; kk++) {
            const __m512 v = _mm512_set1_ps(xi[kk]);
            acc[kk][0] = _mm512_fmadd_ps(v, g0, acc[kk][0]);
            acc[kk][1] = _mm512_fmadd_ps(v, g1, acc[kk][1]);
        }
    }
    for (int kk = 0; kk < kt; kk++) {
        _mm512_storeu_ps(out + kk * 128, acc[kk][0]);
        _mm512_storeu_ps(out + kk * 128 + 16, acc[kk][1]);
    }
}

#define LTH_NTK_NAME(kernel) lth_ntk_##kernel##_avx512
#define LTH_NTK_TARGET LTH_A512
#define LTH_NTK_SAMPLES 8
#define LTH_NTK_PARTS 1
#define LTH_NTK_COORDS 8
#include "ntk_step_loops.h"
#endif
