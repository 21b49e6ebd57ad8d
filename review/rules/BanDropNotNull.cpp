#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto alter = dc::alterTable(ctx.statement());
    if (!alter || dc::isNew(ctx, alter["relation"]))
        return;
    const auto table = tree::qualifiedName(alter["relation"]);
    for (std::size_t i = 0; i < alter["cmds"].size(); ++i) {
        const Node cmd = alter["cmds"].at(i);
        if (dc::subtype(cmd) != "AT_DropNotNull")
            continue;
        const std::string column(cmd.as("AlterTableCmd")["name"].str());
        if (dc::columnAddedEarlier(ctx, table, column))
            continue;
        // The catalog says the column already allows NULLs: the statement changes nothing.
        const auto *facts = ctx.catalog() ? ctx.catalog()->table(table) : nullptr;
        if (const auto *known = facts ? facts->column(column) : nullptr; known && !known->notNull)
            continue;
        dc::reportInCommand(
            ctx,
            "DROP NOT NULL on " + table + "." + column +
                " lets NULLs in: code that reads the column and assumes it always has a value "
                "breaks on the first NULL written",
            column, alter, i);
    }
}

} // namespace

extern const Rule banDropNotNull{
    "ban-drop-not-null",
    Severity::Warning,
    false,
    "ALTER COLUMN ... DROP NOT NULL on an existing table.",
    "Readers (application code, reports, downstream consumers) were written for a column that always has a "
    "value; once NULLs appear they crash or silently miscount. Keep the column NOT NULL and write a sentinel "
    "value, or move the optional data to a new nullable column or table, and update the readers first.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
