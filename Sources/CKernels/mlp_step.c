// The MLP step kernels (include/mlp_step.h): the packing of the samples, which involves no
// rounding and has one build, and the dispatch of the kernels to a build.
#include "mlp_step_common.h"

void lth_mlp_group(int64_t count, int64_t index, int64_t *first, int64_t *size) {
    const int64_t groups = lth_mlp_group_count(count);
    const int64_t base = groups > 0 ? count / groups : 0, larger = groups > 0 ? count % groups : 0;
    *first = index * base + lth_mlp_min(index, larger);
    *size = base + (index < larger ? 1 : 0);
}

void lth_mlp_pack_rows(const float *x, int64_t rows, int64_t d, int64_t g0, int64_t g1, float *forward) {
    for (int64_t group = g0; group < g1; group++) {
        int64_t i0, size;
        lth_mlp_group(rows, group, &i0, &size);
        float *out = forward + i0 * d;
        const float *first = x + i0 * d;
        for (int64_t k = 0; k < d; k++, out += size)
            for (int64_t s = 0; s < size; s++) out[s] = first[s * d + k];
    }
}

void lth_mlp_pack_coordinates(const float *x, int64_t rows, int64_t d, int64_t g0, int64_t g1, float *update) {
    for (int64_t group = g0; group < g1; group++) {
        int64_t k0, size;
        lth_mlp_group(d, group, &k0, &size);
        float *out = update + k0 * rows;
        for (int64_t i = 0; i < rows; i++, out += size)
            for (int64_t s = 0; s < size; s++) out[s] = x[i * d + k0 + s];
    }
}

void lth_mlp_pack_input(const float *x, int64_t rows, int64_t d, float *forward, float *update) {
    lth_mlp_pack_rows(x, rows, d, 0, lth_mlp_group_count(rows), forward);
    lth_mlp_pack_coordinates(x, rows, d, 0, lth_mlp_group_count(d), update);
}

/// The build `isa` of a kernel, or -1 when the CPU does not run it.
#if defined(__x86_64__)
#define LTH_MLP_DISPATCH(kernel, ...)                                                  \
    if ((int)isa < 0 || isa > lth_isa_supported()) return -1;                         \
    switch (isa) {                                                                     \
    case LTH_ISA_AVX512: lth_mlp_##kernel##_avx512(__VA_ARGS__); return 0;             \
    case LTH_ISA_AVX2: lth_mlp_##kernel##_avx2(__VA_ARGS__); return 0;                 \
    default: lth_mlp_##kernel##_generic(__VA_ARGS__); return 0;                        \
    }
#else
#define LTH_MLP_DISPATCH(kernel, ...)                                                  \
    if ((int)isa < 0 || isa > lth_isa_supported()) return -1;                         \
    lth_mlp_##kernel##_generic(__VA_ARGS__);                                           \
    return 0;
#endif

int lth_mlp_forward_with(lth_isa isa, const lth_mlp_layer *layer, int64_t p0, int64_t p1, float *z) {
    LTH_MLP_DISPATCH(forward, layer, p0, p1, z)
}

int lth_mlp_output_with(lth_isa isa, const lth_mlp_layer *layer, const float *z, int64_t i0, int64_t i1, float *u) {
    LTH_MLP_DISPATCH(output, layer, z, i0, i1, u)
}

int lth_mlp_backward_with(lth_isa isa, const lth_mlp_layer *layer, const float *z, const float *g1, lth_sgd_rule rule,
                          int64_t p0, int64_t p1, float *g0, float *bias0, float *w1, float *v1) {
    LTH_MLP_DISPATCH(backward, layer, z, g1, rule, p0, p1, g0, bias0, w1, v1)
}

int lth_mlp_update_with(lth_isa isa, const lth_mlp_layer *layer, const float *g0, lth_sgd_rule rule,
                        int64_t p0, int64_t p1, float *w0, float *v0) {
    LTH_MLP_DISPATCH(update, layer, g0, rule, p0, p1, w0, v0)
}

void lth_mlp_forward(const lth_mlp_layer *layer, int64_t p0, int64_t p1, float *z) {
    lth_mlp_forward_with(lth_isa_active(), layer, p0, p1, z);
}

void lth_mlp_output(const lth_mlp_layer *layer, const float *z, int64_t i0, int64_t i1, float *u) {
    lth_mlp_output_with(lth_isa_active(), layer, z, i0, i1, u);
}

void lth_mlp_backward(const lth_mlp_layer *layer, const float *z, const float *g1, lth_sgd_rule rule,
                      int64_t p0, int64_t p1, float *g0, float *bias0, float *w1, float *v1) {
    lth_mlp_backward_with(lth_isa_active(), layer, z, g1, rule, p0, p1, g0, bias0, w1, v1);
}

void lth_mlp_update(const lth_mlp_layer *layer, const float *g0, lth_sgd_rule rule,
                    int64_t p0, int64_t p1, float *w0, float *v0) {
    lth_mlp_update_with(lth_isa_active(), layer, g0, rule, p0, p1, w0, v0);
}
