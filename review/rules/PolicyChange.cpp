#include "Rule.h"
#include "SecurityTransactionHelpers.h"

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto statement = ctx.statement();
    if (const auto create = statement.as("CreatePolicyStmt")) {
        const auto table = tree::qualifiedName(create["table"]);
        const bool permissive = create["permissive"].boolean();
        ctx.report("CREATE POLICY " + std::string(create["policy_name"].str()) + " on " + table + " (" +
                       (permissive ? "permissive" : "restrictive") + ", FOR " +
                       sectx::upper(create["cmd_name"].str()) + ", TO " + sectx::roleList(create["roles"]) +
                       "): " +
                       (permissive ? "it widens access, every row it matches becomes visible to these roles"
                                   : "it narrows access, queries that see rows today may return fewer"),
                   create["table"]);
    } else if (const auto alter = statement.as("AlterPolicyStmt")) {
        ctx.report("ALTER POLICY " + std::string(alter["policy_name"].str()) + " on " +
                       tree::qualifiedName(alter["table"]) +
                       " changes which rows its roles can read or write",
                   alter["table"]);
    } else if (const auto drop = statement.as("DropStmt");
               drop && drop["removeType"].str() == "OBJECT_POLICY") {
        for (const Node o : drop["objects"]) {
            const auto names = tree::strings(o.as("List")["items"]);
            if (names.empty())
                continue;
            std::string table;
            for (std::size_t i = 0; i + 1 < names.size(); ++i)
                table += (table.empty() ? "" : ".") + names[i];
            ctx.report(
                "DROP POLICY " + names.back() + " on " + table +
                ": a permissive policy's rows disappear for its roles, a restrictive policy's filter is "
                "lifted");
        }
    }
}

} // namespace

extern const Rule policyChange{
    "policy-change",
    Severity::Warning,
    false,
    "CREATE, ALTER or DROP POLICY: a change to who can see which rows.",
    "Policies are the access matrix of a table under row-level security. A permissive policy widens access "
    "(its "
    "rows become visible to its roles), a restrictive one narrows it, and the change applies to every "
    "running "
    "query at once. Review the resulting matrix per role and test it by running the application's queries as "
    "the application role (SET ROLE) before merging.",
    check,
    nullptr};

} // namespace sluice::review::rules
