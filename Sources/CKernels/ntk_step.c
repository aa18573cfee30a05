// Dispatch of the NTK step kernels to the build `lth_isa_active()` names.
#include "kernel_isa.h"
#include "ntk_step_common.h"

void lth_ntk_forward(const lth_ntk_layer *layer, int64_t i0, int64_t i1, double *sums, uint32_t *mask) {
    switch (lth_isa_active()) {
#if defined(__x86_64__)
    case LTH_ISA_AVX512: lth_ntk_forward_avx512(layer, i0, i1, sums, mask); return;
    case LTH_ISA_AVX2: lth_ntk_forward_avx2(layer, i0, i1, sums, mask); return;
#endif
    default: lth_ntk_forward_generic(layer, i0, i1, sums, mask); return;
    }
}

void lth_ntk_gradient(const lth_ntk_layer *layer, const float *c, const uint32_t *mask,
                      int64_t t0, int64_t t1, float *gradient) {
    switch (lth_isa_active()) {
#if defined(__x86_64__)
    case LTH_ISA_AVX512: lth_ntk_gradient_avx512(layer, c, mask, t0, t1, gradient); return;
    case LTH_ISA_AVX2: lth_ntk_gradient_avx2(layer, c, mask, t0, t1, gradient); return;
#endif
    default: lth_ntk_gradient_generic(layer, c, mask, t0, t1, gradient); return;
    }
}
