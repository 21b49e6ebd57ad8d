#include "PerformanceNamingHelpers.h"
#include "Rule.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const Node statement = ctx.statement();
    const auto &config = ctx.config();
    if (const auto create = statement.as("CreateStmt");
        create && create["partspec"] && pn::flag(config, "disallow_partitioned_tables", true)) {
        ctx.report("Table " + tree::qualifiedName(create["relation"]) +
                       " is partitioned, which the table policy disallows (disallow_partitioned_tables)",
                   create["partspec"]);
    }
    if (!pn::flag(config, "disallow_foreign_keys", true))
        return;
    for (const auto &c : pn::constraints(ctx)) {
        if (c.type != "CONSTR_FOREIGN")
            continue;
        ctx.report("Foreign key from " + tree::qualifiedName(c.relation) + " (" +
                       pn::join(pn::constraintColumns(c)) + ") to " + tree::qualifiedName(c.con["pktable"]) +
                       ": the table policy disallows foreign keys (disallow_foreign_keys)",
                   c.at);
    }
}

} // namespace

extern const Rule tableFeaturePolicy{
    "table-feature-policy",
    Severity::Warning,
    true,
    "A table feature the schema policy disallows: partitioning (disallow_partitioned_tables) or foreign keys "
    "(disallow_foreign_keys).",
    "Some teams keep partitioning and foreign keys out of the schema: partitioned tables complicate unique "
    "keys, indexes and migrations, and foreign keys couple tables that are sharded or written by separate "
    "services, and lock both sides when added. Enforce the relationship in the application, or switch the "
    "option off.",
    check,
    nullptr};

} // namespace sluice::review::rules
