#include "Rule.h"
#include "SecurityTransactionHelpers.h"

#include <array>

namespace sluice::review::rules {
namespace {

void check(RuleContext &ctx)
{
    const auto create = ctx.statement().as("CreateRoleStmt");
    const auto alter = ctx.statement().as("AlterRoleStmt");
    if (!create && !alter)
        return;
    const auto role = create ? std::string(create["role"].str()) : sectx::roleName(alter["role"]);
    struct Attribute
    {
        std::string_view defname, keyword, effect;
    };
    static constexpr std::array<Attribute, 5> kAttributes{{
        {"superuser", "SUPERUSER", "skips every permission check"},
        {"createrole", "CREATEROLE", "can create roles and grant itself their memberships"},
        {"createdb", "CREATEDB", "can create databases"},
        {"bypassrls", "BYPASSRLS", "ignores row-level security"},
        {"isreplication", "REPLICATION", "can stream every row of the cluster"},
    }};
    std::string granted, effects;
    Node first;
    for (const Node o : (create ? create : alter)["options"]) {
        const auto option = o.as("DefElem");
        if (!option["arg"].as("Boolean")["boolval"].boolean())
            continue;
        for (const auto &a : kAttributes) {
            if (option["defname"].str() == a.defname) {
                granted += (granted.empty() ? "" : ", ") + std::string(a.keyword);
                effects += (effects.empty() ? "" : ", ") + std::string(a.effect);
                if (!first)
                    first = o;
            }
        }
    }
    if (granted.empty())
        return;
    ctx.report(std::string(create ? "CREATE ROLE " : "ALTER ROLE ") + role + " grants " + granted +
                   ": the role " + effects,
               first);
}

} // namespace

extern const Rule privilegedRoleAttributes{
    "privileged-role-attributes",
    Severity::Error,
    false,
    "CREATE/ALTER ROLE with SUPERUSER, CREATEROLE, CREATEDB, BYPASSRLS or REPLICATION.",
    "These attributes put a role above the permission system: SUPERUSER skips every check, BYPASSRLS ignores "
    "row-level security, CREATEROLE can grant itself most other roles, REPLICATION can read every row "
    "through a "
    "replication slot. A migration should not hand them out. Give the role only the object privileges it "
    "needs, "
    "and let an administrator grant elevated attributes outside the migration history.",
    check,
    nullptr};

} // namespace sluice::review::rules
