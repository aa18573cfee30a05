#ifndef LTH_BLAS_RUNTIME_H
#define LTH_BLAS_RUNTIME_H

// OpenBLAS runs every call on one thread in lth programs and tests.
//
// Why: OpenBLAS's threaded drivers split a product between threads in a way that changes the
// summation order of some outputs (measured: cblas_sgemm with the Haswell kernels gives other
// bits on 2 threads than on 1 for every shape tried, k = 10 included; with the SkylakeX kernels
// products with a long inner dimension differ), and its level-2 and LAPACK routines (dsymv
// inside dsyevr, dpotrf) sum partial results per thread. A derived number (rho, lambda_min of
// the Gram matrix, a certified lambda0, a greedy loss) would then depend on the thread count.
//
// How: a constructor, run when the program (or test bundle) is loaded, after OpenBLAS's own
// initialisation, records the thread count OpenBLAS chose (OPENBLAS_NUM_THREADS, else the
// number of processors) as the engine's thread count and sets OpenBLAS to one thread. The
// engine's own threads (ParallelLoop) then split work in fixed pieces whose results do not
// depend on how many threads run them (ThreadInvariantGEMM issues each product as fixed tiles,
// one single-threaded call each).

/// The thread count OpenBLAS had chosen when the program was loaded (at least 1).
int lth_blas_initial_threads(void);

#endif
