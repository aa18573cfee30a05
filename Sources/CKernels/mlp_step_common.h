// Definitions shared by the builds of the MLP step kernels (mlp_step_*.c); see
// include/mlp_step.h. The output and backward kernels and the epilogues are written here once,
// on 16-lane vectors (explicit fused multiply-adds where the definition has them, no other
// contraction: the target is compiled with -ffp-contract=off), and compiled in each build with
// that build's instruction set, so the operations, and the bits, are the same in every build.
#ifndef LTH_MLP_STEP_COMMON_H
#define LTH_MLP_STEP_COMMON_H

#include <stdint.h>
#include "mlp_step.h"

// The helpers below pass 64-byte vectors by value; all are always inlined, so no call crosses
// the ABI that -Wpsabi warns about (builds without AVX-512 pass such vectors differently).
#pragma clang diagnostic ignored "-Wpsabi"

#define LTH_MLP_INLINE __attribute__((always_inline)) static inline

LTH_MLP_INLINE int64_t lth_mlp_min(int64_t a, int64_t b) { return a < b ? a : b; }

/// Number of groups of at most LTH_MLP_GROUP items that `count` items are split into.
LTH_MLP_INLINE int64_t lth_mlp_group_count(int64_t count) { return (count + LTH_MLP_GROUP - 1) / LTH_MLP_GROUP; }

/// relu(z) = +0 when z <= 0, else z (NaN kept).
LTH_MLP_INLINE float lth_mlp_relu(float z) { return z <= 0.0f ? 0.0f : z; }

/// The forward epilogue of one row of a panel: z = fl(s + b).
LTH_MLP_INLINE void lth_mlp_add_bias(const float s[32], const float *b, float *z) {
    for (int l = 0; l < 32; l++) z[l] = s[l] + b[l];
}

/// The SGD rule on 32 consecutive weights w (and velocities v) given their gradients dw (see
/// include/mlp_step.h, `SGDUpdate.applyGradient`).
LTH_MLP_INLINE void lth_mlp_apply_rule(const float dw[32], lth_sgd_rule rule, float *w, float *v) {
    if (v && rule.mu > 0) {
        if (rule.lambda > 0) {
            for (int l = 0; l < 32; l++) {
                v[l] = (rule.mu * v[l] + rule.lambda * w[l]) + dw[l];
                w[l] -= rule.eta * v[l];
            }
        } else {
            for (int l = 0; l < 32; l++) {
                v[l] = rule.mu * v[l] + dw[l];
                w[l] -= rule.eta * v[l];
            }
        }
        return;
    }
    const float beta = 1.0f - rule.eta * rule.lambda;
    for (int l = 0; l < 32; l++) w[l] = beta * w[l] - rule.eta * dw[l];
}

/// 16 float32 lanes (GCC/Clang vector extension: element-wise IEEE operations, lowered to the
/// registers of each build), and unaligned loads and stores of them.
typedef float lth_v16 __attribute__((vector_size(64)));
typedef int32_t lth_i16 __attribute__((vector_size(64)));
typedef float lth_v16u __attribute__((vector_size(64), aligned(4)));
LTH_MLP_INLINE lth_v16 lth_load16(const float *p) { return *(const lth_v16u *)p; }
LTH_MLP_INLINE void lth_store16(float *p, lth_v16 v) { *(lth_v16u *)p = v; }
LTH_MLP_INLINE lth_v16 lth_relu16(lth_v16 z) { return (lth_v16)((lth_i16)z & ~(lth_i16)(z <= 0.0f)); }

/// fl(a b + c) on 16 lanes.
LTH_MLP_INLINE lth_v16 lth_fma16(lth_v16 a, lth_v16 b, lth_v16 c) { return __builtin_elementwise_fma(a, b, c); }

/// Unrolled lists of offsets (classes or rows handled together have independent sums, so that
/// their operations overlap).
#define LTH_MLP_LIST_1(X) X(0)
#define LTH_MLP_LIST_4(X) X(0) X(1) X(2) X(3)
#define LTH_MLP_LIST_8(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7)

/// The halving fold of 16 lanes to lane 0 (+8, +4, +2, +1; see include/mlp_step.h).
LTH_MLP_INLINE float lth_mlp_fold(lth_v16 v) {
    float a[16];
    lth_store16(a, v);
    for (int width = 8; width >= 1; width /= 2)
        for (int l = 0; l < width; l++) a[l] = a[l] + a[l + width];
    return a[0];
}

/// Rows and classes of one block of the output kernel: the block's 16-lane sums (8 x 16 x 64 B)
/// stay in the L1 cache while the panels go by, and each panel's z of the block's rows is one
/// contiguous run (8 x 128 B).
enum { LTH_MLP_OUTPUT_ROWS = 8, LTH_MLP_OUTPUT_CLASSES = 16 };

