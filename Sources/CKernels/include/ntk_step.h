// The fused training step of the two-layer NTK network (THEORY.md section 1):
//
//     u(x) = N^(-1/2) sum_r a_r relu(w_r . x),  squared loss,  a_r fixed in {-1, +1},
//
// as two kernels that never form the m x N matrix of pre-activations Z = X W^T in memory:
//
// - `lth_ntk_forward`: for each sample i, z_ir = w_r . x_i, the raw output sum S_i (u_i = S_i /
//   sqrt(N)) and the activation pattern 1{z_ir >= 0} as bits;
// - `lth_ntk_gradient`: dW^T[k][r] = sum_i g_ir x_ik with g_ir = 1{z_ir >= 0} a_r c_i, c_i the
//   caller's per-sample factor (e_i N^(-1/2), divided by the batch size for the mean loss).
//
// Layout. X is rows x d (row-major, row i is x_i). The weights are stored transposed in blocks
// of 128 neurons: np = N rounded up to a multiple of 128, and coordinate k of neuron r is at
// LTH_NTK_INDEX(k, r, d) = (r / 128) 128 d + 128 k + r % 128, so a block's d x 128 weights are
// contiguous (no cache-set conflicts from a power-of-two row length); the gradient has the same
// layout. The padding neurons have w = 0 and a = 0, so they add exact zeros and get zero
// gradients.
// The activation bits are one uint32 per sample and 32-neuron tile: bit j of
// mask[t * rows + i] is 1{z_{i, 32t + j} >= 0} (z + 0 >= 0, so -0 counts as active).
//
// Arithmetic (the same float operations in every build, see kernel_isa.h):
// - z_ir: float32 fused multiply-adds from 0 in the order k = 0 .. d-1 (what OpenBLAS's SkylakeX
//   sgemm kernels do for an inner dimension within one k-block; other kernel sets, e.g. Haswell,
//   sum in another order, so `TwoLayerNTK.outputs` agrees with this kernel within float32
//   rounding, not bit for bit: NTKStepKernelTests.forwardAgreesWithTheBLASForwardWithinRounding);
// - S_i: the neurons in 128-wide blocks; within a full block, 16 float32 lanes, lane j adding
//   relu(z_ir) a_r for r = 128b + j, 128b + 16 + j, ... in order, then the lanes added in order
//   j = 0..15 in float32 from +0 and the block's sum added to a float64 S_i; the neurons after
//   the last full block are added one by one in float64, in order. (This is
//   `DenseKernels.signedReLUSum`.) relu clears negative values by their sign bit (NaN kept);
// - dW^T[k][r]: float32 fused multiply-adds g_ir x_ik from 0 in the order i = 0 .. rows-1;
//   g_ir = a_r c_i exactly (a_r = +-1) or +0.
// Every output element is computed by one call in this fixed order, so any partition of the
// samples (forward) or of the tiles (gradient) over threads gives the same bits.
#ifndef LTH_NTK_STEP_H
#define LTH_NTK_STEP_H

#include <stdint.h>
#include "kernel_isa.h"

/// Where coordinate k of neuron r is stored in W^T and its gradient (see Layout).
#define LTH_NTK_INDEX(k, r, d) (((r) / 128) * 128 * (d) + 128 * (k) + (r) % 128)

#ifdef __cplusplus
extern "C" {
#endif

/// The operands shared by both kernels.
typedef struct {
    /// Samples, rows x d row-major.
    const float *x;
    int64_t rows;
    int64_t d;
    /// W^T in blocks of 128 neurons (LTH_NTK_INDEX).
    const float *wt;
    /// Output signs, np entries (0 on the padding).
    const float *a;
    /// The true width N (n <= np).
    int64_t n;
    /// The padded width, a multiple of 128.
    int64_t np;
} lth_ntk_layer;

/// For samples i in [i0, i1) (build `lth_isa_active()`): sums[i] = S_i as defined above (not divided by sqrt(N)), and, when
/// `mask` is not NULL, the activation bits of those samples (mask has np / 32 * rows entries).
void lth_ntk_forward(const lth_ntk_layer *layer, int64_t i0, int64_t i1, double *sums, uint32_t *mask);

/// For the 32-neuron tiles [t0, t1): gradient[LTH_NTK_INDEX(k, r, d)] = sum over all rows of g_ir x_ik for
/// every k < d and 32 t0 <= r < 32 t1, with g_ir = c[i] a_r where bit r of sample i is set.
void lth_ntk_gradient(const lth_ntk_layer *layer, const float *c, const uint32_t *mask,
                      int64_t t0, int64_t t1, float *gradient);

/// The same two kernels with the build `isa`: return 0, or -1 (and do nothing) when the CPU does
/// not run it. For tests comparing the builds without changing the process-wide choice.
int lth_ntk_forward_with(lth_isa isa, const lth_ntk_layer *layer, int64_t i0, int64_t i1, double *sums, uint32_t *mask);
int lth_ntk_gradient_with(lth_isa isa, const lth_ntk_layer *layer, const float *c, const uint32_t *mask,
                          int64_t t0, int64_t t1, float *gradient);

#ifdef __cplusplus
}
#endif
#endif
