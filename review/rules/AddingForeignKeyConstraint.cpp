#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto alter = ctx.statement().as("AlterTableStmt");
    if (!alter || locking::isNew(ctx, alter["relation"]))
        return;
    const auto table = tree::qualifiedName(alter["relation"]);
    for (const Node cmd : locking::alterCmds(alter)) {
        const auto subtype = cmd["subtype"].str();
        if (subtype == "AT_AddConstraint") {
            const auto con = cmd["def"].as("Constraint");
            if (con["contype"].str() != "CONSTR_FOREIGN" || con["skip_validation"].boolean())
                continue;
            ctx.report("Adding a foreign key from " + table + " to " + tree::qualifiedName(con["pktable"]) +
                           " without NOT VALID blocks writes to both tables while every row of " + table +
                           " is checked",
                       Node(con));
        } else if (subtype == "AT_AddColumn") {
            const auto def = cmd["def"].as("ColumnDef");
            const auto con = locking::columnConstraint(def, "CONSTR_FOREIGN");
            if (!con)
                continue;
            ctx.report("Adding column " + table + "." + std::string(def["colname"].str()) +
                           " with an inline REFERENCES " + tree::qualifiedName(con["pktable"]) +
                           " takes a SHARE ROW EXCLUSIVE lock on the referenced table as well, and cannot be "
                           "NOT VALID",
                       con,
                       "Add the column without REFERENCES first, then ALTER TABLE ... ADD CONSTRAINT ... "
                       "FOREIGN KEY ... NOT VALID, and VALIDATE CONSTRAINT in a later transaction.");
        }
    }
}

} // namespace

extern const Rule addingForeignKeyConstraint{
    "adding-foreign-key-constraint",
    Severity::Error,
    false,
    "ADD FOREIGN KEY (or ADD COLUMN ... REFERENCES) on an existing table without NOT VALID.",
    "Adding a foreign key takes a SHARE ROW EXCLUSIVE lock on both the table and the referenced table, and "
    "holds it while every existing row is checked: writes to both tables wait. Add the constraint with NOT "
    "VALID (a brief lock, no scan), commit, then run ALTER TABLE ... VALIDATE CONSTRAINT in a later "
    "transaction, which lets reads and writes continue.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
