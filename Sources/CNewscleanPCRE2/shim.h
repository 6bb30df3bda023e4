#ifndef CNEWSCLEAN_PCRE2_SHIM_H
#define CNEWSCLEAN_PCRE2_SHIM_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* Macros that do not import into Swift, exposed as functions. */
static inline PCRE2_SIZE CNewscleanPCRE2_unset(void) { return PCRE2_UNSET; }

#endif
