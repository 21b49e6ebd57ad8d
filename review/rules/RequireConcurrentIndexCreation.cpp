#include "Rule.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto index = ctx.statement().as("IndexStmt");
    if (!index || index["concurrent"].boolean() || ctx.state().isNew(index["relation"]))
        return;
    // On a partitioned parent CONCURRENTLY is refused: index-on-partitioned-table says what to do there.
    if (const auto *catalog = ctx.catalog()) {
        if (const auto *table = catalog->table(tree::qualifiedName(index["relation"]));
            table && table->partitioned)
            return;
    }
    ctx.report("CREATE INDEX without CONCURRENTLY holds a SHARE lock on " +
                   tree::qualifiedName(index["relation"]) +
                   " for the whole build: every INSERT, UPDATE and DELETE waits",
               index["relation"]);
}

} // namespace

extern const Rule requireConcurrentIndexCreation{
    "require-concurrent-index-creation",
    Severity::Error,
    false,
    "CREATE INDEX on an existing table without CONCURRENTLY.",
    "A plain CREATE INDEX blocks writes to the table until the index is built, minutes on a large table. Use "
    "CREATE INDEX CONCURRENTLY name ON ... in a migration that does not run in a transaction; if it fails, "
    "drop "
    "the INVALID index it leaves before retrying.",
    check,
    nullptr,
    {"IndexStmt"}};

} // namespace sluice::review::rules
