#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

// The tables each DROP TABLE names, by bucket key, with the statement's index, in file order.
struct DroppedTables
{
    struct Drop
    {
        std::size_t statement;
        std::string name;
    };
    index::Buckets<Drop> byName;

    static DroppedTables compute(const RuleContext &ctx)
    {
        DroppedTables out;
        const auto all = ctx.all();
        ctx.memo<index::StatementsByKind>().forEachBefore("DropStmt", all.size(), [&](std::size_t i) {
            const auto drop = all[i].tree.as("DropStmt");
            if (drop["removeType"].str() == "OBJECT_TABLE") {
                for (const Node object : drop["objects"]) {
                    auto name = dc::objectName(object);
                    out.byName.at(index::bucketKey(name)).push_back({i, std::move(name)});
                }
            }
            return true;
        });
        return out;
    }
};

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
    for (const auto &drop : ctx.memo<DroppedTables>().byName.find(index::bucketKey(name))) {
        if (drop.statement >= ctx.index())
            return;
        index::visited();
        if (!dc::sameName(drop.name, name) || dc::isNewAt(ctx, drop.statement, drop.name))
            continue;
        ctx.report("Table " + name +
                       " is dropped and created again in this migration: every row it held is lost, and "
                       "its grants, triggers and dependent views go with it",
                   relation);
        return;
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
