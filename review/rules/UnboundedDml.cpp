#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

// A WHERE clause that bounds the rows by itself: a sub-select with LIMIT (the usual batch shape), or equality
// with a constant on the key (id = 42, or every column of the primary key from the catalog).
bool bounded(const RuleContext &ctx, const std::string &table, Node where)
{
    bool limited = false;
    where.walk([&](Node n) {
        if (const auto select = n.as("SelectStmt"); select && select["limitCount"])
            limited = true;
    });
    if (limited)
        return true;
    std::vector<std::string> key{"id"};
    if (const auto *facts = ctx.catalog() ? ctx.catalog()->table(table) : nullptr) {
        for (const auto &i : facts->indexes) {
            if (i.primary)
                key = i.columns;
        }
    }
    std::vector<std::string> pinned;
    auto visit = [&](Node expr) {
        const auto e = expr.as("A_Expr");
        if (!e || e["kind"].str() != "AEXPR_OP" || tree::strings(e["name"]) != std::vector<std::string>{"="})
            return;
        const auto column = e["lexpr"].as("ColumnRef") ? e["lexpr"] : e["rexpr"];
        const auto other = e["lexpr"].as("ColumnRef") ? e["rexpr"] : e["lexpr"];
        const auto fields = tree::strings(column.as("ColumnRef")["fields"]);
        if (!fields.empty() && (other.is("A_Const") || other.is("ParamRef")))
            pinned.push_back(fields.back());
    };
    if (const auto b = where.as("BoolExpr"); b && b["boolop"].str() == "AND_EXPR") {
        for (const Node arg : b["args"])
            visit(arg);
    } else {
        visit(where);
    }
    for (const auto &k : key) {
        if (std::find(pinned.begin(), pinned.end(), k) == pinned.end())
            return false;
    }
    return !key.empty();
}

void check(RuleContext &ctx)
{
    const auto statement = ctx.statement();
    const auto update = statement.as("UpdateStmt");
    const auto remove = statement.as("DeleteStmt");
    const auto insert = statement.as("InsertStmt");
    const auto merge = statement.as("MergeStmt");
    const auto body = update ? update : remove ? remove : insert ? insert : merge;
    if (!body || dc::isNew(ctx, body["relation"]))
        return;
    // INSERT ... VALUES and INSERT ... DEFAULT VALUES write the rows they list.
    if (insert && (!insert["selectStmt"] || insert["selectStmt"].as("SelectStmt")["valuesLists"]))
        return;
    const auto table = tree::qualifiedName(body["relation"]);
    if ((update || remove) && body["whereClause"] && bounded(ctx, table, body["whereClause"]))
        return;
    if (insert) {
        if (const auto select = insert["selectStmt"].as("SelectStmt"); select["limitCount"])
            return;
    }
    const auto limit = ctx.config().number("unbounded_dml_max_rows", 10000);
    if (const auto *facts = ctx.catalog() ? ctx.catalog()->table(table) : nullptr;
        facts && facts->rowEstimate && *facts->rowEstimate <= limit && !insert)
        return;
    const std::string verb = update   ? "UPDATE of "
                             : remove ? "DELETE from "
                             : insert ? "INSERT ... SELECT into "
                                      : "MERGE into ";
    ctx.report(verb + table +
                   " in a migration touches an unbounded number of rows in one transaction: a large "
                   "table means long-held row locks, bloat, a burst of WAL and replica lag",
               body["relation"]);
}

} // namespace

extern const Rule unboundedDml{
    "unbounded-dml",
    Severity::Warning,
    true,
    "UPDATE, DELETE, INSERT ... SELECT or MERGE without a bound on the rows (policy, off by default).",
    "A data change in a schema migration runs as one transaction over however many rows match, holding row "
    "locks (and any DDL locks taken earlier) until it commits. Move backfills out of DDL migrations into a "
    "job "
    "that works in batches (WHERE id IN (SELECT id ... LIMIT 1000)) and throttles between them. With catalog "
    "statistics, UPDATE and DELETE on tables of at most unbounded_dml_max_rows rows (default 10000) pass.",
    check,
    nullptr};

} // namespace sluice::review::rules
