#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto rename = ctx.statement().as("RenameStmt");
    if (!rename || rename["renameType"].str() != "OBJECT_COLUMN" || dc::isNew(ctx, rename["relation"]))
        return;
    const auto relation = tree::qualifiedName(rename["relation"]);
    const std::string column(rename["subname"].str());
    // A column added earlier in this migration is not used by any running code yet.
    if (dc::columnAddedEarlier(ctx, relation, column))
        return;
    dc::reportWord(ctx,
                   "Renaming column " + column + " of " + relation + " to " +
                       std::string(rename["newname"].str()) +
                       " breaks every running query and application version that still uses " + column,
                   column, dc::after(ctx, rename["relation"]), rename["relation"]);
}

} // namespace

extern const Rule renamingColumn{
    "renaming-column",
    Severity::Error,
    false,
    "ALTER TABLE ... RENAME COLUMN on an existing table or view.",
    "During a deploy the old application version keeps running against the new schema, and every query that "
    "names the old column fails until it is replaced. Rename at the ORM level only, or expand and contract: "
    "add the new column, keep both in sync (trigger or dual writes), backfill, switch readers, then drop the "
    "old column in a later migration.",
    check,
    nullptr,
    {"RenameStmt"}};

} // namespace sluice::review::rules
