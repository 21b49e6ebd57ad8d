#include "DataCompatHelpers.h"

namespace sluice::review::rules {
namespace {

void checkConstraint(RuleContext &ctx, Node constraint, const std::string &table)
{
    const auto c = constraint.as("Constraint");
    if (!c || c["contype"].str() != "CONSTR_FOREIGN" || c["fk_del_action"].str() != "c")
        return;
    const auto referenced = tree::qualifiedName(c["pktable"]);
    const auto del = dc::findWord(ctx, "delete", std::size_t(std::max(c.location(), 0)));
    const auto cascade = del == std::string_view::npos ? del : dc::findWord(ctx, "cascade", del);
    std::string message = "The foreign key from " + table + " to " + referenced +
                          " uses ON DELETE CASCADE: deleting one row of " + referenced +
                          " silently deletes every referencing row of " + table;
    if (cascade == std::string_view::npos)
        ctx.report(std::move(message), constraint);
    else
        ctx.reportRange(std::move(message), {del, cascade + 7});
}

void check(RuleContext &ctx)
{
    if (const auto create = ctx.statement().as("CreateStmt")) {
        const auto table = tree::qualifiedName(create["relation"]);
        for (const Node element : create["tableElts"]) {
            checkConstraint(ctx, element, table);
            for (const Node c : element.as("ColumnDef")["constraints"])
                checkConstraint(ctx, c, table);
        }
        return;
    }
    const auto alter = dc::alterTable(ctx.statement());
    if (!alter)
        return;
    const auto table = tree::qualifiedName(alter["relation"]);
    for (const Node cmd : alter["cmds"]) {
        const auto def = cmd.as("AlterTableCmd")["def"];
        if (dc::subtype(cmd) == "AT_AddConstraint")
            checkConstraint(ctx, def, table);
        else if (dc::subtype(cmd) == "AT_AddColumn") {
            for (const Node c : def.as("ColumnDef")["constraints"])
                checkConstraint(ctx, c, table);
        }
    }
}

} // namespace

extern const Rule banOnDeleteCascade{
    "ban-on-delete-cascade",
    Severity::Warning,
    true,
    "A foreign key with ON DELETE CASCADE (policy, off by default).",
    "With ON DELETE CASCADE a single DELETE on the parent can remove an unbounded number of child rows, in "
    "one "
    "long transaction that locks them all and is easy to trigger by mistake. Use ON DELETE RESTRICT (or NO "
    "ACTION) and delete children explicitly in application code, in batches, or use soft deletes.",
    check,
    nullptr,
    {"CreateStmt", "AlterTableStmt"}};

} // namespace sluice::review::rules
