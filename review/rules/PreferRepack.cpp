#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

std::string help(const RuleContext &ctx)
{
    if (ctx.pgVersion() >= 19)
        return "Use REPACK (CONCURRENTLY) table, which rebuilds the table while reads and writes continue. "
               "For "
               "routine bloat a plain VACUUM is enough.";
    return "Rebuild the table online with pg_repack or pg_squeeze, which hold the ACCESS EXCLUSIVE lock only "
           "for a moment at the end. For routine bloat a plain VACUUM (no FULL) is enough and blocks no "
           "queries.";
}

void check(RuleContext &ctx)
{
    const auto statement = ctx.statement();
    if (const auto vacuum = statement.as("VacuumStmt"); vacuum && vacuum["is_vacuumcmd"].boolean()) {
        if (!tree::optionEnabled(vacuum["options"], "full"))
            return;
        if (vacuum["rels"].size() == 0) {
            ctx.report("VACUUM FULL without a table rewrites every table of the database, each under an "
                       "ACCESS EXCLUSIVE lock",
                       {}, help(ctx));
            return;
        }
        for (const Node rel : vacuum["rels"]) {
            const auto relation = rel.as("VacuumRelation")["relation"];
            if (!locking::isNew(ctx, relation))
                ctx.report(
                    "VACUUM FULL rewrites " + tree::qualifiedName(relation) +
                        " under an ACCESS EXCLUSIVE lock: reads and writes wait for the whole rewrite, "
                        "which needs about twice the table's disk space",
                    relation, help(ctx));
        }
    } else if (const auto cluster = statement.as("ClusterStmt")) {
        const auto relation = cluster["relation"];
        if (!relation) {
            ctx.report(
                "CLUSTER without a table rewrites every clustered table of the database, each under an "
                "ACCESS EXCLUSIVE lock",
                {}, help(ctx));
        } else if (!locking::isNew(ctx, relation)) {
            ctx.report(
                "CLUSTER rewrites " + tree::qualifiedName(relation) +
                    " under an ACCESS EXCLUSIVE lock: reads and writes wait for the whole rewrite, which "
                    "needs about twice the table's disk space",
                relation, help(ctx));
        }
    }
}

} // namespace

extern const Rule preferRepack{
    "prefer-repack",
    Severity::Warning,
    false,
    "VACUUM FULL or CLUSTER on an existing table.",
    "VACUUM FULL and CLUSTER copy the whole table and rebuild its indexes while holding an ACCESS EXCLUSIVE "
    "lock, so the table is unusable for the duration. Use pg_repack or pg_squeeze (or REPACK (CONCURRENTLY) "
    "on "
    "PostgreSQL 19+); for routine bloat, a plain VACUUM.",
    check,
    nullptr};

} // namespace sluice::review::rules
