#include "DataCompatHelpers.h"

#include <set>

namespace sluice::review::rules {
namespace {

std::string roleName(Node role)
{
    const auto spec = role.as("RoleSpec") ? role.as("RoleSpec") : role;
    const auto type = spec["roletype"].str();
    return type == "ROLESPEC_CSTRING"        ? std::string(spec["rolename"].str())
           : type == "ROLESPEC_CURRENT_USER" ? std::string("CURRENT_USER")
           : type == "ROLESPEC_SESSION_USER" ? std::string("SESSION_USER")
           : type == "ROLESPEC_CURRENT_ROLE" ? std::string("CURRENT_ROLE")
                                             : std::string("PUBLIC");
}

void check(RuleContext &ctx)
{
    const auto drop = ctx.statement().as("DropOwnedStmt");
    if (!drop)
        return;
    // After REASSIGN OWNED BY the same roles, DROP OWNED only revokes their remaining privileges.
    std::set<std::string> reassigned;
    const auto all = ctx.all();
    ctx.memo<index::StatementsByKind>().forEachBefore("ReassignOwnedStmt", ctx.index(), [&](std::size_t i) {
        for (const Node role : all[i].tree.as("ReassignOwnedStmt")["roles"])
            reassigned.insert(roleName(role));
        return true;
    });
    std::string roles;
    bool allReassigned = true;
    for (const Node role : drop["roles"]) {
        const auto name = roleName(role);
        roles += (roles.empty() ? "" : ", ") + name;
        allReassigned = allReassigned && reassigned.count(name);
    }
    if (allReassigned)
        return;
    ctx.report("DROP OWNED BY " + roles + " drops every table, view, sequence and function " +
                   (drop["roles"].size() > 1 ? "those roles own" : "the role owns") +
                   " in this database, with their data" +
                   (drop["behavior"].str() == "DROP_CASCADE"
                        ? ", and with CASCADE everything that depends on them"
                        : ""),
               drop["roles"].at(0));
}

} // namespace

extern const Rule dropOwned{
    "drop-owned",
    Severity::Error,
    false,
    "DROP OWNED BY in a migration, without REASSIGN OWNED first.",
    "DROP OWNED removes every object the role owns in the current database, whatever it is and whoever uses "
    "it; the statement does not say what will go. Run REASSIGN OWNED BY role TO new_owner first (DROP OWNED "
    "then only revokes the role's privileges), and drop the specific objects that really must go by name.",
    check,
    nullptr,
    {"DropOwnedStmt"}};

} // namespace sluice::review::rules
