// Definitions shared by the builds of the NTK step kernels (ntk_step_*.c; their loops are in
// ntk_step_loops.h); see include/ntk_step.h.
#ifndef LTH_NTK_STEP_COMMON_H
#define LTH_NTK_STEP_COMMON_H

#include <stdint.h>
#include <string.h>
#include "ntk_step.h"

#define LTH_NTK_INLINE __attribute__((always_inline)) static inline

/// Input coordinates per packed slice of a forward tile's rows (S x 1024 floats on the stack),
/// and rows per run of precomputed g_ir in the gradient (64 x 32 floats). Loop shape only.
enum { LTH_NTK_SLICE = 1024, LTH_NTK_RUN = 64 };

/// Rows of X per chunk: the chunk (at most 1 MiB of floats, at least 8 rows) stays in the
/// core's 2 MiB L2 cache while the kernels go over it once per neuron block or tile. The chunks
/// change the loop order only, never the order of the operations on one output element.
static inline int64_t lth_ntk_chunk_rows(int64_t d) {
    int64_t rows = (int64_t)262144 / (d > 0 ? d : 1);
    return rows < 8 ? 8 : rows;
}

static inline int64_t lth_ntk_min(int64_t a, int64_t b) { return a < b ? a : b; }
static inline int64_t lth_ntk_max(int64_t a, int64_t b) { return a > b ? a : b; }

/// relu by the sign bit: bits & ~(bits >> 31) (arithmetic shift); -0 and negative NaNs give +0.
static inline float lth_ntk_relu_bits(float z) {
    int32_t b;
    memcpy(&b, &z, 4);
    b &= ~(b >> 31);
    memcpy(&z, &b, 4);
    return z;
}

/// Swift's max(z, 0): 0 > z ? 0 : z (keeps -0 and NaN), used for the neurons after the last full
/// 128-block, as `DenseKernels.signedReLUSum` does.
static inline float lth_ntk_relu_max(float z) { return 0.0f > z ? 0.0f : z; }

/// 1 when z + 0 has its sign bit clear (z >= 0, -0 included; a NaN by its sign bit).
static inline uint32_t lth_ntk_active(float z) {
    float shifted = z + 0.0f;
    uint32_t b;
    memcpy(&b, &shifted, 4);
    return (~b) >> 31;
}

/// Copies coordinates k0 .. k0+count-1 of the S rows `xs` into `packed` coordinate-major
/// (packed[S k + s] = x_{s, k0 + k}), so that a forward tile reads one pointer.
LTH_NTK_INLINE void lth_ntk_pack(const int S, const float *const *xs, int64_t k0, int64_t count, float *packed) {
    for (int64_t k = 0; k < count; k++)
        for (int s = 0; s < S; s++) packed[S * k + s] = xs[s][k0 + k];
}

/// Adds the 16 lanes of a full 128-block in order in float32 from +0 and the result to `sum`.
static inline void lth_ntk_add_lanes(const float lanes[16], double *sum) {
    float block = 0.0f;
    for (int l = 0; l < 16; l++) block += lanes[l];
    *sum += (double)block;
}

/// The neurons r .. r+31 of a tile in the partial last block, one by one in float64, skipping
/// the padding (r + j >= n).
static inline void lth_ntk_add_tail(const float z[32], const float *a, int64_t r, int64_t n, double *sum) {
    for (int j = 0; j < 32 && r + j < n; j++) *sum += (double)(lth_ntk_relu_max(z[j]) * a[r + j]);
}

void lth_ntk_forward_generic(const lth_ntk_layer *layer, int64_t i0, int64_t i1, double *sums, uint32_t *mask);
void lth_ntk_gradient_generic(const lth_ntk_layer *layer, const float *c, const uint32_t *mask, int64_t t0, int64_t t1, float *gradient);
void lth_ntk_forward_avx2(const lth_ntk_layer *layer, int64_t i0, int64_t i1, double *sums, uint32_t *mask);
void lth_ntk_gradient_avx2(const lth_ntk_layer *layer, const float *c, const uint32_t *mask, int64_t t0, int64_t t1, float *gradient);
void lth_ntk_forward_avx512(const lth_ntk_layer *layer, int64_t i0, int64_t i1, double *sums, uint32_t *mask);
void lth_ntk_gradient_avx512(const lth_ntk_layer *layer, const float *c, const uint32_t *mask, int64_t t0, int64_t t1, float *gradient);

#endif
