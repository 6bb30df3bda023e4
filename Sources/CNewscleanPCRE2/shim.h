#ifndef CNEWSCLEAN_PCRE2_SHIM_H
#define CNEWSCLEAN_PCRE2_SHIM_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>
#include <time.h>

/* Macros that do not import into Swift, exposed as functions. */
static inline PCRE2_SIZE CNewscleanPCRE2_unset(void) { return PCRE2_UNSET; }

/* A time budget for matching, checked by a callout that every pattern starts with (so once per match attempt at a
   new start position). `deadline` is CLOCK_MONOTONIC nanoseconds; 0 means no budget. */
typedef struct {
    uint64_t deadline;
    uint32_t calls;
    uint32_t expired;
} CNewscleanPCRE2_Budget;

static inline uint64_t CNewscleanPCRE2_now(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

/* Reads the clock on every 16th attempt: an attempt is bounded by the match limit, so the budget is overshot by at
   most 16 attempts' worth of steps. Returning a negative value makes pcre2_match fail with it. */
static inline int CNewscleanPCRE2_budgetCallout(pcre2_callout_block *block, void *data) {
    (void)block;
    CNewscleanPCRE2_Budget *budget = (CNewscleanPCRE2_Budget *)data;
    if (budget->deadline == 0) return 0;
    if ((++budget->calls & 15u) != 0) return 0;
    if (CNewscleanPCRE2_now() > budget->deadline) {
        budget->expired = 1;
        return PCRE2_ERROR_CALLOUT;
    }
    return 0;
}

static inline void CNewscleanPCRE2_installBudget(pcre2_match_context *context, CNewscleanPCRE2_Budget *budget) {
    pcre2_set_callout(context, CNewscleanPCRE2_budgetCallout, budget);
}

/* One-time publication of a pattern's JIT state: written once with release, read with acquire. */
static inline int32_t CNewscleanPCRE2_loadAcquire(const int32_t *value) {
    return __atomic_load_n(value, __ATOMIC_ACQUIRE);
}

static inline void CNewscleanPCRE2_storeRelease(int32_t *value, int32_t newValue) {
    __atomic_store_n(value, newValue, __ATOMIC_RELEASE);
}

#endif
