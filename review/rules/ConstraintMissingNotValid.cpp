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
        const auto con = cmd["def"].as("Constraint");
        if (cmd["subtype"].str() != "AT_AddConstraint" || con["contype"].str() != "CONSTR_CHECK" ||
            con["skip_validation"].boolean())
            continue;
        const auto name = con["conname"].str();
        ctx.report("Adding CHECK constraint " + (name.empty() ? std::string() : std::string(name) + " ") +
                       "to " + table +
                       " without NOT VALID checks every row while holding an ACCESS EXCLUSIVE lock: reads "
                       "and writes wait for the whole scan",
                   Node(con));
    }
}

} // namespace

extern const Rule constraintMissingNotValid{
    "constraint-missing-not-valid",
    Severity::Error,
    false,
    "ADD CONSTRAINT ... CHECK on an existing table without NOT VALID.",
    "Adding a CHECK constraint scans the whole table under an ACCESS EXCLUSIVE lock. Add it with NOT VALID "
    "(instant: only new rows are checked), commit, then run ALTER TABLE ... VALIDATE CONSTRAINT in a later "
    "transaction: validation takes only a SHARE UPDATE EXCLUSIVE lock, so reads and writes continue.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
