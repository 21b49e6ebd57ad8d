#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

// Commands that must stay in statements of their own (or, for VALIDATE, in a later transaction).
bool mergeable(Node alter)
{
    if (!alter || (alter["objtype"].valid() && alter["objtype"].str() != "OBJECT_TABLE"))
        return false;
    for (const Node cmd : locking::alterCmds(alter)) {
        const auto subtype = cmd["subtype"].str();
        if (subtype == "AT_ValidateConstraint" || subtype == "AT_AttachPartition" ||
            subtype == "AT_DetachPartition" || subtype == "AT_DetachPartitionFinalize")
            return false;
    }
    return true;
}

bool touchesTable(const StatementFacts &facts, const std::string &table)
{
    for (const auto &r : facts.relations) {
        if (locking::sameRelation(r.relation, table))
            return true;
    }
    return false;
}

void check(RuleContext &ctx)
{
    const auto alter = ctx.statement().as("AlterTableStmt");
    if (!mergeable(alter) || locking::isNew(ctx, alter["relation"]))
        return;
    const auto table = tree::qualifiedName(alter["relation"]);
    // The latest earlier statement that ends the search: a transaction boundary or a statement that does not
    // parse, an ALTER TABLE on the table, or anything else that uses it (a backfill, an index: the two
    // cannot be merged).
    const auto all = ctx.all();
    const auto &touches = ctx.memo<index::RelationTouches>();
    auto latestBefore = [&](const std::vector<std::size_t> &list) -> std::optional<std::size_t> {
        const auto it = std::lower_bound(list.begin(), list.end(), ctx.index());
        index::visited();
        return it == list.begin() ? std::nullopt : std::optional(*std::prev(it));
    };
    const auto barrier = latestBefore(touches.barriers);
    std::optional<std::size_t> touch;
    const auto &list = touches.byRelation.find(index::bucketKey(table));
    for (auto it = std::lower_bound(list.begin(), list.end(), ctx.index()); it != list.begin();) {
        const auto i = *--it;
        if (barrier && i < *barrier)
            break;
        index::visited();
        const auto earlier = all[i].tree.as("AlterTableStmt");
        if ((earlier && locking::sameRelation(tree::qualifiedName(earlier["relation"]), table)) ||
            touchesTable(all[i].facts, table)) {
            touch = i;
            break;
        }
    }
    if (!touch || (barrier && *barrier > *touch))
        return;
    const auto earlier = all[*touch].tree.as("AlterTableStmt");
    if (earlier && locking::sameRelation(tree::qualifiedName(earlier["relation"]), table) &&
        mergeable(earlier))
        ctx.report("ALTER TABLE on " + table +
                       " again, with nothing in between that needs the two apart: combine them into one "
                       "ALTER "
                       "TABLE with comma-separated actions, so the ACCESS EXCLUSIVE lock is taken (and any "
                       "scan or rewrite done) once",
                   alter["relation"]);
}

} // namespace

extern const Rule mergeAlterTable{
    "merge-alter-table",
    Severity::Info,
    false,
    "Consecutive ALTER TABLE statements on the same table that could be one.",
    "Each ALTER TABLE statement queues for its own ACCESS EXCLUSIVE lock and may scan or rewrite the table "
    "again. When nothing else needs to happen in between, write one statement: ALTER TABLE t action1, "
    "action2, .... Keep ADD CONSTRAINT ... NOT VALID and VALIDATE CONSTRAINT apart, in separate "
    "transactions.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
