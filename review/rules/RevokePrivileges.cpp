#include "Rule.h"
#include "SecurityTransactionHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    if (const auto grant = ctx.statement().as("GrantStmt"); grant && !grant["is_grant"].boolean()) {
        const auto grantees = sectx::roleList(grant["grantees"]);
        const auto privileges = sectx::privilegeList(grant);
        const bool isPublic = grantees == "PUBLIC";
        std::string effect;
        if (grant["grant_option"].boolean())
            effect = grantees + " can no longer grant " + privileges + " to other roles";
        else if (isPublic)
            effect = "roles that relied on the PUBLIC grant start failing with \"permission denied\"";
        else
            effect = "queries by " + grantees + " that rely on it start failing with \"permission denied\"";
        ctx.report("REVOKE " + std::string(grant["grant_option"].boolean() ? "GRANT OPTION FOR " : "") +
                       privileges + " ON " + sectx::grantTarget(grant) + " FROM " + grantees + ": " + effect,
                   grant["grantees"].at(0));
        return;
    }
    const auto role = ctx.statement().as("GrantRoleStmt");
    if (!role || role["is_grant"].boolean())
        return;
    std::string revoked;
    for (const Node r : role["granted_roles"])
        revoked += (revoked.empty() ? "" : ", ") + std::string(r.as("AccessPriv")["priv_name"].str());
    const auto grantees = sectx::roleList(role["grantee_roles"]);
    ctx.report("REVOKE " + revoked + " FROM " + grantees + ": " + grantees +
                   " loses every privilege it had through membership in " + revoked,
               role["grantee_roles"].at(0));
}

} // namespace

extern const Rule revokePrivileges{
    "revoke-privileges",
    Severity::Info,
    false,
    "A REVOKE of privileges or of a role membership.",
    "A revoked privilege takes effect at once, for every session: application queries that depended on it "
    "start "
    "failing with \"permission denied\". Check which roles the running application versions connect as and "
    "what "
    "they use before revoking, and revoke only after the code that needed the privilege is gone.",
    check,
    nullptr};

} // namespace sluice::review::rules
