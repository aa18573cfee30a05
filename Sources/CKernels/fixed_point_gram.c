// The Gram-sum worker pass (fixed_point_gram.h): one definition, `gram_pass` below, compiled
// three times by inlining it into functions built for AVX-512, AVX2 and the baseline ISA. The
// definition is plain C: per column, float32 multiplies and adds in the order of the header
// (the target is built with -ffp-contract=off, so no build fuses them), and every build
// vectorises only across columns, so the three return the same bits.
//
// Memory traffic. Selected rows are taken 8 at a time (never across a block boundary): one
// pass over the column range adds 8 rows into the block's float32 sums, which are read and
// written once per 8 rows (they stay in L1/L2: 4 bytes per column); every 64 bytes of codes
// per row, the same offset of the next group's 8 rows is prefetched, so each row's stream
// starts in cache (rows are far apart when weights are 0).
#include <stdint.h>
#include "fixed_point_gram.h"

#define LTH_GRAM_INLINE static inline __attribute__((always_inline))

/// Columns per step of the 8-row pass: 64 bytes of codes per row, one prefetch per row.
#define LTH_GRAM_CHUNK 32

/// Selected rows added in one pass over the column range.
typedef struct {
    const char *row[8];
    float weight[8];
    size_t count;
} gram_group;

/// The scan for selected rows: the next row to look at and how many rows of the current block
/// already belong to groups.
typedef struct {
    const float *weights;
    size_t rows;
    size_t cursor;
    const char *first;
    size_t row_bytes;
    size_t block_rows;
    size_t position;
} gram_scan;

/// The next group: up to min(8, rows left in the block) selected rows (fewer only at the end).
LTH_GRAM_INLINE void gram_next_group(gram_scan *scan, gram_group *group) {
    size_t limit = scan->block_rows - scan->position;
    if (limit > 8) limit = 8;
    size_t count = 0;
    while (count < limit && scan->cursor < scan->rows) {
        const float x = scan->weights[scan->cursor];
        if (x != 0.0f) {
            group->row[count] = scan->first + scan->cursor * scan->row_bytes;
            group->weight[count] = x;
            count++;
        }
        scan->cursor++;
    }
    group->count = count;
    scan->position += count;
    if (scan->position == scan->block_rows) scan->position = 0;
}

/// The code at column j of `row` in float32 (exact).
LTH_GRAM_INLINE float gram_code(const char *row, size_t j, int is_unsigned) {
    return is_unsigned ? (float)((const uint16_t *)row)[j] : (float)((const int16_t *)row)[j];
}

/// block[j] = ((block[j] + w[0] q_0[j]) + w[1] q_1[j]) + ... + w[7] q_7[j] (one column).
LTH_GRAM_INLINE void gram_column(float *restrict block, size_t j, const char *const r[8], const float w[8],
                                 int is_unsigned) {
    float s = block[j];
    for (int u = 0; u < 8; u++) s = s + w[u] * gram_code(r[u], j, is_unsigned);
    block[j] = s;
}

/// `gram_column` for every j < width; prefetches the rows `ahead` over the same columns.
LTH_GRAM_INLINE void gram_add_eight(float *restrict block, const gram_group *group, const char *const ahead[8],
                                    size_t width, int is_unsigned) {
    const char *r[8];
    float w[8];
    for (int u = 0; u < 8; u++) {
        r[u] = group->row[u];
        w[u] = group->weight[u];
    }
    size_t c = 0;
    for (; c + LTH_GRAM_CHUNK <= width; c += LTH_GRAM_CHUNK) {
        for (int u = 0; u < 8; u++) __builtin_prefetch(ahead[u] + 2 * c, 0, 3);
        for (size_t j = c; j < c + LTH_GRAM_CHUNK; j++) gram_column(block, j, r, w, is_unsigned);
    }
    for (; c < width; c++) gram_column(block, c, r, w, is_unsigned);
}

