#include "LockingHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto statement = ctx.statement();
    if (const auto create = statement.as("CreateTrigStmt")) {
        if (!locking::isNew(ctx, create["relation"]))
            ctx.report(
                std::string(create["replace"].boolean() ? "CREATE OR REPLACE TRIGGER " : "CREATE TRIGGER ") +
                    std::string(create["trigname"].str()) + " takes a SHARE ROW EXCLUSIVE lock on " +
                    tree::qualifiedName(create["relation"]) + ": writes to it wait, and queue behind it",
                create["relation"]);
    } else if (const auto drop = statement.as("DropStmt");
               drop && drop["removeType"].str() == "OBJECT_TRIGGER") {
        for (const Node object : drop["objects"]) {
            auto names = tree::strings(object.as("List")["items"]);
            if (names.size() < 2)
                continue;
            const auto trigger = names.back();
            names.pop_back();
            std::string table;
            for (const auto &n : names)
                table += (table.empty() ? "" : ".") + n;
            if (!locking::isNew(ctx, table))
                locking::reportAtIdentifier(ctx,
                                            "DROP TRIGGER " + trigger +
                                                " takes an ACCESS EXCLUSIVE lock on " + table +
                                                ": reads and writes queue behind it",
                                            trigger, {});
        }
    } else if (const auto alter = statement.as("AlterTableStmt");
               alter && !locking::isNew(ctx, alter["relation"])) {
        for (const Node cmd : locking::alterCmds(alter)) {
            const auto subtype = cmd["subtype"].str();
            if (subtype.rfind("AT_EnableTrig", 0) != 0 && subtype.rfind("AT_DisableTrig", 0) != 0 &&
                subtype != "AT_EnableAlwaysTrig" && subtype != "AT_EnableReplicaTrig")
                continue;
            ctx.report(std::string(subtype.rfind("AT_Enable", 0) == 0 ? "ENABLE" : "DISABLE") +
                           " TRIGGER takes a SHARE ROW EXCLUSIVE lock on " +
                           tree::qualifiedName(alter["relation"]) +
                           ": writes to it wait, and queue behind it",
                       alter["relation"]);
            break;
        }
    }
}

} // namespace

extern const Rule triggerDdlOnExistingTable{
    "trigger-ddl-on-existing-table",
    Severity::Warning,
    false,
    "CREATE, DROP, ENABLE or DISABLE TRIGGER on an existing table.",
    "Trigger changes lock the table (SHARE ROW EXCLUSIVE to create, enable or disable; ACCESS EXCLUSIVE to "
    "drop). They are quick, but while the lock waits behind a long query every later write queues behind it. "
    "Set a short lock_timeout and retry on failure, and keep trigger changes in one short transaction.",
    check,
    nullptr};

} // namespace sluice::review::rules
