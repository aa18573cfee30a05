// The worker pass of the greedy scorer's Gram sums over the 16-bit fixed-point copy of the
// activations (`FixedPointActivations.gramSums` in the Engine):
//
//     h_r = sum_{i: x_i != 0} x_i q_ir
//
// for the columns r of one worker's range, with x the float32 weights (length m) and q the
// 16-bit codes (m rows of `stride` codes, row-major; UInt16 or Int16).
//
// Arithmetic (the same float operations in every build, see kernel_isa.h). The rows with
// x_i != 0, in increasing order, are cut into consecutive blocks of `block_rows` (the last one
// possibly shorter). For each block and each column r, in float32 from +0:
//     s = ((0 + x_i1 q_i1r) + x_i2 q_i2r) + ... ,
// each term the float32 product of x_i and the code converted to float32 (exact: |q| < 2^16),
// then added (two roundings: no fused multiply-add); then h_r += (double)s in float64, block
// after block. Column r depends only on column r, so any split of the columns over workers
// gives the same bits. (The builds read several rows per pass over the column range and keep
// the block's float32 sums in a buffer; that changes the memory traffic, not the operations.)
#ifndef LTH_FIXED_POINT_GRAM_H
#define LTH_FIXED_POINT_GRAM_H

#include <stddef.h>
#include "kernel_isa.h"

#ifdef __cplusplus
extern "C" {
#endif

/// The operands of one worker's pass.
typedef struct {
    /// The codes, rows x stride 16-bit integers, row-major.
    const void *codes;
    /// Codes per row (at least column_end).
    size_t stride;
    /// Nonzero: codes are uint16_t; zero: int16_t.
    int codes_are_unsigned;
    /// x, `rows` float32 weights; rows with x_i == 0 (either sign) are skipped, never read.
    const float *weights;
    size_t rows;
    /// Rows per float32 block, at least 1.
    size_t block_rows;
} lth_fixed_point_gram;

/// sums[r] += h_r (as defined above) for column_begin <= r < column_end. `block` is scratch space
/// of at least column_end - column_begin floats (any contents on entry; zeros on return).
/// Uses the build `lth_isa_active()` names.
void lth_fixed_point_gram_sums(const lth_fixed_point_gram *gram, size_t column_begin, size_t column_end,
                               float *block, double *sums);

/// The same with the build `isa`: returns 0, or -1 (and does nothing) when the CPU does not run it.
/// For tests comparing the builds without changing the process-wide choice.
int lth_fixed_point_gram_sums_with(lth_isa isa, const lth_fixed_point_gram *gram, size_t column_begin,
                                   size_t column_end, float *block, double *sums);

#ifdef __cplusplus
}
#endif
#endif
