#include "Rule.h"
#include "SecurityTransactionHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto stmt = ctx.statement().as("AlterDefaultPrivilegesStmt");
    if (!stmt)
        return;
    std::string schemas, roles;
    for (const Node o : stmt["options"]) {
        const auto option = o.as("DefElem");
        std::string names;
        for (const Node item : option["arg"].as("List")["items"]) {
            const auto name =
                item.is("RoleSpec") ? sectx::roleName(item) : std::string(tree::stringConstant(item));
            names += (names.empty() ? "" : ", ") + name;
        }
        (option["defname"].str() == "schemas" ? schemas : roles) = names;
    }
    const auto action = stmt["action"];
    const bool grant = action["is_grant"].boolean();
    ctx.report("ALTER DEFAULT PRIVILEGES " + std::string(grant ? "grants " : "revokes ") +
               sectx::privilegeList(action) + (grant ? " to " : " from ") +
               sectx::roleList(action["grantees"]) + " on every " + sectx::objectType(action["objtype"]) +
               " that " + (roles.empty() ? "the role running the migration" : roles) +
               " creates from now on" + (schemas.empty() ? "" : " in schema " + schemas) +
               "; existing objects keep their privileges");
}

} // namespace

extern const Rule alterDefaultPrivileges{
    "alter-default-privileges",
    Severity::Info,
    false,
    "ALTER DEFAULT PRIVILEGES changes the privileges of objects created later.",
    "Default privileges are invisible in later migrations: every table, sequence or function created "
    "afterwards "
    "(by the named role, in the named schema) silently gets these privileges, and objects that already exist "
    "do not. Review who receives what, and grant on existing objects explicitly if that is the intent.",
    check,
    nullptr,
    {"AlterDefaultPrivilegesStmt"}};

} // namespace sluice::review::rules
