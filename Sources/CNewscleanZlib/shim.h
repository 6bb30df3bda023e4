#ifndef CNEWSCLEAN_ZLIB_SHIM_H
#define CNEWSCLEAN_ZLIB_SHIM_H

#include <zlib.h>

/* inflateInit2 is a macro; expose it as a function. windowBits 15 + 32: zlib or gzip header, detected. */
static inline int CNewscleanZlib_inflateInitGzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 32);
}

#endif
