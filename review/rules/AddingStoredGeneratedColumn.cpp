#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto alter = ctx.statement().as("AlterTableStmt");
    if (!alter || locking::isNew(ctx, alter["relation"]))
        return;
    for (const Node cmd : locking::alterCmds(alter)) {
        const auto def = cmd["def"].as("ColumnDef");
        if (cmd["subtype"].str() != "AT_AddColumn")
            continue;
        if (const auto con = locking::columnConstraint(def, "CONSTR_GENERATED"))
            ctx.report("Adding the stored generated column " + tree::qualifiedName(alter["relation"]) + "." +
                           std::string(def["colname"].str()) +
                           " computes it for every row, rewriting the table under an ACCESS EXCLUSIVE lock",
                       con);
    }
}

} // namespace

extern const Rule addingStoredGeneratedColumn{
    "adding-stored-generated-column",
    Severity::Error,
    false,
    "ADD COLUMN ... GENERATED ALWAYS AS (...) STORED on an existing table.",
    "A stored generated column is computed and written for every existing row when it is added: a full table "
    "rewrite while reads and writes wait. Add a plain nullable column instead, fill it for new rows with a "
    "BEFORE INSERT OR UPDATE trigger, and backfill existing rows in batches.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
