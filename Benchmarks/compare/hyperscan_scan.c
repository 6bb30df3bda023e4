// The prefilter's literal scan done by Hyperscan (or Vectorscan, same API), for comparison with newsclean's own
// scanner on exactly the same literals and documents (written by `generate-workload literals`).
//
//   cc -O2 -o hyperscan_scan hyperscan_scan.c -lhs
//   ./hyperscan_scan DIR [REPEATS]
//
// Two modes: SINGLEMATCH (which literals occur: what newsclean's scan answers for the rule selection) and every
// match (what it also needs for the first/last occurrence positions of line-local rules). Literals are compiled with
// hs_compile_lit_multi and HS_FLAG_CASELESS (ASCII case folded, as newsclean's scanner does).
#include <hs/hs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static unsigned char *read_file(const char *path, size_t *size) {
    FILE *file = fopen(path, "rb");
    if (!file) { perror(path); exit(1); }
    fseek(file, 0, SEEK_END);
    *size = (size_t)ftell(file);
    fseek(file, 0, SEEK_SET);
    unsigned char *data = malloc(*size + 1);
    if (fread(data, 1, *size, file) != *size) { perror(path); exit(1); }
    fclose(file);
    data[*size] = 0;
    return data;
}

static int on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int flags, void *context) {
    (void)from; (void)to; (void)flags;
    ((unsigned char *)context)[id] = 1;
    return 0;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s DIR [REPEATS]\n", argv[0]); return 64; }
    int repeats = argc > 2 ? atoi(argv[2]) : 5;
    char path[4096];
    size_t size;
    snprintf(path, sizeof path, "%s/literals.hex", argv[1]);
    char *hex = (char *)read_file(path, &size);
    unsigned count = 0;
    for (size_t i = 0; i < size; i++) count += hex[i] == '\n';
    char **literals = calloc(count, sizeof *literals);
    size_t *lengths = calloc(count, sizeof *lengths);
    unsigned *ids = calloc(count, sizeof *ids);
    unsigned *flags_single = calloc(count, sizeof *flags_single);
    unsigned *flags_all = calloc(count, sizeof *flags_all);
    char *line = strtok(hex, "\n");
    for (unsigned i = 0; i < count && line; i++, line = strtok(NULL, "\n")) {
        size_t n = strlen(line) / 2;
        literals[i] = malloc(n);
        for (size_t k = 0; k < n; k++) { unsigned v; sscanf(line + 2 * k, "%2x", &v); literals[i][k] = (char)v; }
        lengths[i] = n;
        ids[i] = i;
        flags_single[i] = HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH;
        flags_all[i] = HS_FLAG_CASELESS;
    }
    snprintf(path, sizeof path, "%s/documents.bin", argv[1]);
    unsigned char *documents = read_file(path, &size);
    size_t text_bytes = 0;
    for (size_t i = 0; i < size; i++) text_bytes += documents[i] != 0;

    for (int mode = 0; mode < 2; mode++) {
        hs_database_t *database;
        hs_compile_error_t *error;
        double compile_start = now();
        if (hs_compile_lit_multi((const char *const *)literals, mode == 0 ? flags_single : flags_all, ids, lengths,
                count, HS_MODE_BLOCK, NULL, &database, &error) != HS_SUCCESS) {
            fprintf(stderr, "hs_compile_lit_multi: %s\n", error->message);
            return 1;
        }
        double compile_seconds = now() - compile_start;
        hs_scratch_t *scratch = NULL;
        hs_alloc_scratch(database, &scratch);
        unsigned char *hits = calloc(count, 1);
        double best = 1e9;
        unsigned long found = 0;
        for (int r = 0; r < repeats; r++) {
            found = 0;
            double start = now();
            size_t position = 0;
            while (position < size) {
                size_t end = position;
                while (end < size && documents[end] != 0) end++;
                memset(hits, 0, count);
                hs_scan(database, (const char *)documents + position, (unsigned)(end - position), 0, scratch, on_match, hits);
                for (unsigned i = 0; i < count; i++) found += hits[i];
                position = end + 1;
            }
            double seconds = now() - start;
            if (seconds < best) best = seconds;
        }
        printf("hyperscan %s: literals=%u literals_found=%lu scan_mb_per_s=%.0f compile_ms=%.1f\n",
            mode == 0 ? "singlematch" : "all-matches", count, found, text_bytes / best / 1e6, compile_seconds * 1e3);
        hs_free_scratch(scratch);
        hs_free_database(database);
        free(hits);
    }
    return 0;
}
