// The AVX2 + FMA build of the NTK step kernels: the register tiles of ntk_step_loops.h written
// with intrinsics in sizes that fit AVX2's sixteen registers: a 32-neuron tile in two parts of
// 16 neurons, 4 samples x 16 neurons forward and 4 coordinates x 16 neurons for the gradient
// (two 8-lane registers per sample or coordinate); each output element sees the same operations
// in the same order as in the other builds.
#if defined(__x86_64__)
#include <immintrin.h>
#include "ntk_step_common.h"

#define LTH_A2 __attribute__((target("avx2,fma")))
#define LTH_NTK_TILE LTH_A2 LTH_NTK_INLINE

/// relu by the sign bit, 8 lanes: bits & ~(bits >> 31).
LTH_NTK_TILE __m256 relu8(__m256 z) {
    const __m256i b = _mm256_castps_si256(z);
    return _mm256_castsi256_ps(_mm256_andnot_si256(_mm256_srai_epi32(b, 31), b));
}

/// 1{z + 0 >= 0} for 8 lanes (the sign bits of z + 0, inverted).
LTH_NTK_TILE uint32_t active8(__m256 z) {
    return (uint32_t)(~_mm256_movemask_ps(_mm256_add_ps(z, _mm256_setzero_ps())) & 0xff);
}

/// All-ones lanes where bit l of `bits` (8 bits) is set, zero elsewhere.
LTH_NTK_TILE __m256 expand8(uint32_t bits) {
    const __m256i lane = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
    const __m256i set = _mm256_and_si256(_mm256_set1_epi32((int)bits), lane);
    return _mm256_castsi256_ps(_mm256_cmpeq_epi32(set, lane));
}

typedef struct { __m256 c[4][2]; } lth_ntk_forward_acc;
typedef struct { float l[4][16] __attribute__((aligned(32))); } lth_ntk_lanes;

LTH_NTK_TILE void forward_zero(lth_ntk_forward_acc *acc) {
#pragma clang loop unroll(full)
    for (int s = 0; s < 4; s++) acc->c[s][0] = acc->c[s][1] = _mm256_setzero_ps();
}

LTH_NTK_TILE void forward_products(lth_ntk_forward_acc *acc, const float *p, const float *w, int64_t count) {
    for (int64_t k = 0; k < count; k++, w += 128, p += 4) {
        const __m256 w0 = _mm256_loadu_ps(w), w1 = _mm256_loadu_ps(w + 8);
#pragma clang loop unroll(full)
        for (int s = 0; s < 4; s++) {
            const __m256 v = _mm256_broadcast_ss(p + s);
            acc->c[s][0] = _mm256_fmadd_ps(v, w0, acc->c[s][0]);
            acc->c[s][1] = _mm256_fmadd_ps(v, w1, acc->c[s][1]);
        }
    }
}

/// Part `part` of a tile is its neurons 16 part .. 16 part + 15: lane l of the 16 takes neuron
/// l of part 0, then neuron l of part 1, the order of the other builds.
LTH_NTK_TILE void forward_epilogue(const lth_ntk_forward_acc *acc, const float *a, int part, int valid, int isFull,
                                   uint32_t *bits, lth_ntk_lanes *lanes, float z[4][32]) {
    const __m256 a0 = _mm256_loadu_ps(a), a1 = _mm256_loadu_ps(a + 8);
    const __m256 (*c)[2] = acc->c;
    // unrolled (a constant index per sample), so that the accumulators stay in registers
#pragma clang loop unroll(full)
    for (int s = 0; s < 4; s++) {
        if (s >= valid) continue;
        if (bits) {
            const uint32_t half = active8(c[s][0]) | (active8(c[s][1]) << 8);
            bits[s] = part == 0 ? half : bits[s] | (half << 16);
        }
        if (isFull) {
            float *l = lanes->l[s];
            _mm256_store_ps(l, _mm256_add_ps(_mm256_load_ps(l), _mm256_mul_ps(relu8(c[s][0]), a0)));
            _mm256_store_ps(l + 8, _mm256_add_ps(_mm256_load_ps(l + 8), _mm256_mul_ps(relu8(c[s][1]), a1)));
        } else {
            _mm256_store_ps(z[s] + 16 * part, c[s][0]);
            _mm256_store_ps(z[s] + 16 * part + 8, c[s][1]);
        }
    }
}

LTH_NTK_TILE void lanes_zero(lth_ntk_lanes *lanes) { memset(lanes, 0, sizeof *lanes); }

LTH_NTK_TILE void lanes_sum(const lth_ntk_lanes *lanes, int s, double *sum) { lth_ntk_add_lanes(lanes->l[s], sum); }

LTH_NTK_TILE void gradient_factors(const uint32_t *bits, const float *c, const float *a, int64_t run, float g[][32]) {
    const __m256 a0 = _mm256_loadu_ps(a), a1 = _mm256_loadu_ps(a + 8);
    const __m256 a2 = _mm256_loadu_ps(a + 16), a3 = _mm256_loadu_ps(a + 24);
    for (int64_t i = 0; i < run; i++) {
        const uint32_t m = bits[i];
        const __m256 ci = _mm256_set1_ps(c[i]);
        _mm256_store_ps(g[i], _mm256_and_ps(_mm256_mul_ps(a0, ci), expand8(m & 0xff)));
        _mm256_store_ps(g[i] + 8, _mm256_and_ps(_mm256_mul_ps(a1, ci), expand8((m >> 8) & 0xff)));
        _mm256_store_ps(g[i] + 16, _mm256_and_ps(_mm256_mul_ps(a2, ci), expand8((m >> 16) & 0xff)));
        _mm256_store_ps(g[i] + 24, _mm256_and_ps(_mm256_mul_ps(a3, ci), expand8(m >> 24)));
    }
}

LTH_NTK_TILE void gradient_tile(const float *x, int64_t d, const float (*g)[32], int64_t run, const int kt, int part, int first,
                                float *out) {
    __m256 acc[4][2];
    out += 16 * part;
#pragma clang loop unroll(full)
    for (int kk = 0; kk < 4; kk++) {
        const int load = !first && kk < kt;
        acc[kk][0] = load ? _mm256_loadu_ps(out + kk * 128) : _mm256_setzero_ps();
        acc[kk][1] = load ? _mm256_loadu_ps(out + kk * 128 + 8) : _mm256_setzero_ps();
    }
    for (int64_t i = 0; i < run; i++) {
        const __m256 g0 = _mm256_load_ps(g[i] + 16 * part), g1 = _mm256_load_ps(g[i] + 16 * part + 8);
        const float *xi = x + i * d;
        for (int kk = 0; kk < kt; kk++) {
            const __m256 v = _mm256_broadcast_ss(xi + kk);
            acc[kk][0] = _mm256_fmadd_ps(v, g0, acc[kk][0]);
            acc[kk][1] = _mm256_fmadd_ps(v, g1, acc[kk][1]);
        }
    }
    for (int kk = 0; kk < kt; kk++) {
        _mm256_storeu_ps(out + kk * 128, acc[kk][0]);
        _mm256_storeu_ps(out + kk * 128 + 8, acc[kk][1]);
    }
}

#define LTH_NTK_NAME(kernel) lth_ntk_##kernel##_avx2
#define LTH_NTK_TARGET LTH_A2
#define LTH_NTK_SAMPLES 4
#define LTH_NTK_PARTS 2
#define LTH_NTK_COORDS 4
#include "ntk_step_loops.h"
#endif
