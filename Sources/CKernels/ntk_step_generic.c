// The generic C build of the NTK step kernels (any CPU): the register tiles of ntk_step_loops.h
// (2 samples x 32 neurons forward, 2 coordinates x 32 neurons for the gradient) one element at a
// time, the reference definition the AVX2 and AVX-512 builds follow operation for operation.
// fmaf is a correctly rounded fused multiply-add (an instruction where the CPU has one, the C
// library's otherwise), so all builds give the same bits.
#include <math.h>
#include "ntk_step_common.h"

typedef struct { float c[2][32]; } lth_ntk_forward_acc;
typedef struct { float l[2][16]; } lth_ntk_lanes;

LTH_NTK_INLINE void forward_zero(lth_ntk_forward_acc *acc) { memset(acc, 0, sizeof *acc); }

LTH_NTK_INLINE void forward_products(lth_ntk_forward_acc *acc, const float *p, const float *w, int64_t count) {
    for (int64_t k = 0; k < count; k++, w += 128, p += 2) {
        for (int s = 0; s < 2; s++) {
            const float xv = p[s];
            for (int j = 0; j < 32; j++) acc->c[s][j] = fmaf(xv, w[j], acc->c[s][j]);
        }
    }
}

LTH_NTK_INLINE void forward_epilogue(const lth_ntk_forward_acc *acc, const float *a, int part, int valid, int isFull,
                                     uint32_t *bits, lth_ntk_lanes *lanes, float z[2][32]) {
    (void)part;
    for (int s = 0; s < valid; s++) {
        if (bits) {
            uint32_t b = 0;
            for (int j = 0; j < 32; j++) b |= lth_ntk_active(acc->c[s][j]) << j;
            bits[s] = b;
        }
        if (isFull) {
            for (int j = 0; j < 32; j++) lanes->l[s][j & 15] += lth_ntk_relu_bits(acc->c[s][j]) * a[j];
        } else {
            memcpy(z[s], acc->c[s], sizeof acc->c[s]);
        }
    }
}

LTH_NTK_INLINE void lanes_zero(lth_ntk_lanes *lanes) { memset(lanes, 0, sizeof *lanes); }

LTH_NTK_INLINE void lanes_sum(const lth_ntk_lanes *lanes, int s, double *sum) { lth_ntk_add_lanes(lanes->l[s], sum); }

LTH_NTK_INLINE void gradient_factors(const uint32_t *bits, const float *c, const float *a, int64_t run, float g[][32]) {
    for (int64_t i = 0; i < run; i++) {
        const uint32_t m = bits[i];
        const float ci = c[i];
        for (int j = 0; j < 32; j++) g[i][j] = ((m >> j) & 1u) ? a[j] * ci : 0.0f;
    }
}

LTH_NTK_INLINE void gradient_tile(const float *x, int64_t d, const float (*g)[32], int64_t run, const int kt, int part, int first,
                                  float *out) {
    (void)part;
    float acc[2][32];
    for (int kk = 0; kk < kt; kk++)
        for (int j = 0; j < 32; j++) acc[kk][j] = first ? 0.0f : out[kk * 128 + j];
    for (int64_t i = 0; i < run; i++) {
        const float *xi = x + i * d;
        for (int kk = 0; kk < kt; kk++)
            for (int j = 0; j < 32; j++) acc[kk][j] = fmaf(xi[kk], g[i][j], acc[kk][j]);
    }
    for (int kk = 0; kk < kt; kk++)
        for (int j = 0; j < 32; j++) out[kk * 128 + j] = acc[kk][j];
}

#define LTH_NTK_NAME(kernel) lth_ntk_##kernel##_generic
#define LTH_NTK_TARGET
#define LTH_NTK_SAMPLES 2
#define LTH_NTK_PARTS 1
#define LTH_NTK_COORDS 2
#include "ntk_step_loops.h"
