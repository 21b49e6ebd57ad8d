#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto drop = ctx.statement().as("DropStmt");
    if (!drop || drop["removeType"].str() != "OBJECT_SCHEMA")
        return;
    const bool cascade = drop["behavior"].str() == "DROP_CASCADE";
    std::size_t from = 0;
    for (const Node object : drop["objects"]) {
        const auto name = dc::objectName(object);
        if (name.empty() || dc::createdEarlier(ctx, "CreateSchemaStmt", "schemaname", name))
            continue;
        from = dc::reportWord(
            ctx,
            cascade
                ? "DROP SCHEMA " + name +
                      " CASCADE deletes every table, view, function and type in the schema, with their data"
                : "DROP SCHEMA " + name +
                      " removes the schema; it fails if anything is left in it, and deletes it if empty",
            name, from, {});
    }
}

} // namespace

extern const Rule banDropSchema{
    "ban-drop-schema",
    Severity::Error,
    false,
    "DROP SCHEMA on a schema that existed before the migration.",
    "Dropping a schema takes ACCESS EXCLUSIVE locks on everything in it, and with CASCADE silently deletes "
    "every object and row it contains. Drop the objects explicitly, one by one, after checking that they are "
    "empty and unused, then drop the empty schema without CASCADE.",
    check,
    nullptr,
    {"DropStmt"}};

} // namespace sluice::review::rules
