#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto alter = ctx.statement().as("AlterTableStmt");
    if (!alter || locking::isNew(ctx, alter["relation"]))
        return;
    for (const Node cmd : locking::alterCmds(alter)) {
        const auto con = cmd["def"].as("Constraint");
        if (cmd["subtype"].str() == "AT_AddConstraint" && con["contype"].str() == "CONSTR_EXCLUSION")
            ctx.report("Adding an exclusion constraint to " + tree::qualifiedName(alter["relation"]) +
                           " builds its index and checks every row under an ACCESS EXCLUSIVE lock; it cannot "
                           "be added NOT VALID or from an existing index",
                       Node(con));
    }
}

} // namespace

extern const Rule addingExclusionConstraint{
    "adding-exclusion-constraint",
    Severity::Error,
    false,
    "ADD CONSTRAINT ... EXCLUDE on an existing table.",
    "An exclusion constraint has no online path: PostgreSQL builds its index and checks every row while "
    "holding an ACCESS EXCLUSIVE lock, and supports neither NOT VALID nor USING INDEX for it. Build a new "
    "table with the constraint and swap it in, or schedule a maintenance window with a tight lock_timeout.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
