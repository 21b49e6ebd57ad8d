#include "PerformanceNamingHelpers.h"
#include "Rule.h"

namespace sluice::review::rules {
namespace {

// " (about 900 MB)" when the catalog knows the table's size.
std::string sizeOf(const RuleContext &ctx, const std::string &table)
{
    const auto *facts = ctx.catalog() ? ctx.catalog()->table(table) : nullptr;
    if (!facts || !facts->totalBytes)
        return {};
    const char *units[] = {"bytes", "kB", "MB", "GB", "TB"};
    double size = double(*facts->totalBytes);
    int unit = 0;
    while (size >= 1024 && unit < 4) {
        size /= 1024;
        ++unit;
    }
    return " (about " + std::to_string(static_cast<long long>(size + 0.5)) + " " + units[unit] + ")";
}

void check(RuleContext &ctx)
{
    const Node statement = ctx.statement();
    if (const auto index = statement.as("IndexStmt")) {
        if (!index["concurrent"].boolean() || ctx.state().isNew(index["relation"]))
            return;
        const auto table = tree::qualifiedName(index["relation"]);
        ctx.report("CREATE INDEX CONCURRENTLY reads all of " + table + sizeOf(ctx, table) +
                       " twice and writes the new index: expect CPU and I/O load, WAL volume and replica lag "
                       "while it runs",
                   index["relation"]);
    } else if (const auto reindex = statement.as("ReindexStmt")) {
        if (!tree::optionEnabled(reindex["params"], "concurrently") || ctx.state().isNew(reindex["relation"]))
            return;
        const auto target = reindex["relation"] ? tree::qualifiedName(reindex["relation"])
                                                : std::string(reindex["name"].str());
        const bool one = reindex["kind"].str() == "REINDEX_OBJECT_INDEX";
        ctx.report("REINDEX CONCURRENTLY rebuilds " + std::string(one ? "index " : "every index of ") +
                       target + sizeOf(ctx, target) +
                       " from a full scan: expect CPU and I/O load, WAL volume and replica lag while it runs",
                   reindex["relation"]);
    } else if (const auto vacuum = statement.as("VacuumStmt")) {
        if (tree::optionEnabled(vacuum["options"], "full"))
            return; // VACUUM FULL rewrites under an ACCESS EXCLUSIVE lock: the locking rules report it.
        const bool isVacuum = vacuum["is_vacuumcmd"].boolean();
        const std::string what = isVacuum ? "VACUUM" : "ANALYZE";
        if (vacuum["rels"].size() == 0) {
            ctx.report(what + " without a table works through every table of the database: expect hours of "
                              "I/O load on a large database");
            return;
        }
        for (const Node rel : vacuum["rels"]) {
            const auto relation = rel.as("VacuumRelation")["relation"];
            if (ctx.state().isNew(relation))
                continue;
            const auto table = tree::qualifiedName(relation);
            ctx.report(what + " of " + table + sizeOf(ctx, table) +
                           (isVacuum
                                ? " reads the table and its indexes: expect I/O load while it runs"
                                : " reads a sample of the table: brief I/O load, and query plans may change "
                                  "with the new statistics"),
                       relation);
        }
    }
}

} // namespace

extern const Rule maintenanceLoad{
    "maintenance-load",
    Severity::Info,
    false,
    "An online but heavy maintenance operation: CREATE INDEX / REINDEX CONCURRENTLY, VACUUM, ANALYZE.",
    "These statements do not block the application, but they read whole tables and write a lot of WAL, which "
    "competes with production traffic and can make replicas lag. Run them off-peak, watch replication lag, "
    "and run ANALYZE after big backfills or new expression indexes so the planner has fresh statistics.",
    check,
    nullptr};

} // namespace sluice::review::rules
