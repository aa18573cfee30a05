// OpenBLAS (CBLAS) and LAPACKE, headers on the default include path.
#ifndef LTH_COPENBLAS_SHIM_H
#define LTH_COPENBLAS_SHIM_H
#include <cblas.h>
#include <lapacke.h>
#endif
