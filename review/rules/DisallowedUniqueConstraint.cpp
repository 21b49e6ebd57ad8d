#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto alter = ctx.statement().as("AlterTableStmt");
    if (!alter || locking::isNew(ctx, alter["relation"]))
        return;
    const auto table = tree::qualifiedName(alter["relation"]);
    for (const Node cmd : locking::alterCmds(alter)) {
        const auto subtype = cmd["subtype"].str();
        if (subtype == "AT_AddConstraint") {
            const auto con = cmd["def"].as("Constraint");
            if (con["contype"].str() != "CONSTR_UNIQUE" || !con["indexname"].str().empty())
                continue;
            ctx.report("Adding a UNIQUE constraint to " + table +
                           " builds its index under an ACCESS EXCLUSIVE lock: reads and writes wait for the "
                           "whole build",
                       Node(con));
        } else if (subtype == "AT_AddColumn") {
            const auto def = cmd["def"].as("ColumnDef");
            if (const auto con = locking::columnConstraint(def, "CONSTR_UNIQUE"))
                ctx.report("Adding column " + table + "." + std::string(def["colname"].str()) +
                               " with UNIQUE builds an index under an ACCESS EXCLUSIVE lock on " + table,
                           con);
        }
    }
}

} // namespace

extern const Rule disallowedUniqueConstraint{
    "disallowed-unique-constraint",
    Severity::Error,
    false,
    "ADD UNIQUE on an existing table without USING INDEX.",
    "ADD CONSTRAINT ... UNIQUE builds the index while holding an ACCESS EXCLUSIVE lock. Build it first with "
    "CREATE UNIQUE INDEX CONCURRENTLY name ON table (...) in a non-transactional migration, check that it is "
    "valid, then ALTER TABLE table ADD CONSTRAINT c UNIQUE USING INDEX name, which is instant.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
