#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto statement = ctx.statement();
    Node relation;
    if (const auto create = statement.as("CreateStmt"))
        relation = create["relation"];
    else if (const auto as = statement.as("CreateTableAsStmt"); as && as["objtype"].str() == "OBJECT_TABLE")
        relation = intoRelation(as);
    if (!relation)
        return;
    const auto name = tree::qualifiedName(relation);
    const auto previous = ctx.previous();
    for (std::size_t i = 0; i < previous.size(); ++i) {
        const auto &view = previous[i];
        const auto drop = view.tree.as("DropStmt");
        if (!drop || drop["removeType"].str() != "OBJECT_TABLE")
            continue;
        for (const Node object : drop["objects"]) {
            const auto dropped = dc::objectName(object);
            if (!dc::sameName(dropped, name) || dc::isNewAt(ctx, i, dropped))
                continue;
            ctx.report("Table " + name +
                           " is dropped and created again in this migration: every row it held is lost, and "
                           "its grants, triggers and dependent views go with it",
                       relation);
            return;
        }
    }
}

} // namespace

extern const Rule dropAndRecreateTable{
    "drop-and-recreate-table",
    Severity::Error,
    false,
    "A table is dropped and then created again with the same name.",
    "Dropping and recreating a table to change its definition deletes its data and everything attached to it "
    "(privileges, triggers, views, foreign keys from other tables), and queries fail between the two "
    "statements. Change the table in place with ALTER TABLE, or, if a fresh table is really wanted, create "
    "it "
    "with CREATE TABLE IF NOT EXISTS and review any DROP on its own.",
    check,
    nullptr};

} // namespace sluice::review::rules
