// libpg_query's raw parse alone: PostgreSQL's parser building its node structs, with neither libpg_query's
// JSON nor Sluice's tree. The floor under any engine that parses with libpg_query (bench/review_bench.cpp).
#include "raw_parse.h"

#include <cstdlib>
#include <pg_query.h>

// The server headers below define these again.
#undef PG_MAJORVERSION
#undef PG_VERSION
#undef PG_VERSION_NUM

// postgres.h must come first.
extern "C" {
// clang-format off
#include "postgres.h"
#include "nodes/pg_list.h"
#include <pg_query/pg_query_internal.h>
// clang-format on
}

int bench_raw_parse(const char *sql)
{
    MemoryContext context = pg_query_enter_memory_context();
    PgQueryInternalParsetreeAndError raw = pg_query_raw_parse(sql);
    const int statements = raw.error ? -1 : list_length(raw.tree);
    std::free(raw.stderr_buffer);
    if (raw.error)
        pg_query_free_error(raw.error);
    pg_query_exit_memory_context(context);
    return statements;
}
