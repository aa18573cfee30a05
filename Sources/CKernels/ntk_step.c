// Dispatch of the NTK step kernels to a build (kernel_isa.h).
#include "kernel_isa.h"
#include "ntk_step_common.h"

int lth_ntk_forward_with(lth_isa isa, const lth_ntk_layer *layer, int64_t i0, int64_t i1, double *sums, uint32_t *mask) {
    if ((int)isa < 0 || isa > lth_isa_supported()) return -1;
    switch (isa) {
#if defined(__x86_64__)
    case LTH_ISA_AVX512: lth_ntk_forward_avx512(layer, i0, i1, sums, mask); return 0;
    case LTH_ISA_AVX2: lth_ntk_forward_avx2(layer, i0, i1, sums, mask); return 0;
#endif
    default: lth_ntk_forward_generic(layer, i0, i1, sums, mask); return 0;
    }
}

int lth_ntk_gradient_with(lth_isa isa, const lth_ntk_layer *layer, const float *c, const uint32_t *mask,
                          int64_t t0, int64_t t1, float *gradient) {
    if ((int)isa < 0 || isa > lth_isa_supported()) return -1;
    switch (isa) {
#if defined(__x86_64__)
    case LTH_ISA_AVX512: lth_ntk_gradient_avx512(layer, c, mask, t0, t1, gradient); return 0;
    case LTH_ISA_AVX2: lth_ntk_gradient_avx2(layer, c, mask, t0, t1, gradient); return 0;
#endif
    default: lth_ntk_gradient_generic(layer, c, mask, t0, t1, gradient); return 0;
    }
}

void lth_ntk_forward(const lth_ntk_layer *layer, int64_t i0, int64_t i1, double *sums, uint32_t *mask) {
    lth_ntk_forward_with(lth_isa_active(), layer, i0, i1, sums, mask);
}

void lth_ntk_gradient(const lth_ntk_layer *layer, const float *c, const uint32_t *mask,
                      int64_t t0, int64_t t1, float *gradient) {
    lth_ntk_gradient_with(lth_isa_active(), layer, c, mask, t0, t1, gradient);
}
