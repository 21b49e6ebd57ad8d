#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto alter = ctx.statement().as("AlterTableStmt");
    if (!alter || locking::isNew(ctx, alter["relation"]))
        return;
    const auto table = tree::qualifiedName(alter["relation"]);
    const auto cmds = locking::alterCmds(alter);
    for (std::size_t k = 0; k < cmds.size(); ++k) {
        const auto subtype = cmds[k]["subtype"].str();
        if (subtype == "AT_AddConstraint") {
            const auto con = cmds[k]["def"].as("Constraint");
            if (con["contype"].str() != "CONSTR_PRIMARY" || !con["indexname"].str().empty())
                continue;
            std::string nullable;
            for (const auto &column : tree::strings(con["keys"])) {
                if (!locking::knownNotNull(ctx, table, column, k))
                    nullable += (nullable.empty() ? "" : ", ") + column;
            }
            ctx.report("Adding a primary key to " + table +
                           " builds its index under an ACCESS EXCLUSIVE lock" +
                           (nullable.empty() ? std::string()
                                             : " and scans the table to make " + nullable + " NOT NULL") +
                           ": reads and writes wait throughout",
                       Node(con));
        } else if (subtype == "AT_AddColumn") {
            const auto def = cmds[k]["def"].as("ColumnDef");
            if (const auto con = locking::columnConstraint(def, "CONSTR_PRIMARY"))
                ctx.report("Adding column " + table + "." + std::string(def["colname"].str()) +
                               " as PRIMARY KEY fills and indexes it under an ACCESS EXCLUSIVE lock on " +
                               table,
                           con);
        }
    }
}

} // namespace

extern const Rule addingPrimaryKeyConstraint{
    "adding-primary-key-constraint",
    Severity::Error,
    false,
    "ADD PRIMARY KEY on an existing table without USING INDEX.",
    "ADD PRIMARY KEY builds a unique index, and checks that the key columns hold no NULLs, while holding an "
    "ACCESS EXCLUSIVE lock. Instead: CREATE UNIQUE INDEX CONCURRENTLY on the key columns; make them NOT NULL "
    "the online way (CHECK (col IS NOT NULL) NOT VALID, VALIDATE, SET NOT NULL); then ALTER TABLE ... ADD "
    "CONSTRAINT pk PRIMARY KEY USING INDEX name.",
    check,
    nullptr,
    {"AlterTableStmt"}};

} // namespace sluice::review::rules
