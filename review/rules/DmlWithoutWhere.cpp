#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto statement = ctx.statement();
    const auto update = statement.as("UpdateStmt");
    const auto remove = statement.as("DeleteStmt");
    const auto merge = statement.as("MergeStmt");
    const auto body = update ? update : remove ? remove : merge;
    // Rows of a table created earlier in this migration are this migration's own.
    if (!body || dc::isNew(ctx, body["relation"]))
        return;
    const auto table = tree::qualifiedName(body["relation"]);
    if (merge) {
        if (dc::triviallyTrue(merge["joinCondition"]))
            ctx.report("MERGE into " + table +
                           " joins ON a condition that is always true: every row of the source matches every "
                           "row of the table",
                       merge["joinCondition"]);
        return;
    }
    const auto where = body["whereClause"];
    const std::string verb = update ? "UPDATE" : "DELETE";
    const std::string effect = update ? "rewrites every row of " : "deletes every row of ";
    if (!where)
        ctx.report(verb + " without a WHERE clause " + effect + table + dc::tagNote(ctx, table),
                   body["relation"]);
    else if (dc::triviallyTrue(where))
        dc::reportWord(ctx,
                       verb + " with an always-true WHERE clause " + effect + table + dc::tagNote(ctx, table),
                       "where", dc::after(ctx, body["relation"]), where);
}

} // namespace

extern const Rule dmlWithoutWhere{
    "dml-without-where",
    Severity::Error,
    false,
    "UPDATE or DELETE without a WHERE clause (or with an always-true one).",
    "An UPDATE or DELETE with no real WHERE touches every row: it locks them all, writes a new version of "
    "each "
    "(bloat, a WAL spike, replica lag), and if it was a mistake the data is gone. Write the WHERE clause "
    "that "
    "selects the rows meant, and for a backfill of a large table update in batches by primary-key range in "
    "separate transactions. If the whole table really is meant and it is small, suppress with a reason.",
    check,
    nullptr};

} // namespace sluice::review::rules
