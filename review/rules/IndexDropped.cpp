#include "PerformanceNamingHelpers.h"
#include "Rule.h"

namespace sluice::review::rules {
namespace {

// The table a catalog index belongs to, and whether it backs a key.
const CatalogFacts::Index *catalogIndex(const CatalogFacts *catalog, const std::string &name,
                                        std::string *table)
{
    if (!catalog)
        return nullptr;
    for (const auto &[tableName, facts] : catalog->tables) {
        for (const auto &index : facts.indexes) {
            if (index.name == name) {
                *table = tableName;
                return &index;
            }
        }
    }
    return nullptr;
}

void check(RuleContext &ctx)
{
    const auto drop = ctx.statement().as("DropStmt");
    if (!drop || drop["removeType"].str() != "OBJECT_INDEX")
        return;
    for (const Node object : drop["objects"]) {
        const auto names = tree::strings(object.as("List")["items"]);
        if (names.empty() || ctx.state().isNew(names.back()))
            continue;
        const auto qualified = pn::join(names, ".");
        std::string table;
        const auto *index = catalogIndex(ctx.catalog(), names.back(), &table);
        std::string message = "Dropping index " + qualified;
        if (index) {
            message += " on " + table;
            if (!index->columns.empty())
                message += " (" + pn::join(index->columns) + ")";
        }
        message += ": queries that use it fall back to other indexes or a sequential scan";
        if (index && index->unique)
            message += ", and the uniqueness it enforces is gone";
        pn::reportName(ctx, names.back(), {}, message);
    }
}

} // namespace

extern const Rule indexDropped{
    "index-dropped",
    Severity::Info,
    false,
    "DROP INDEX on an index that existed before the migration.",
    "Query plans that used the index change at once: lookups it served become sequential scans, which can "
    "overload the database under production traffic. Before dropping it, confirm it is unused "
    "(pg_stat_user_indexes.idx_scan = 0 on every replica, over a full business cycle), and keep its "
    "definition at hand so it can be rebuilt with CREATE INDEX CONCURRENTLY.",
    check,
    nullptr,
    {"DropStmt"}};

} // namespace sluice::review::rules
