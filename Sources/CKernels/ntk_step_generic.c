// The generic C build of the NTK step kernels (any CPU).
#define LTH_NTK_ATTR
#define LTH_NTK_NAME(x) lth_ntk_##x##_generic
#include "ntk_step_portable.h"
