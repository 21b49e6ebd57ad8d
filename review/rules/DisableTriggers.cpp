#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

// Whether a later statement re-enables the trigger (or all triggers) on the table.
bool reenabledLater(const RuleContext &ctx, const std::string &table, std::string_view trigger)
{
    const auto &alters = ctx.memo<index::AlterCommands>();
    for (const auto k : alters.byRelation.find(index::bucketKey(table))) {
        const auto &c = alters.cmds[k];
        if (c.statement <= ctx.index() || !c.onTable || !dc::sameName(c.relation, table))
            continue;
        index::visited();
        const auto type = c.subtype;
        if (type == "AT_EnableTrigAll" || type == "AT_EnableTrigUser" ||
            ((type == "AT_EnableTrig" || type == "AT_EnableAlwaysTrig" || type == "AT_EnableReplicaTrig") &&
             c.cmd["name"].str() == trigger))
            return true;
    }
    return false;
}

void check(RuleContext &ctx)
{
    if (const auto set = ctx.statement().as("VariableSetStmt")) {
        if (set["name"].str() == "session_replication_role" && set["kind"].str() == "VAR_SET_VALUE" &&
            tree::stringConstant(set["args"].at(0)) == "replica")
            ctx.report("SET session_replication_role = replica switches off ordinary triggers, including the "
                       "ones that enforce foreign keys, for every statement that follows in the session",
                       set["args"].at(0));
        return;
    }
    const auto alter = dc::alterTable(ctx.statement());
    if (!alter || dc::isNew(ctx, alter["relation"]))
        return;
    const auto table = tree::qualifiedName(alter["relation"]);
    for (std::size_t i = 0; i < alter["cmds"].size(); ++i) {
        const Node cmd = alter["cmds"].at(i);
        const auto type = dc::subtype(cmd);
        std::string message;
        if (type == "AT_DisableTrigAll") {
            message = "DISABLE TRIGGER ALL on " + table +
                      " also switches off the internal triggers that enforce foreign keys: rows written "
                      "meanwhile are not checked, and are not checked later either";
        } else if (type == "AT_DisableTrigUser" && !reenabledLater(ctx, table, "")) {
            message = "DISABLE TRIGGER USER on " + table +
                      " switches off every user trigger and this migration does not re-enable them: "
                      "writes from the application skip their side effects";
        } else if (type == "AT_DisableTrig") {
            const auto trigger = cmd.as("AlterTableCmd")["name"].str();
            if (reenabledLater(ctx, table, trigger)) {
                continue;
            }
            message = "Trigger " + std::string(trigger) + " on " + table +
                      " is disabled and this migration does not re-enable it: writes from the application "
                      "skip what it does";
        } else {
            continue;
        }
        dc::reportInCommand(ctx, message, "disable", alter, i);
    }
}

} // namespace

extern const Rule disableTriggers{
    "disable-triggers",
    Severity::Warning,
    false,
    "ALTER TABLE ... DISABLE TRIGGER, or session_replication_role = replica.",
    "Disabled triggers stop doing their work for every session, not just the migration's: audit rows, "
    "derived "
    "columns and, with ALL or session_replication_role = replica, foreign-key checks. Rows written meanwhile "
    "are never re-checked. Disable only the named user trigger that must not fire, and re-enable it in the "
    "same transaction; never disable the foreign-key triggers.",
    check,
    nullptr};

} // namespace sluice::review::rules
