// GSL through a system-library target. Only the headers the toolkit uses are included:
// <gsl/gsl_sf.h> would pull in GSL's own gsl_cblas.h, whose enums clash with OpenBLAS's
// cblas.h. Linked with -lgsl only (never -lgslcblas), so CBLAS symbols come from OpenBLAS.
#ifndef LTH_CGSL_SHIM_H
#define LTH_CGSL_SHIM_H
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_sf_result.h>
#include <gsl/gsl_sf_psi.h>
#include <gsl/gsl_sf_lambert.h>
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_log.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_roots.h>

/// Swift 6 rejects C globals of pointer type; these accessors expose the solver types.
static inline const gsl_root_fsolver_type *lth_gsl_root_fsolver_brent(void) { return gsl_root_fsolver_brent; }
static inline const gsl_root_fsolver_type *lth_gsl_root_fsolver_bisection(void) { return gsl_root_fsolver_bisection; }
#endif
