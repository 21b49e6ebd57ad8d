#include "PerformanceNamingHelpers.h"
#include "Rule.h"

namespace sluice::review::rules {
namespace {

// A reloption value that reads as false: false, off, no, 0 (a bare option name means true).
bool isFalse(Node arg)
{
    if (!arg)
        return false;
    if (const auto i = arg.as("Integer"))
        return i["ival"].integer() == 0;
    if (const auto b = arg.as("Boolean"))
        return !b["boolval"].boolean();
    std::string text;
    if (const auto s = arg.as("String"))
        text = pn::lower(s["sval"].str());
    else if (const auto t = arg.as("TypeName"))
        text = pn::lower(tree::typeName(t));
    return text == "false" || text == "off" || text == "no" || text == "0" || text == "f" || text == "n";
}

void checkOptions(RuleContext &ctx, Node options, const std::string &table)
{
    for (const Node option : options) {
        const auto def = option.as("DefElem");
        if (def["defname"].str() != "autovacuum_enabled" || !isFalse(def["arg"]))
            continue;
        const bool toast = def["defnamespace"].str() == "toast";
        ctx.report(
            std::string(toast ? "toast.autovacuum_enabled" : "autovacuum_enabled") + " = false on " + table +
                " stops autovacuum from " + (toast ? "vacuuming its TOAST table" : "vacuuming it") +
                ": dead rows pile up, the table and its indexes bloat, and only an anti-wraparound vacuum "
                "(which cannot be skipped) will eventually run",
            option);
    }
}

void check(RuleContext &ctx)
{
    const Node statement = ctx.statement();
    if (const auto create = statement.as("CreateStmt")) {
        checkOptions(ctx, create["options"], tree::qualifiedName(create["relation"]));
    } else if (const auto ctas = statement.as("CreateTableAsStmt")) {
        auto into = ctas["into"];
        if (const auto body = into.as("IntoClause"))
            into = body;
        checkOptions(ctx, into["options"], tree::qualifiedName(into["rel"]));
    } else if (const auto alter = statement.as("AlterTableStmt")) {
        for (const Node cmd : alter["cmds"]) {
            const auto c = cmd.as("AlterTableCmd");
            const auto subtype = c["subtype"].str();
            if (subtype == "AT_SetRelOptions" || subtype == "AT_ReplaceRelOptions")
                checkOptions(ctx, c["def"].as("List")["items"], tree::qualifiedName(alter["relation"]));
        }
    }
}

} // namespace

extern const Rule autovacuumDisabled{
    "autovacuum-disabled",
    Severity::Warning,
    false,
    "A table created or altered with autovacuum_enabled = false.",
    "Without autovacuum nothing removes dead row versions or refreshes planner statistics: the table bloats, "
    "queries slow down, and transaction-ID wraparound protection falls to an emergency vacuum. Keep "
    "autovacuum on and tune it per table instead (autovacuum_vacuum_scale_factor, "
    "autovacuum_vacuum_cost_limit, ...).",
    check,
    nullptr};

} // namespace sluice::review::rules
