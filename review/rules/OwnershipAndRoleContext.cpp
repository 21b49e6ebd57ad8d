#include "Rule.h"
#include "SecurityTransactionHelpers.h"

namespace sluice::review::rules {
namespace {

bool setsRole(Node statement)
{
    const auto set = statement.as("VariableSetStmt");
    return set && set["kind"].str() == "VAR_SET_VALUE" &&
           (set["name"].str() == "role" || set["name"].str() == "session_authorization");
}

// The first statement that switches role or is DDL: DDL after it is not the file's first without SET ROLE.
struct FirstRoleOrDdl
{
    std::size_t index = std::size_t(-1);

    static FirstRoleOrDdl compute(const RuleContext &ctx)
    {
        FirstRoleOrDdl out;
        const auto all = ctx.all();
        for (std::size_t i = 0; i < all.size() && out.index == std::size_t(-1); ++i) {
            if (setsRole(all[i].tree) || (all[i].tree && all[i].facts.isDdl))
                out.index = i;
        }
        return out;
    }
};

void check(RuleContext &ctx)
{
    const auto statement = ctx.statement();
    if (const auto alter = statement.as("AlterTableStmt")) {
        for (const Node c : alter["cmds"]) {
            const auto cmd = c.as("AlterTableCmd");
            if (cmd["subtype"].str() == "AT_ChangeOwner")
                ctx.report("ALTER " + sectx::upper(sectx::objectType(alter["objtype"])) + " " +
                               tree::qualifiedName(alter["relation"]) + " OWNER TO " +
                               sectx::roleName(cmd["newowner"]) +
                               ": ownership decides who may alter, drop and grant on it, and takes an ACCESS "
                               "EXCLUSIVE lock",
                           alter["relation"]);
        }
    } else if (const auto owner = statement.as("AlterOwnerStmt")) {
        ctx.report("ALTER " + sectx::upper(sectx::objectType(owner["objectType"])) + " " +
                       sectx::objectName(owner["object"]) + " OWNER TO " +
                       sectx::roleName(owner["newowner"]) +
                       ": ownership decides who may alter, drop and grant on it",
                   owner["newowner"]);
    } else if (const auto reassign = statement.as("ReassignOwnedStmt")) {
        ctx.report(
            "REASSIGN OWNED BY " + sectx::roleList(reassign["roles"]) + " TO " +
                sectx::roleName(reassign["newrole"]) +
                " moves every object of these roles in the current database, not only this migration's",
            reassign["newrole"]);
    }
    // Policy mode: DDL must run under an explicit SET ROLE so that objects get the intended owner.
    if (!sectx::flag(ctx.config(), "require_set_role") || !ctx.facts().isDdl ||
        statement.is("VariableSetStmt"))
        return;
    // Reported at the first DDL statement only.
    if (ctx.memo<FirstRoleOrDdl>().index < ctx.index())
        return;
    ctx.report(
        "DDL runs without a SET ROLE before it: the objects it creates are owned by whichever role runs "
        "the migration",
        {},
        "With require_set_role, every migration must switch to the owning role (SET ROLE app_owner) "
        "before its first DDL statement, so that ownership does not depend on who runs the migration.");
}

} // namespace

extern const Rule ownershipAndRoleContext{
    "ownership-and-role-context",
    Severity::Warning,
    true,
    "Ownership changes (OWNER TO, REASSIGN OWNED); optionally, DDL without SET ROLE.",
    "Object ownership controls who can alter, drop and grant on an object, and changing it by hand in a "
    "migration usually works around a migration that ran as the wrong role. Run migrations as the role that "
    "should own the objects (or SET ROLE to it at the top of the file) instead of fixing ownership "
    "afterwards. "
    "Option require_set_role = true also reports the first DDL statement of a file that has no SET ROLE "
    "before it.",
    check,
    nullptr};

} // namespace sluice::review::rules
