#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

void checkColumn(RuleContext &ctx, Node columnDef, const std::string &table, std::string_view column)
{
    const auto type = columnDef["typeName"];
    if (tree::typeName(type) != "json")
        return;
    ctx.report("Column " + std::string(column) + " of " + table +
                   " is declared json: it has no equality operator, so DISTINCT, GROUP BY, UNION and unique "
                   "indexes fail on it, and every read re-parses the text",
               type);
}

void check(RuleContext &ctx)
{
    if (const auto create = ctx.statement().as("CreateStmt")) {
        const auto table = tree::qualifiedName(create["relation"]);
        for (const Node element : create["tableElts"]) {
            if (const auto column = element.as("ColumnDef"))
                checkColumn(ctx, column, table, column["colname"].str());
        }
        return;
    }
    const auto alter = dc::alterTable(ctx.statement());
    if (!alter)
        return;
    const auto table = tree::qualifiedName(alter["relation"]);
    for (const Node cmd : alter["cmds"]) {
        const auto body = cmd.as("AlterTableCmd");
        const auto column = body["def"].as("ColumnDef");
        if (dc::subtype(cmd) == "AT_AddColumn")
            checkColumn(ctx, column, table, column["colname"].str());
        else if (dc::subtype(cmd) == "AT_AlterColumnType")
            checkColumn(ctx, column, table, body["name"].str());
    }
}

} // namespace

extern const Rule preferJsonb{
    "prefer-jsonb",
    Severity::Warning,
    false,
    "A column of type json rather than jsonb.",
    "json stores the text as written and re-parses it on every access; it has no equality operator, so "
    "SELECT DISTINCT, GROUP BY, UNION and unique or GIN indexes do not work on it. Use jsonb unless the "
    "exact "
    "input text (key order, duplicate keys, whitespace) must be kept.",
    check,
    nullptr,
    {"CreateStmt", "AlterTableStmt"}};

} // namespace sluice::review::rules
