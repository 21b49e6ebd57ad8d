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
        if (dc::subtype(cmd) != "AT_DropColumn")
            continue;
        const auto column = cmd.as("AlterTableCmd")["name"].str();
        // A column added earlier in this migration holds no data anyone relies on yet.
        if (dc::columnAddedEarlier(ctx, table, column))
            continue;
        dc::reportInCommand(ctx,
                            "DROP COLUMN " + std::string(column) + " deletes the column's data in " + table +
                                dc::tagNote(ctx, table) +
                                ", and application code that still selects or writes it fails",
                            column, alter, i);
    }
}

} // namespace

extern const Rule banDropColumn{
    "ban-drop-column",
    Severity::Error,
    false,
    "ALTER TABLE ... DROP COLUMN on an existing table.",
    "The column's data is lost, and running application versions that still read or write it break at once. "
    "Expand and contract: stop using the column in the application (e.g. ignore it in the ORM), deploy, "
    "check "
    "that nothing needs the data (back it up if in doubt), then drop it with DROP COLUMN IF EXISTS in a "
    "later "
    "migration.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
