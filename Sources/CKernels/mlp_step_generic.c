// The generic C build of the MLP step kernels: the reference definition of include/mlp_step.h,
// the two products one output element at a time in the stated order.
#include <math.h>
#include "mlp_step_common.h"

void lth_mlp_forward_generic(const lth_mlp_layer *L, int64_t p0, int64_t p1, float *z) {
    const int64_t rows = L->rows, d = L->d;
    for (int64_t p = p0; p < p1; p++) {
        const float *panel = L->w0 + 32 * p * d;
        for (int64_t group = 0; group < lth_mlp_group_count(rows); group++) {
            int64_t i0, size;
            lth_mlp_group(rows, group, &i0, &size);
            const float *x = L->forward_x + i0 * d;
            for (int64_t s = 0; s < size; s++) {
                float acc[32];
                for (int l = 0; l < 32; l++) {
                    float sum = 0.0f;
                    for (int64_t k = 0; k < d; k++) sum = fmaf(x[k * size + s], panel[32 * k + l], sum);
                    acc[l] = sum;
                }
                lth_mlp_add_bias(acc, L->b0 + 32 * p, z + 32 * p * rows + 32 * (i0 + s));
            }
        }
    }
}

void lth_mlp_update_generic(const lth_mlp_layer *L, const float *g0, lth_sgd_rule rule, int64_t p0, int64_t p1,
                            float *w0, float *v0) {
    const int64_t rows = L->rows, d = L->d;
    for (int64_t p = p0; p < p1; p++) {
        const float *gp = g0 + 32 * p * rows;
        for (int64_t group = 0; group < lth_mlp_group_count(d); group++) {
            int64_t k0, size;
            lth_mlp_group(d, group, &k0, &size);
            const float *x = L->update_x + k0 * rows;
            for (int64_t s = 0; s < size; s++) {
                float dw[32];
                for (int l = 0; l < 32; l++) {
                    float sum = 0.0f;
                    for (int64_t i = 0; i < rows; i++) sum = fmaf(x[i * size + s], gp[32 * i + l], sum);
                    dw[l] = sum;
                }
                const int64_t at = 32 * p * d + 32 * (k0 + s);
                lth_mlp_apply_rule(dw, rule, w0 + at, v0 ? v0 + at : 0);
            }
        }
    }
}

LTH_MLP_PORTABLE_KERNELS(generic, )
