#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto drop = ctx.statement().as("DropdbStmt");
    if (!drop)
        return;
    const std::string name(drop["dbname"].str());
    bool force = false;
    for (const Node option : drop["options"])
        force = force || option.as("DefElem")["defname"].str() == "force";
    dc::reportWord(ctx,
                   "DROP DATABASE " + name + " deletes the whole database" +
                       (force ? ", and WITH (FORCE) first terminates every session connected to it" : ""),
                   name, 0, {});
}

} // namespace

extern const Rule banDropDatabase{
    "ban-drop-database",
    Severity::Error,
    false,
    "DROP DATABASE in a migration.",
    "Dropping a database deletes every schema, table and row in it, and it cannot run inside a transaction, "
    "so there is no rollback. A migration must never do this; decommission databases by hand, after a "
    "backup.",
    check,
    nullptr,
    {"DropdbStmt"}};

} // namespace sluice::review::rules
