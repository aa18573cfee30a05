// zlib, for reading gzip-compressed IDX files.
#ifndef LTH_CZLIB_SHIM_H
#define LTH_CZLIB_SHIM_H
#include <zlib.h>
#endif
