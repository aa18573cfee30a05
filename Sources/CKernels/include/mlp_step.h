// The fused training step of the two-layer MLP (one hidden ReLU layer, trainable output layer
// and biases, as nn.Sequential(Linear(d, n), ReLU(), Linear(n, C))):
//
//     z_i = W0 x_i + b0,   u_i = W1 relu(z_i) + b1,
//
// as four kernels that keep the hidden layer in panels of 32 neurons, so that no product
// repacks the weights W0 (the largest operand) and the pre-activations are written and read as
// contiguous 32-neuron runs instead of rows of a power-of-two length:
//
// - `lth_mlp_forward`: Z in the panel layout;
// - `lth_mlp_output`:  U from Z (relu on the fly), rows x C row-major;
// - `lth_mlp_backward`: from G1 = dl/dU (rows x C), per panel: G0 = dl/dZ (panel layout), its
//   column sums (the gradient of b0) and the SGD update of the panel's columns of W1;
// - `lth_mlp_update`: the SGD update of W0 from G0 and the samples.
//
// Layout. n hidden neurons padded to np, a multiple of 32. W0 (n x d, row j = neuron j) is kept
// in panels: w0_jk is at LTH_MLP_INDEX(k, j, d) = (j / 32) 32 d + 32 k + j % 32; b0 has np
// entries; W1 is C x np row-major. The padding neurons have zero weights and biases and get
// zero gradients, so they stay zero and add +0 to every sum. Z and G0 are in panels of rows x 32:
// z_ij is at (j / 32) 32 rows + 32 i + j % 32. The samples x (rows x d, row-major) are copied
// once per batch by `lth_mlp_pack_input` into row groups (forward) and coordinate groups (update)
// of at most LTH_MLP_GROUP, sizes as equal as possible (`lth_mlp_group`). A velocity has the
// layout of its weights.
//
// Arithmetic (fl(.) is one float32 rounding; fma(a, b, c) = fl(a b + c), one rounding;
// relu(z) = +0 when z <= 0, else z, NaN kept):
// - forward:  z_ij = fl(s_ij + b0_j), s_ij = fma(x_ik, w0_jk, .) from +0 in the order k = 0 .. d-1;
// - output:   16 lanes, lane l from +0: for each panel p in order, a_l = fma(relu(z_{i,32p+l}),
//             w1_{c,32p+l}, a_l) then a_l = fma(relu(z_{i,32p+16+l}), w1_{c,32p+16+l}, a_l);
//             the lanes folded in halves (a_l <- fl(a_l + a_{l+8}), then +4, +2, +1) to f = a_0;
//             u_ic = fl(f + b1_c);
// - backward: dh_ij = fma(g1_ic, w1_cj, .) from +0 in the order c = 0 .. C-1 (W1 before its
//             update); g0_ij = dh_ij when z_ij >= 0, else +0 (NaN z gives +0); the bias
//             gradient of neuron j is fl-sum over i = 0 .. rows-1 of g0_ij from +0; and
//             dW1_cj = fma(g1_ic, relu(z_ij), .) from +0 in the order i = 0 .. rows-1;
// - update:   dW0_jk = fma(g0_ij, x_ik, .) from +0 in the order i = 0 .. rows-1;
// - both weight updates then apply the rule of `SGDUpdate.applyGradient` (no momentum:
//   w <- fl(fl(beta w) - fl(eta dW)), beta = fl(1 - fl(eta lambda)); momentum mu > 0:
//   v <- fl(fl(mu v) + dW), or fl(fl(fl(mu v) + fl(lambda w)) + dW) when lambda > 0, then
//   w <- fl(w - fl(eta v))).
// The three builds (kernel_isa.h) perform these operations for each output element; every
// output element is computed by one call in this fixed order, so any partition of the panels
// (forward, backward, update) or of the rows (output) over threads gives the same bits.
#ifndef LTH_MLP_STEP_H
#define LTH_MLP_STEP_H

#include <stdint.h>
#include "kernel_isa.h"

/// Where w0_jk (neuron j, input coordinate k) is stored (see Layout).
#define LTH_MLP_INDEX(k, j, d) (((j) / 32) * 32 * (d) + 32 * (k) + (j) % 32)

