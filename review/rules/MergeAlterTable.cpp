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

bool touches(const StatementFacts &facts, const std::string &table)
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
    const auto all = ctx.all();
    for (std::size_t i = ctx.index(); i-- > 0;) {
        const auto &view = all[i];
        // A transaction boundary, or a statement that does not parse: stop looking.
        if (!view.tree || view.tree.is("TransactionStmt"))
            return;
        const auto earlier = view.tree.as("AlterTableStmt");
        if (earlier && locking::sameRelation(tree::qualifiedName(earlier["relation"]), table)) {
            if (mergeable(earlier))
                ctx.report(
                    "ALTER TABLE on " + table +
                        " again, with nothing in between that needs the two apart: combine them into one "
                        "ALTER "
                        "TABLE with comma-separated actions, so the ACCESS EXCLUSIVE lock is taken (and any "
                        "scan or rewrite done) once",
                    alter["relation"]);
            return;
        }
        // Something else uses the table in between (a backfill, an index): the two cannot be merged.
        if (touches(view.facts, table))
            return;
    }
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
