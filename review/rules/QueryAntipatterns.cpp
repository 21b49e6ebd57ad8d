#include "PerformanceNamingHelpers.h"
#include "Rule.h"

#include <set>

namespace sluice::review::rules {
namespace {

// The first column reference in an expression (invalid if none).
Node firstColumn(Node n)
{
    Node found;
    n.walk([&](Node x) {
        if (!found && x.is("ColumnRef"))
            found = x;
    });
    return found;
}

std::string columnName(Node columnRef)
{
    const auto fields = tree::strings(columnRef.as("ColumnRef")["fields"]);
    return fields.empty() ? std::string("*") : fields.back();
}

bool isArithmetic(Node n)
{
    const auto e = n.as("A_Expr");
    if (!e || e["kind"].str() != "AEXPR_OP")
        return false;
    const auto op = tree::strings(e["name"]);
    static const std::set<std::string> ops = {"+", "-", "*", "/", "%", "^", "||"};
    return !op.empty() && ops.count(op.back());
}

bool isComparison(Node e)
{
    const auto kind = e["kind"].str();
    if (kind == "AEXPR_IN" || kind == "AEXPR_LIKE" || kind == "AEXPR_ILIKE" || kind == "AEXPR_BETWEEN")
        return true;
    const auto op = tree::strings(e["name"]);
    static const std::set<std::string> ops = {"=", "<>", "!=", "<", ">", "<=", ">="};
    return kind == "AEXPR_OP" && !op.empty() && ops.count(op.back());
}

class Checker
{
public:
    explicit Checker(RuleContext &ctx) : m_ctx(ctx) {}

    void report(Node at, std::string message, std::string help)
    {
        if (m_reported.insert(at.location()).second)
            m_ctx.report(std::move(message), at, std::move(help));
    }

    void where(Node clause)
    {
        clause.walk([&](Node n) {
            const auto e = n.as("A_Expr");
            if (!e || !isComparison(e))
                return;
            for (const Node side : {e["lexpr"], e["rexpr"]}) {
                const bool call = side.is("FuncCall");
                const Node column = call || isArithmetic(side) ? firstColumn(side) : Node();
                if (!column)
                    continue;
                const auto name = columnName(column);
                const auto function =
                    call ? tree::strings(side.as("FuncCall")["funcname"]) : std::vector<std::string>{};
                report(call ? side : column,
                       (call ? "Function " +
                                   (function.empty() ? std::string("call") : function.back() + "()") +
                                   " applied to column " + name
                             : "Arithmetic on column " + name) +
                           " in WHERE keeps a plain index on " + name +
                           " from being used: unless another condition narrows it, the query reads every row",
                       "Compare the bare column with a transformed constant (created_at >= date '2024-01-01' "
                       "rather than date(created_at) = ...), or create an expression index that matches the "
                       "expression exactly.");
            }
        });
    }

    void like(Node statement)
    {
        statement.walk([&](Node n) {
            const auto e = n.as("A_Expr");
            const auto kind = e["kind"].str();
            if (!e || (kind != "AEXPR_LIKE" && kind != "AEXPR_ILIKE"))
                return;
            const auto pattern = tree::stringConstant(e["rexpr"]);
            if (!pattern.empty() && pattern.front() == '%')
                report(e["rexpr"],
                       "A LIKE pattern that starts with % ('" + std::string(pattern) +
                           "') cannot use a B-tree index: unless another condition narrows it, the query "
                           "reads every row",
                       "Anchor the pattern at the start ('abc%'), or use a trigram index (pg_trgm, "
                       "CREATE INDEX ... USING gin (col gin_trgm_ops)) or full-text search for substring "
                       "matches.");
        });
    }

    void limits(Node statement, long long maximum)
    {
        statement.walk([&](Node n) {
            const auto select = n.as("SelectStmt");
            const auto count = select["limitCount"].as("A_Const");
            if (!count || !count["ival"].valid() || count["ival"]["ival"].integer() <= maximum)
                return;
            report(
                select["limitCount"],
                "LIMIT " + std::to_string(count["ival"]["ival"].integer()) + " is above the allowed " +
                    std::to_string(maximum) + " rows",
                "Fetch large result sets in batches with keyset pagination (WHERE id > last_id ORDER BY id "
                "LIMIT n).");
        });
    }

private:
    RuleContext &m_ctx;
    std::set<int> m_reported;
};

void check(RuleContext &ctx)
{
    const Node statement = ctx.statement();
    const auto kind = statement.kind();
    if (kind != "SelectStmt" && kind != "InsertStmt" && kind != "UpdateStmt" && kind != "DeleteStmt" &&
        kind != "MergeStmt")
        return;
    Checker checker(ctx);
    checker.like(statement);
    statement.walk([&](Node n) {
        for (const auto *k : {"SelectStmt", "UpdateStmt", "DeleteStmt"}) {
            if (const auto body = n.as(k))
                checker.where(body["whereClause"]);
        }
    });
    checker.limits(statement, ctx.config().number("max_limit_value", 1000));
    if (const auto insert = statement.as("InsertStmt")) {
        for (const Node sort : insert["selectStmt"].as("SelectStmt")["sortClause"]) {
            const auto call = sort.as("SortBy")["node"];
            const auto names = tree::strings(call.as("FuncCall")["funcname"]);
            if (!names.empty() && names.back() == "random")
                checker.report(call, "INSERT ... SELECT ... ORDER BY random() sorts every source row first",
                               "Drop the ORDER BY, or sample with TABLESAMPLE SYSTEM / BERNOULLI.");
        }
    }
    const auto select = statement.as("SelectStmt");
    if (!select || select["whereClause"] || select["limitCount"])
        return;
    for (const Node from : select["fromClause"]) {
        if (from.is("RangeVar") || from.is("JoinExpr")) {
            checker.report(from, "SELECT without a WHERE clause reads every row of the table",
                           "Add a WHERE clause (or a LIMIT) so the query reads only the rows it needs.");
            break;
        }
    }
}

} // namespace

extern const Rule queryAntipatterns{
    "query-antipatterns",
    Severity::Warning,
    true,
    "Query shapes that defeat indexes or read whole tables: leading-% LIKE, functions on columns in WHERE, "
    "ORDER BY random() in INSERT ... SELECT, SELECT without WHERE, LIMIT above max_limit_value.",
    "These are query-review findings rather than migration-safety ones: each makes the statement read far "
    "more rows than it returns, which is slow on a large table and competes with production traffic.",
    check,
    nullptr};

} // namespace sluice::review::rules
