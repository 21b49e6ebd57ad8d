#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto rename = ctx.statement().as("RenameStmt");
    if (!rename || rename["renameType"].str() != "OBJECT_SCHEMA")
        return;
    const std::string schema(rename["subname"].str());
    if (dc::createdEarlier(ctx, "CreateSchemaStmt", "schemaname", schema))
        return;
    dc::reportWord(ctx,
                   "Renaming schema " + schema + " to " + std::string(rename["newname"].str()) +
                       " breaks every qualified reference to " + schema +
                       ": application queries, search_path settings, functions and grants scripts",
                   schema, 0, {});
}

} // namespace

extern const Rule renamingSchema{
    "renaming-schema",
    Severity::Error,
    false,
    "ALTER SCHEMA ... RENAME TO.",
    "Everything that names the schema (queries, search_path settings, function bodies, tooling) breaks at "
    "once, and PostgreSQL cannot tell you what those are. Create the new schema, move or mirror the objects "
    "(views in the old schema can keep old readers working), cut the application over, then remove the old "
    "schema in a later migration.",
    check,
    nullptr,
    {"RenameStmt"}};

} // namespace sluice::review::rules
