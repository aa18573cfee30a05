// The loops of the two products over panels and groups, shared by the builds of the MLP step
// kernels: each includes this file after defining LTH_MLP_GROUP_TILE (its tile of one group by
// one panel: registers in the vector builds, one element at a time in the generic one),
// LTH_MLP_TARGET (its target attribute) and LTH_MLP_NAME (the kernel names of the build).

LTH_MLP_TARGET void LTH_MLP_NAME(forward)(const lth_mlp_layer *L, int64_t p0, int64_t p1, float *z) {
    float s[LTH_MLP_GROUP][32] __attribute__((aligned(64)));
    const int64_t rows = L->rows, d = L->d;
    for (int64_t p = p0; p < p1; p++) {
        for (int64_t group = 0; group < lth_mlp_group_count(rows); group++) {
            int64_t i0, size;
            lth_mlp_group(rows, group, &i0, &size);
            LTH_MLP_GROUP_TILE(size, L->forward_x + i0 * d, L->w0 + 32 * p * d, d, s);
            for (int64_t r = 0; r < size; r++) lth_mlp_add_bias(s[r], L->b0 + 32 * p, z + 32 * p * rows + 32 * (i0 + r));
        }
    }
}

LTH_MLP_TARGET void LTH_MLP_NAME(update)(const lth_mlp_layer *L, const float *g0, lth_sgd_rule rule, int64_t p0, int64_t p1,
                                         float *w0, float *v0) {
    float s[LTH_MLP_GROUP][32] __attribute__((aligned(64)));
    const int64_t rows = L->rows, d = L->d;
    for (int64_t p = p0; p < p1; p++) {
        for (int64_t group = 0; group < lth_mlp_group_count(d); group++) {
            int64_t k0, size;
            lth_mlp_group(d, group, &k0, &size);
            LTH_MLP_GROUP_TILE(size, L->update_x + k0 * rows, g0 + 32 * p * rows, rows, s);
            for (int64_t r = 0; r < size; r++) {
                const int64_t at = 32 * p * d + 32 * (k0 + r);
                lth_mlp_apply_rule(s[r], rule, w0 + at, v0 ? v0 + at : 0);
            }
        }
    }
}
