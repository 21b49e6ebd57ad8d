#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto rename = ctx.statement().as("RenameStmt");
    if (!rename)
        return;
    // The PG15 raw tree leaves relationType at OBJECT_ACCESS_METHOD here: dispatch on renameType.
    const auto type = rename["renameType"].str();
    if (type != "OBJECT_TABLE" && type != "OBJECT_VIEW" && type != "OBJECT_MATVIEW" &&
        type != "OBJECT_FOREIGN_TABLE")
        return;
    if (dc::isNew(ctx, rename["relation"]))
        return;
    const auto old = tree::qualifiedName(rename["relation"]);
    // A view created later under the old name keeps old readers working (the compatibility-view recipe).
    const auto all = ctx.all();
    bool compatibilityView = false;
    ctx.memo<index::StatementsByKind>().forEachAfter("ViewStmt", ctx.index(), [&](std::size_t i) {
        compatibilityView = dc::sameName(tree::qualifiedName(all[i].tree.as("ViewStmt")["view"]), old);
        return !compatibilityView;
    });
    if (compatibilityView)
        return;
    const std::string what = type == "OBJECT_TABLE"           ? "table "
                             : type == "OBJECT_FOREIGN_TABLE" ? "foreign table "
                             : type == "OBJECT_VIEW"          ? "view "
                                                              : "materialized view ";
    ctx.report("Renaming " + what + old + " to " + std::string(rename["newname"].str()) +
                   " breaks every running query and application version that still uses the old name",
               rename["relation"]);
}

} // namespace

extern const Rule renamingTable{
    "renaming-table",
    Severity::Error,
    false,
    "ALTER TABLE ... RENAME TO on an existing table or view.",
    "Application versions still running during and after the deploy refer to the old name and fail at once. "
    "In the same migration, create a view with the old name over the renamed table (simple views are "
    "updatable), deploy the code that uses the new name, and drop the view in a later migration.",
    check,
    nullptr,
    {"RenameStmt"}};

} // namespace sluice::review::rules