/// The same for a group of fewer than 8 rows, one row at a time (the same operations per column).
LTH_GRAM_INLINE void gram_add_few(float *restrict block, const gram_group *group, size_t width, int is_unsigned) {
    for (size_t u = 0; u < group->count; u++) {
        const char *const r = group->row[u];
        const float w = group->weight[u];
        for (size_t j = 0; j < width; j++) block[j] = block[j] + w * gram_code(r, j, is_unsigned);
    }
}

/// sums[j] += (double)block[j], block[j] = +0 for j < width.
LTH_GRAM_INLINE void gram_flush(float *restrict block, double *restrict sums, size_t width) {
    for (size_t j = 0; j < width; j++) {
        sums[j] += (double)block[j];
        block[j] = 0.0f;
    }
}

/// The definition: the worker pass of fixed_point_gram.h over [begin, end).
LTH_GRAM_INLINE void gram_pass(const lth_fixed_point_gram *gram, size_t begin, size_t end, float *restrict block,
                               double *restrict sums, int is_unsigned) {
    if (end <= begin || gram->block_rows == 0) return;
    const size_t width = end - begin;
    for (size_t j = 0; j < width; j++) block[j] = 0.0f;
    gram_scan scan = {gram->weights, gram->rows, 0, (const char *)gram->codes + 2 * begin, 2 * gram->stride,
                      gram->block_rows, 0};
    gram_group current, next;
    gram_next_group(&scan, &current);
    size_t in_block = 0;
    while (current.count > 0) {
        gram_next_group(&scan, &next);
        const gram_group *upcoming = next.count > 0 ? &next : &current;
        const char *ahead[8];
        for (size_t u = 0; u < 8; u++) ahead[u] = upcoming->row[u < upcoming->count ? u : 0];
        if (current.count == 8) {
            gram_add_eight(block, &current, ahead, width, is_unsigned);
        } else {
            gram_add_few(block, &current, width, is_unsigned);
        }
        in_block += current.count;
        if (in_block == gram->block_rows || next.count == 0) {
            gram_flush(block, sums + begin, width);
            in_block = 0;
        }
        current = next;
    }
}

static void gram_generic(const lth_fixed_point_gram *gram, size_t begin, size_t end, float *block, double *sums) {
    if (gram->codes_are_unsigned) gram_pass(gram, begin, end, block, sums, 1);
    else gram_pass(gram, begin, end, block, sums, 0);
}

#if defined(__x86_64__)
__attribute__((target("avx2,fma")))
static void gram_avx2(const lth_fixed_point_gram *gram, size_t begin, size_t end, float *block, double *sums) {
    if (gram->codes_are_unsigned) gram_pass(gram, begin, end, block, sums, 1);
    else gram_pass(gram, begin, end, block, sums, 0);
}

__attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,fma")))
static void gram_avx512(const lth_fixed_point_gram *gram, size_t begin, size_t end, float *block, double *sums) {
    if (gram->codes_are_unsigned) gram_pass(gram, begin, end, block, sums, 1);
    else gram_pass(gram, begin, end, block, sums, 0);
}
#endif

int lth_fixed_point_gram_sums_with(lth_isa isa, const lth_fixed_point_gram *gram, size_t column_begin,
                                   size_t column_end, float *block, double *sums) {
    if ((int)isa < 0 || isa > lth_isa_supported()) return -1;
    switch (isa) {
#if defined(__x86_64__)
    case LTH_ISA_AVX512: gram_avx512(gram, column_begin, column_end, block, sums); return 0;
    case LTH_ISA_AVX2: gram_avx2(gram, column_begin, column_end, block, sums); return 0;
#endif
    default: gram_generic(gram, column_begin, column_end, block, sums); return 0;
    }
}

void lth_fixed_point_gram_sums(const lth_fixed_point_gram *gram, size_t column_begin, size_t column_end,
                               float *block, double *sums) {
    (void)lth_fixed_point_gram_sums_with(lth_isa_active(), gram, column_begin, column_end, block, sums);
}
