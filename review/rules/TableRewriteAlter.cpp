#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto statement = ctx.statement();
    if (const auto move = statement.as("AlterTableMoveAllStmt")) {
        ctx.report("ALTER ... ALL IN TABLESPACE " + std::string(move["orig_tablespacename"].str()) +
                   " SET TABLESPACE copies every matching relation, each under an ACCESS EXCLUSIVE lock");
        return;
    }
    const auto alter = statement.as("AlterTableStmt");
    if (!alter || locking::isNew(ctx, alter["relation"]))
        return;
    const auto relation = tree::qualifiedName(alter["relation"]);
    for (const Node cmd : locking::alterCmds(alter)) {
        const auto subtype = cmd["subtype"].str();
        std::string what;
        if (subtype == "AT_SetLogged")
            what = "SET LOGGED rewrites " + relation + " and writes all of it to the WAL";
        else if (subtype == "AT_SetUnLogged")
            what = "SET UNLOGGED rewrites " + relation;
        else if (subtype == "AT_SetAccessMethod")
            what = "SET ACCESS METHOD rewrites " + relation;
        else if (subtype == "AT_SetTableSpace")
            what = "SET TABLESPACE copies every file of " + relation;
        else
            continue;
        ctx.report(what + " under an ACCESS EXCLUSIVE lock: reads and writes wait until it is done",
                   alter["relation"]);
    }
}

} // namespace

extern const Rule tableRewriteAlter{
    "table-rewrite-alter",
    Severity::Error,
    false,
    "ALTER TABLE ... SET LOGGED / UNLOGGED / ACCESS METHOD / TABLESPACE on an existing relation.",
    "These forms rewrite or copy the whole relation (and its indexes) while holding an ACCESS EXCLUSIVE "
    "lock, "
    "so the table is unusable for the duration. Avoid them on live tables: create a new table with the "
    "wanted "
    "properties, copy the data in batches and swap, or use pg_repack (which can also move a table to another "
    "tablespace).",
    check,
    nullptr};

} // namespace sluice::review::rules
