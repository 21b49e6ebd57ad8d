#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

// Names the table's primary key may have: <table>_pkey, a name from the catalog, or one added in this file.
bool isPrimaryKeyName(const RuleContext &ctx, const std::string &table, Node relation,
                      const std::string &name)
{
    if (name == std::string(relation["relname"].str()) + "_pkey")
        return true;
    if (const auto *facts = locking::catalogTable(ctx, table)) {
        for (const auto &c : facts->constraints) {
            if (c.type == 'p' && c.name == name)
                return true;
        }
        for (const auto &i : facts->indexes) {
            if (i.primary && i.name == name)
                return true;
        }
    }
    bool added = false;
    locking::forEachEarlierCmd(ctx, table, 0, [&](std::size_t, Node cmd) {
        const auto con = cmd["def"].as("Constraint");
        added |= cmd["subtype"].str() == "AT_AddConstraint" && con["contype"].str() == "CONSTR_PRIMARY" &&
                 con["conname"].str() == name;
    });
    return added;
}

void check(RuleContext &ctx)
{
    const auto alter = ctx.statement().as("AlterTableStmt");
    if (!alter || locking::isNew(ctx, alter["relation"]))
        return;
    const auto table = tree::qualifiedName(alter["relation"]);
    const auto cmds = locking::alterCmds(alter);
    for (std::size_t k = 0; k < cmds.size(); ++k) {
        Node primary;
        if (cmds[k]["subtype"].str() == "AT_AddConstraint") {
            const auto con = cmds[k]["def"].as("Constraint");
            if (con["contype"].str() == "CONSTR_PRIMARY" && con["indexname"].str().empty())
                primary = con;
        } else if (cmds[k]["subtype"].str() == "AT_AddColumn") {
            primary = locking::columnConstraint(cmds[k]["def"].as("ColumnDef"), "CONSTR_PRIMARY");
        }
        if (!primary)
            continue;
        std::string dropped;
        locking::forEachEarlierCmd(ctx, table, k, [&](std::size_t, Node cmd) {
            const std::string name(cmd["name"].str());
            if (cmd["subtype"].str() == "AT_DropConstraint" &&
                isPrimaryKeyName(ctx, table, alter["relation"], name))
                dropped = name;
        });
        if (dropped.empty())
            continue;
        ctx.report(
            "The primary key of " + table + " is dropped (" + dropped +
                ") and rebuilt here: the new index is built under an ACCESS EXCLUSIVE lock, and foreign "
                "keys that referenced the old key must be re-created and re-validated",
            primary);
    }
}

} // namespace

extern const Rule redefinePrimaryKey{
    "redefine-primary-key",
    Severity::Error,
    false,
    "DROP of a table's primary key followed by ADD PRIMARY KEY in the same migration.",
    "Replacing a primary key this way leaves the table without one in between, builds the new unique index "
    "while reads and writes wait, and forces every referencing foreign key to be dropped and re-validated. "
    "Build the new unique index with CREATE UNIQUE INDEX CONCURRENTLY first, then swap in one short "
    "transaction: DROP CONSTRAINT old_pkey, ADD CONSTRAINT new_pkey PRIMARY KEY USING INDEX new_index.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
