// The loops of the NTK step kernels (include/ntk_step.h), written once and shared by the builds:
// each of ntk_step_generic.c, ntk_step_avx2.c and ntk_step_avx512.c defines its register tiles
// and the names below, then includes this file, which defines the build's two kernels
// LTH_NTK_NAME(forward) and LTH_NTK_NAME(gradient) with the build's target attribute. The tiles
// are always inlined into these two functions, so their accumulators stay in the build's
// registers across the loops (the target is compiled with -ffp-contract=off: no multiply and add
// below or in a tile is fused unless written as a fused multiply-add).
//
// A build defines before the inclusion:
// - LTH_NTK_NAME(kernel): the names of its kernels (lth_ntk_forward_avx512, ...);
// - LTH_NTK_TARGET: its target attribute (empty for the generic build);
// - LTH_NTK_SAMPLES: S, the samples of a forward tile;
// - LTH_NTK_PARTS: the parts a 32-neuron tile is computed in, one after the other (1: all 32
//   neurons at once; 2: neurons 0-15, then 16-31, for builds with few registers);
// - LTH_NTK_COORDS: K, the coordinates of a gradient tile;
// - lth_ntk_forward_acc: the accumulators of S samples by the 32 / PARTS neurons of one part;
// - lth_ntk_lanes: the 16 float32 lane sums of each of S samples over one 128-neuron block;
// - forward_zero(acc): the accumulators to +0;
// - forward_products(acc, packed, w, count): acc[s][j] = fma(packed[S k + s], w[128 k + j],
//   acc[s][j]) for k = 0 .. count-1 in order;
// - forward_epilogue(acc, a, part, valid, isFull, bits, lanes, z): for the samples s < valid and
//   the part's neurons (z_sj = acc[s][j], neuron 32 / PARTS * part + j of the tile, a pointing at
//   the part's first a_r): when bits is not NULL, the part's activation bits into bits[s] (part 0
//   sets the word, part 1 adds the upper 16 bits); in a full block, the lane of each neuron
//   (neuron l and neuron 16 + l of the tile go to lane l) += relu(z_sj) a_j, neurons in order;
//   in the partial last block, z_sj to z[s][32 / PARTS * part + j];
// - lanes_zero(lanes): the lane sums to +0; lanes_sum(lanes, s, sum): lth_ntk_add_lanes of sample
//   s's lanes to *sum;
// - gradient_factors(bits, c, a, run, g): g[i][j] = a_j c_i where bit j of bits[i] is set, else +0,
//   for i < run and the 32 neurons j of a tile (a_j c_i is exact: a_j = +-1);
// - gradient_tile(x, d, g, run, kt, part, first, out): for kk < kt and the part's neurons j,
//   out[128 kk + j] = fma(x[i d + kk], g[i][j], ...) for i = 0 .. run-1 in order, starting from +0
//   when `first`, else from out[128 kk + j]; called with kt = LTH_NTK_COORDS (a constant) for
//   full tiles.
//
// Forward loop order, outermost first: chunks of rows (lth_ntk_chunk_rows) > groups of 128-neuron
// blocks whose weights fit in 32 KiB > tiles of S samples > the blocks of the group > 32-neuron
// tiles of the block > parts > slices of LTH_NTK_SLICE coordinates (the tile's rows packed
// coordinate-major once per slice, reused by the blocks of a group) > coordinates k in order.
// Gradient loop order: chunks of rows > 32-neuron tiles t0 .. t1-1 > runs of LTH_NTK_RUN rows
// (their g_ir formed once) > tiles of K coordinates > parts > the rows of the run in order.
//
// Why no loop here changes a result: the float operations on each output element, and their
// order, are the ones include/ntk_step.h defines, in every build, for every tile size and part
// count:
// - z_ir is one accumulator of fused multiply-adds from +0 over k = 0 .. d-1 in order: the slices
//   continue the same accumulator, and nothing else (chunk, group, tile, part) splits it;
// - sample i's 16 lanes of block b see the tiles r = 128b, +32, +64, +96 in order and, within a
//   tile, neuron l before neuron 16 + l (the parts in order); each product relu(z_ir) a_r is
//   rounded, then added; S_i receives the block sums in the order of the blocks (the groups, and
//   the blocks within a group, in order; a sample lies in one chunk), then the neurons after the
//   last full block one by one in order (lth_ntk_add_tail);
// - the activation bits are a function of z_ir alone;
// - dW^T[k][r] is one float32 accumulator of fused multiply-adds from +0 over the rows in order:
//   the chunks and the runs come in order, and between two runs the accumulator is stored to the
//   gradient and loaded back exactly;
// - rows past the end of a chunk in a sample tile repeat its last row and their results are
//   never stored; coordinates past d in a gradient tile are never computed.
// Which samples (forward) or tiles (gradient) a call covers changes no element either.

