#include "kernel_isa.h"

#include <stdlib.h>
#include <string.h>

static int lth_isa_choice = -1;
static int lth_isa_detected = -1;

static lth_isa lth_isa_detect(void) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("fma"))
        return LTH_ISA_AVX512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return LTH_ISA_AVX2;
#endif
    return LTH_ISA_GENERIC;
}

/// The cap `LTH_KERNEL_ISA` sets (generic, avx2 or avx512), or -1 when unset or unknown.
static int lth_isa_cap(void) {
    const char *value = getenv("LTH_KERNEL_ISA");
    if (value == NULL) return -1;
    if (strcmp(value, "generic") == 0) return LTH_ISA_GENERIC;
    if (strcmp(value, "avx2") == 0) return LTH_ISA_AVX2;
    if (strcmp(value, "avx512") == 0) return LTH_ISA_AVX512;
    return -1;
}

lth_isa lth_isa_supported(void) {
    if (lth_isa_detected < 0) {
        int detected = (int)lth_isa_detect(), cap = lth_isa_cap();
        lth_isa_detected = cap >= 0 && cap < detected ? cap : detected;
    }
    return (lth_isa)lth_isa_detected;
}

lth_isa lth_isa_active(void) {
    if (lth_isa_choice < 0) lth_isa_choice = (int)lth_isa_supported();
    return (lth_isa)lth_isa_choice;
}

int lth_isa_select(lth_isa isa) {
    if ((int)isa < 0 || isa > lth_isa_supported()) return -1;
    lth_isa_choice = (int)isa;
    return 0;
}

const char *lth_isa_name(lth_isa isa) {
    switch (isa) {
    case LTH_ISA_AVX512: return "avx512";
    case LTH_ISA_AVX2: return "avx2";
    default: return "generic";
    }
}
