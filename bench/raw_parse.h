#pragma once

#ifdef __cplusplus
extern "C" {
#endif

/* Parses sql with libpg_query's raw parser and frees the tree: the number of statements, or -1 on a syntax
 * error. */
int bench_raw_parse(const char *sql);

#ifdef __cplusplus
}
#endif
