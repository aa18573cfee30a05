// The generic C build of the MLP step kernels: the reference definition of include/mlp_step.h,
// each output element of the two products one fused multiply-add (fmaf) at a time in the
// stated order; the output and backward kernels are the portable ones of mlp_step_common.h.
#include <math.h>
#include "mlp_step_common.h"

/// s[r][l] = sum_k a[k size + r] panel[32 k + l] for r < size (fmaf from +0 in the order of k).
static void group_tile(int64_t size, const float *a, const float *panel, int64_t depth, float s[LTH_MLP_GROUP][32]) {
    for (int64_t r = 0; r < size; r++)
        for (int l = 0; l < 32; l++) {
            float sum = 0.0f;
            for (int64_t k = 0; k < depth; k++) sum = fmaf(a[k * size + r], panel[32 * k + l], sum);
            s[r][l] = sum;
        }
}

#define LTH_MLP_GROUP_TILE group_tile
#define LTH_MLP_TARGET
#define LTH_MLP_NAME(kernel) lth_mlp_##kernel##_generic
#include "mlp_step_products.h"

LTH_MLP_PORTABLE_KERNELS(generic, )