LTH_MLP_INLINE void lth_mlp_output_portable(const lth_mlp_layer *L, const float *z, int64_t i0, int64_t i1, float *u) {
    const int64_t rows = L->rows, np = L->np, panels = np / 32, classes = L->classes;
    lth_v16 a[LTH_MLP_OUTPUT_ROWS][LTH_MLP_OUTPUT_CLASSES];
    for (int64_t r0 = i0; r0 < i1; r0 += LTH_MLP_OUTPUT_ROWS) {
        const int64_t nr = lth_mlp_min(LTH_MLP_OUTPUT_ROWS, i1 - r0);
        for (int64_t c0 = 0; c0 < classes; c0 += LTH_MLP_OUTPUT_CLASSES) {
            const int64_t nc = lth_mlp_min(LTH_MLP_OUTPUT_CLASSES, classes - c0);
            for (int64_t r = 0; r < nr; r++)
                for (int64_t q = 0; q < nc; q++) a[r][q] = (lth_v16){0};
            for (int64_t p = 0; p < panels; p++) {
                const float *zb = z + 32 * p * rows + 32 * r0;
                for (int64_t line = 0; line < 2 * nr; line++) __builtin_prefetch(zb + 2 * 32 * rows + 16 * line);
                const float *w = L->w1 + c0 * np + 32 * p;
                for (int64_t r = 0; r < nr; r++) {
                    const lth_v16 hlo = lth_relu16(lth_load16(zb + 32 * r)), hhi = lth_relu16(lth_load16(zb + 32 * r + 16));
                    for (int64_t q = 0; q < nc; q++) {
                        const float *wq = w + q * np;
                        a[r][q] = lth_fma16(hhi, lth_load16(wq + 16), lth_fma16(hlo, lth_load16(wq), a[r][q]));
                    }
                }
            }
            for (int64_t r = 0; r < nr; r++)
                for (int64_t q = 0; q < nc; q++) u[(r0 + r) * classes + c0 + q] = lth_mlp_fold(a[r][q]) + L->b1[c0 + q];
        }
    }
}

/// dW1 for the classes c0 + 0 .. (as `CLASSES` lists them) and the 32 columns of panel p, then
/// the update of those weights.
#define LTH_MLP_OUTPUT_WEIGHTS(CLASSES)                                                                         \
    {                                                                                                           \
        CLASSES(LTH_MLP_PAIR_DECLARE)                                                                           \
        for (int64_t i = 0; i < rows; i++) {                                                                    \
            const lth_v16 hlo = lth_relu16(lth_load16(zp + 32 * i)), hhi = lth_relu16(lth_load16(zp + 32 * i + 16)); \
            const float *a = g1 + i * classes + c0;                                                             \
            CLASSES(LTH_MLP_WEIGHTS_ADD)                                                                        \
        }                                                                                                       \
        CLASSES(LTH_MLP_WEIGHTS_APPLY)                                                                          \
    }
#define LTH_MLP_PAIR_DECLARE(q) lth_v16 lo##q = {0}, hi##q = {0};
#define LTH_MLP_WEIGHTS_ADD(q)                                                                                  \
    {                                                                                                           \
        const lth_v16 aq = (lth_v16){0} + a[q];                                                                 \
        lo##q = lth_fma16(aq, hlo, lo##q);                                                                      \
        hi##q = lth_fma16(aq, hhi, hi##q);                                                                      \
    }