/// The largest row group (forward) and coordinate group (update) of the packed samples.
#define LTH_MLP_GROUP 14

#ifdef __cplusplus
extern "C" {
#endif

/// The SGD rule of the updates: learning rate eta, momentum mu, weight decay lambda.
typedef struct {
    float eta;
    float mu;
    float lambda;
} lth_sgd_rule;

/// The operands of the step (the pointers the kernels read; the outputs are arguments).
typedef struct {
    /// The packed samples (`lth_mlp_pack_input`), rows * d floats each.
    const float *forward_x;
    const float *update_x;
    int64_t rows;
    int64_t d;
    /// The padded width np (a multiple of 32) and the number of outputs C.
    int64_t np;
    int64_t classes;
    /// W0 in panels and b0 (np), W1 (C x np) and b1 (C).
    const float *w0;
    const float *b0;
    const float *w1;
    const float *b1;
} lth_mlp_layer;

/// Group `index` of the split of `count` items into ceil(count / LTH_MLP_GROUP) consecutive
/// groups whose sizes differ by at most one (the larger first): its first item and its size.
void lth_mlp_group(int64_t count, int64_t index, int64_t *first, int64_t *size);

/// Copies the row groups [g0, g1) of x (rows x d) into `forward`: the group of size R starting
/// at row i0 holds x_{i0 + s, k} at i0 d + k R + s. There are ceil(rows / LTH_MLP_GROUP) groups.
void lth_mlp_pack_rows(const float *x, int64_t rows, int64_t d, int64_t g0, int64_t g1, float *forward);

/// Copies the coordinate groups [g0, g1) of x into `update`: the group of size K starting at
/// coordinate k0 holds x_{i, k0 + s} at k0 rows + i K + s. There are ceil(d / LTH_MLP_GROUP) groups.
void lth_mlp_pack_coordinates(const float *x, int64_t rows, int64_t d, int64_t g0, int64_t g1, float *update);

/// Both packings of x, all groups.
void lth_mlp_pack_input(const float *x, int64_t rows, int64_t d, float *forward, float *update);

/// z for the panels [p0, p1) (panel layout, rows x 32 each).
void lth_mlp_forward(const lth_mlp_layer *layer, int64_t p0, int64_t p1, float *z);

/// u (rows x C row-major) for the rows [i0, i1).
void lth_mlp_output(const lth_mlp_layer *layer, const float *z, int64_t i0, int64_t i1, float *u);

/// For the panels [p0, p1): g0 (panel layout) and bias0[j] (the gradient of b0) from z and
/// g1 (rows x C), then the update of those panels' columns of w1 (and v1 with momentum).
/// w1 and v1 are the layer's W1 and its velocity (v1 may be NULL without momentum).
void lth_mlp_backward(const lth_mlp_layer *layer, const float *z, const float *g1, lth_sgd_rule rule,
                      int64_t p0, int64_t p1, float *g0, float *bias0, float *w1, float *v1);

/// For the panels [p0, p1): the update of w0 (and v0 with momentum; may be NULL otherwise)
/// from g0 (panel layout) and the packed samples.
void lth_mlp_update(const lth_mlp_layer *layer, const float *g0, lth_sgd_rule rule,
                    int64_t p0, int64_t p1, float *w0, float *v0);

/// The four kernels with the build `isa`: 0, or -1 (nothing done) when the CPU does not run it.
/// For tests comparing the builds without changing the process-wide choice.
int lth_mlp_forward_with(lth_isa isa, const lth_mlp_layer *layer, int64_t p0, int64_t p1, float *z);
int lth_mlp_output_with(lth_isa isa, const lth_mlp_layer *layer, const float *z, int64_t i0, int64_t i1, float *u);
int lth_mlp_backward_with(lth_isa isa, const lth_mlp_layer *layer, const float *z, const float *g1, lth_sgd_rule rule,
                          int64_t p0, int64_t p1, float *g0, float *bias0, float *w1, float *v1);
int lth_mlp_update_with(lth_isa isa, const lth_mlp_layer *layer, const float *g0, lth_sgd_rule rule,
                        int64_t p0, int64_t p1, float *w0, float *v0);

#ifdef __cplusplus
}
#endif
#endif
