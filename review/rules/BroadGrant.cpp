#include "Rule.h"
#include "SecurityTransactionHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    if (const auto grant = ctx.statement().as("GrantStmt"); grant && grant["is_grant"].boolean()) {
        Node publicGrantee;
        for (const Node g : grant["grantees"]) {
            if (g.as("RoleSpec")["roletype"].str() == "ROLESPEC_PUBLIC")
                publicGrantee = g;
        }
        std::string why;
        if (publicGrantee)
            why = "every role, including roles created later, gets it";
        else if (!grant["privileges"].valid())
            why = "ALL PRIVILEGES includes TRUNCATE, REFERENCES and TRIGGER, which applications rarely need";
        else if (grant["grant_option"].boolean())
            why = "WITH GRANT OPTION lets " + sectx::roleList(grant["grantees"]) +
                  " hand the privilege on to any other role";
        if (why.empty())
            return;
        ctx.report("GRANT " + sectx::privilegeList(grant) + " ON " + sectx::grantTarget(grant) + " TO " +
                       sectx::roleList(grant["grantees"]) +
                       (grant["grant_option"].boolean() ? " WITH GRANT OPTION" : "") + ": " + why,
                   publicGrantee);
        return;
    }
    const auto role = ctx.statement().as("GrantRoleStmt");
    if (!role || !role["is_grant"].boolean())
        return;
    Node publicGrantee;
    for (const Node g : role["grantee_roles"]) {
        if (g.as("RoleSpec")["roletype"].str() == "ROLESPEC_PUBLIC")
            publicGrantee = g;
    }
    if (!publicGrantee && !role["admin_opt"].boolean())
        return;
    std::string granted;
    for (const Node r : role["granted_roles"])
        granted += (granted.empty() ? "" : ", ") + std::string(r.as("AccessPriv")["priv_name"].str());
    ctx.report("GRANT " + granted + " TO " + sectx::roleList(role["grantee_roles"]) +
                   (publicGrantee
                        ? ": every role becomes a member of " + granted
                        : " WITH ADMIN OPTION: the grantees can add and remove other members of " + granted),
               publicGrantee);
}

} // namespace

extern const Rule broadGrant{
    "broad-grant",
    Severity::Warning,
    false,
    "A GRANT to PUBLIC, of ALL PRIVILEGES, or WITH GRANT/ADMIN OPTION.",
    "Broad grants outlive the migration that made them: every current and future role (PUBLIC), every "
    "privilege "
    "(ALL), or the right to pass the privilege on (WITH GRANT OPTION, WITH ADMIN OPTION). Grant the specific "
    "privileges the application needs (SELECT, INSERT, ...) to a named role, and manage re-granting by hand.",
    check,
    nullptr};

} // namespace sluice::review::rules