LTH_NTK_TARGET void LTH_NTK_NAME(forward)(const lth_ntk_layer *L, int64_t i0, int64_t i1, double *sums, uint32_t *mask) {
    enum { S = LTH_NTK_SAMPLES, PART = 32 / LTH_NTK_PARTS };
    const int64_t d = L->d, np = L->np, n = L->n, rows = L->rows;
    const int64_t full = n / 128, blocks = (np + 127) / 128, chunk = lth_ntk_chunk_rows(d);
    float packed[S * LTH_NTK_SLICE] __attribute__((aligned(64)));
    // neuron blocks whose weights (d x 128 floats each) fit in 32 KiB share one packing of a tile's rows
    const int64_t groupBlocks = d <= LTH_NTK_SLICE ? lth_ntk_max(1, 64 / d) : 1;
    for (int64_t i = i0; i < i1; i++) sums[i] = 0;
    for (int64_t c0 = i0; c0 < i1; c0 += chunk) {
        const int64_t c1 = lth_ntk_min(i1, c0 + chunk);
        for (int64_t group = 0; group < blocks; group += groupBlocks) {
            for (int64_t i = c0; i < c1; i += S) {
                // rows past the chunk repeat its last row; their results are not used
                const float *xs[S];
                for (int s = 0; s < S; s++) xs[s] = L->x + lth_ntk_min(i + s, c1 - 1) * d;
                const int valid = (int)lth_ntk_min(S, c1 - i);
                int64_t packedSlice = -1;
                for (int64_t b = group; b < lth_ntk_min(blocks, group + groupBlocks); b++) {
                    const int64_t r0 = b * 128, r1 = lth_ntk_min(np, r0 + 128);
                    const int isFull = b < full;
                    lth_ntk_lanes lanes;
                    lanes_zero(&lanes);
                    for (int64_t r = r0; r < r1; r += 32) {
                        uint32_t *bits = mask ? mask + (r / 32) * rows + i : 0;
                        float z[S][32] __attribute__((aligned(64)));
                        for (int part = 0; part < LTH_NTK_PARTS; part++) {
                            lth_ntk_forward_acc acc;
                            forward_zero(&acc);
                            for (int64_t k0 = 0; k0 < d; k0 += LTH_NTK_SLICE) {
                                const int64_t count = lth_ntk_min(LTH_NTK_SLICE, d - k0);
                                if (packedSlice != k0) {
                                    lth_ntk_pack(S, xs, k0, count, packed);
                                    packedSlice = k0;
                                }
                                forward_products(&acc, packed, L->wt + LTH_NTK_INDEX(k0, r, d) + PART * part, count);
                            }
                            forward_epilogue(&acc, L->a + r + PART * part, part, valid, isFull, bits, &lanes, z);
                        }
                        if (!isFull)
                            for (int s = 0; s < valid; s++) lth_ntk_add_tail(z[s], L->a, r, n, &sums[i + s]);
                    }
                    // one sample after the other: vectorized over the samples (transposing the lanes)
                    // this short loop is slower
                    if (isFull)
#pragma clang loop vectorize(disable)
                        for (int s = 0; s < valid; s++) lanes_sum(&lanes, s, &sums[i + s]);
                }
            }
        }
    }
}

LTH_NTK_TARGET void LTH_NTK_NAME(gradient)(const lth_ntk_layer *L, const float *c, const uint32_t *mask, int64_t t0, int64_t t1,
                                           float *gradient) {
    enum { K = LTH_NTK_COORDS };
    const int64_t d = L->d, rows = L->rows, chunk = lth_ntk_chunk_rows(d);
    // g_ir of a run of rows of one tile, formed once for all coordinates
    float g[LTH_NTK_RUN][32] __attribute__((aligned(64)));
    for (int64_t c0 = 0; c0 < rows; c0 += chunk) {
        const int64_t c1 = lth_ntk_min(rows, c0 + chunk);
        for (int64_t t = t0; t < t1; t++) {
            const uint32_t *bits = mask + t * rows;
            for (int64_t s0 = c0; s0 < c1; s0 += LTH_NTK_RUN) {
                const int64_t run = lth_ntk_min(LTH_NTK_RUN, c1 - s0);
                gradient_factors(bits + s0, c + s0, L->a + 32 * t, run, g);
                for (int64_t k0 = 0; k0 < d; k0 += K) {
                    const int kt = (int)lth_ntk_min(K, d - k0);
                    const float *x = L->x + s0 * d + k0;
                    float *out = gradient + LTH_NTK_INDEX(k0, 32 * t, d);
                    for (int part = 0; part < LTH_NTK_PARTS; part++) {
                        // a full tile has a constant count, which lets the compiler unroll it
                        if (kt == K) gradient_tile(x, d, (const float (*)[32])g, run, K, part, s0 == 0, out);
                        else gradient_tile(x, d, (const float (*)[32])g, run, kt, part, s0 == 0, out);
                    }
                }
            }
        }
    }
}
