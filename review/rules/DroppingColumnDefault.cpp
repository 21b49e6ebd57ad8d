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
        const auto body = cmd.as("AlterTableCmd");
        // SET DEFAULT and DROP DEFAULT are both AT_ColumnDefault; DROP has no def.
        if (dc::subtype(cmd) != "AT_ColumnDefault" || body["def"])
            continue;
        const std::string column(body["name"].str());
        if (dc::columnAddedEarlier(ctx, table, column))
            continue;
        const auto *facts = ctx.catalog() ? ctx.catalog()->table(table) : nullptr;
        const auto *known = facts ? facts->column(column) : nullptr;
        dc::reportInCommand(ctx,
                            "DROP DEFAULT on " + table + "." + column +
                                ": INSERTs that leave the column out " +
                                (known && known->notNull ? "now fail, since it is NOT NULL"
                                                         : "now write NULL instead of the default"),
                            column, alter, i);
    }
}

} // namespace

extern const Rule droppingColumnDefault{
    "dropping-column-default",
    Severity::Info,
    false,
    "ALTER COLUMN ... DROP DEFAULT on an existing table.",
    "Writers that omit the column relied on the default: after the change they insert NULL, or fail if the "
    "column is NOT NULL. Make every writer supply the value explicitly and deploy that first; drop the "
    "default "
    "afterwards.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