#define LTH_MLP_WEIGHTS_APPLY(q)                                                                                \
    {                                                                                                           \
        float dw[32];                                                                                           \
        lth_store16(dw, lo##q);                                                                                 \
        lth_store16(dw + 16, hi##q);                                                                            \
        const int64_t at = (c0 + q) * np + 32 * p;                                                              \
        lth_mlp_apply_rule(dw, rule, w1 + at, v1 ? v1 + at : 0);                                                \
    }

/// dh and g0 of the rows i + 0 .. (as `ROWS` lists them) of panel p, their sums added in row order.
#define LTH_MLP_HIDDEN_GRADIENT(ROWS)                                                                           \
    {                                                                                                           \
        ROWS(LTH_MLP_PAIR_DECLARE)                                                                              \
        for (int64_t c = 0; c < classes; c++) {                                                                 \
            const float *w = w1 + c * np + 32 * p;                                                              \
            const lth_v16 wlo = lth_load16(w), whi = lth_load16(w + 16);                                        \
            ROWS(LTH_MLP_HIDDEN_ADD)                                                                            \
        }                                                                                                       \
        ROWS(LTH_MLP_HIDDEN_STORE)                                                                              \
    }
#define LTH_MLP_HIDDEN_ADD(r)                                                                                   \
    {                                                                                                           \
        const lth_v16 a = (lth_v16){0} + g1[(i + r) * classes + c];                                             \
        lo##r = lth_fma16(a, wlo, lo##r);                                                                       \
        hi##r = lth_fma16(a, whi, hi##r);                                                                       \
    }
#define LTH_MLP_HIDDEN_STORE(r)                                                                                 \
    {                                                                                                           \
        const float *zr = zp + 32 * (i + r);                                                                    \
        float *gr = gp + 32 * (i + r);                                                                          \
        const lth_v16 glo = (lth_v16)((lth_i16)lo##r & (lth_i16)(lth_load16(zr) >= 0.0f));                     \
        const lth_v16 ghi = (lth_v16)((lth_i16)hi##r & (lth_i16)(lth_load16(zr + 16) >= 0.0f));                \
        lth_store16(gr, glo);                                                                                   \
        lth_store16(gr + 16, ghi);                                                                              \
        sumlo = sumlo + glo;                                                                                    \
        sumhi = sumhi + ghi;                                                                                    \
    }

LTH_MLP_INLINE void lth_mlp_backward_portable(const lth_mlp_layer *L, const float *z, const float *g1, lth_sgd_rule rule,
                                              int64_t p0, int64_t p1, float *g0, float *bias0, float *w1, float *v1) {
    const int64_t rows = L->rows, classes = L->classes, np = L->np;
    for (int64_t p = p0; p < p1; p++) {
        const float *zp = z + 32 * p * rows;
        float *gp = g0 + 32 * p * rows;
        lth_v16 sumlo = {0}, sumhi = {0};
        int64_t i = 0;
        for (; i + 4 <= rows; i += 4) LTH_MLP_HIDDEN_GRADIENT(LTH_MLP_LIST_4)
        for (; i < rows; i++) LTH_MLP_HIDDEN_GRADIENT(LTH_MLP_LIST_1)
        lth_store16(bias0 + 32 * p, sumlo);
        lth_store16(bias0 + 32 * p + 16, sumhi);
        // W1's columns of this panel change only now, after every dh above has read them.
        int64_t c0 = 0;
        for (; c0 + 8 <= classes; c0 += 8) LTH_MLP_OUTPUT_WEIGHTS(LTH_MLP_LIST_8)
        for (; c0 + 4 <= classes; c0 += 4) LTH_MLP_OUTPUT_WEIGHTS(LTH_MLP_LIST_4)
        for (; c0 < classes; c0++) LTH_MLP_OUTPUT_WEIGHTS(LTH_MLP_LIST_1)
    }
}

#define LTH_MLP_BUILD(name)                                                                                          \
    void lth_mlp_forward_##name(const lth_mlp_layer *layer, int64_t p0, int64_t p1, float *z);                      \
    void lth_mlp_output_##name(const lth_mlp_layer *layer, const float *z, int64_t i0, int64_t i1, float *u);       \
    void lth_mlp_backward_##name(const lth_mlp_layer *layer, const float *z, const float *g1, lth_sgd_rule rule,    \
                                 int64_t p0, int64_t p1, float *g0, float *bias0, float *w1, float *v1);             \
    void lth_mlp_update_##name(const lth_mlp_layer *layer, const float *g0, lth_sgd_rule rule, int64_t p0,         \
                               int64_t p1, float *w0, float *v0);
LTH_MLP_BUILD(generic)
#if defined(__x86_64__)
LTH_MLP_BUILD(avx2)
LTH_MLP_BUILD(avx512)
#endif
#undef LTH_MLP_BUILD

/// The output and backward kernels of a build: the portable definitions above compiled with
/// the build's target attribute `attributes`.
#define LTH_MLP_PORTABLE_KERNELS(name, attributes)                                                                   \
    attributes void lth_mlp_output_##name(const lth_mlp_layer *layer, const float *z, int64_t i0, int64_t i1,       \
                                          float *u) {                                                               \
        lth_mlp_output_portable(layer, z, i0, i1, u);                                                              \
    }                                                                                                                \
    attributes void lth_mlp_backward_##name(const lth_mlp_layer *layer, const float *z, const float *g1,            \
                                            lth_sgd_rule rule, int64_t p0, int64_t p1, float *g0, float *bias0,     \
                                            float *w1, float *v1) {                                                 \
        lth_mlp_backward_portable(layer, z, g1, rule, p0, p1, g0, bias0, w1, v1);                                  \
    }

#endif
