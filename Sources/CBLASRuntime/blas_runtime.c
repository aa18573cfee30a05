#include "blas_runtime.h"
#include <cblas.h>

static int initial_threads = 1;

__attribute__((constructor)) static void lth_blas_single_threaded(void) {
    int threads = openblas_get_num_threads();
    initial_threads = threads > 0 ? threads : 1;
    openblas_set_num_threads(1);
}

int lth_blas_initial_threads(void) {
    // Also set here: a program whose constructors ran in an unusual order still gets one thread.
    openblas_set_num_threads(1);
    return initial_threads;
}
